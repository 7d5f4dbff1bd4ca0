import { readFile, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseYaml } from '../parse-yaml.ts';
import { syntaxErrorLine } from '../syntax-error-line.ts';
import { type KnowledgeBase, KnowledgeBaseError, parseKnowledgeBase } from './knowledge-base.ts';
import { parseKnowledgeBaseCsv } from './knowledge-base-csv.ts';
import { decodeKnowledgeBaseBytes } from './knowledge-base-encoding.ts';
import { editYamlKnowledgeBase } from './knowledge-base-yaml.ts';

/** The formats a knowledge base may be written in; `tsv` is CSV separated by tabs. */
export type KnowledgeBaseFormat = 'json' | 'csv' | 'tsv' | 'yaml';

const BY_EXTENSION: Record<string, KnowledgeBaseFormat> = {
  '.json': 'json',
  '.csv': 'csv',
  // Tab-separated (Google Sheets' and Numbers' export).
  '.tsv': 'tsv',
  '.yaml': 'yaml',
  '.yml': 'yaml',
};

/**
 * Parses a knowledge base written in `format`. Node-only (kept out of `faq/index.ts`, as the YAML
 * parser has no place in a browser bundle). Throws {@link KnowledgeBaseError} naming the entry and
 * field, also for text that is not JSON or YAML at all.
 */
export function parseKnowledgeBaseAs(format: KnowledgeBaseFormat, text: string): KnowledgeBase {
  if (format === 'csv') return parseKnowledgeBaseCsv(text);
  if (format === 'tsv') return parseKnowledgeBaseCsv(text, '\t');
  let data: unknown;
  // A BOM is what Windows editors put first; neither parser wants it.
  const body = text.replace(/^\uFEFF/, '');
  try {
    data = format === 'json' ? JSON.parse(body) : parseYaml(body);
  } catch (error) {
    throw new KnowledgeBaseError([
      { path: '', message: `not valid ${format.toUpperCase()}: ${syntaxErrorLine(error, body)}` },
    ]);
  }
  return parseKnowledgeBase(data);
}

/** The format a file name says (`.json`, `.csv`/`.tsv`, `.yaml`/`.yml`); a KnowledgeBaseError for any other. */
export function knowledgeBaseFormatOf(fileName: string): KnowledgeBaseFormat {
  const ext = extname(fileName).toLowerCase();
  const format = BY_EXTENSION[ext];
  if (!format)
    throw new KnowledgeBaseError([
      {
        path: '',
        message: `unknown format "${ext || fileName}": use ${Object.keys(BY_EXTENSION).join(', ')}${ext === '.txt' ? ' (Excel\'s "Unicode Text" is tab-separated: rename the file .tsv)' : ''}`,
      },
    ]);
  return format;
}

/** Parses a knowledge base in the format its file name says (`.json`, `.csv`/`.tsv`, `.yaml`/`.yml`). */
export function parseKnowledgeBaseText(fileName: string, text: string): KnowledgeBase {
  return parseKnowledgeBaseAs(knowledgeBaseFormatOf(fileName), text);
}

/**
 * Reads and parses a knowledge-base file (see {@link parseKnowledgeBaseText}); its bytes are read as
 * {@link decodeKnowledgeBaseBytes} says (UTF-8, or UTF-16 with its byte-order mark; GBK refused).
 */
export async function readKnowledgeBaseFile(file: string): Promise<KnowledgeBase> {
  const format = knowledgeBaseFormatOf(file);
  return parseKnowledgeBaseAs(format, decodeKnowledgeBaseBytes(await readFile(file), file));
}

/**
 * What keeps the back office's edits (the HTTP API, approved proposals) in a knowledge-base file:
 * an `onChange` writing JSON afresh and YAML in place (the merchant's comments and layout stay).
 * Undefined for a CSV or TSV, which would lose its columns' layout and the merchant's own columns:
 * edits to those live until the hub stops.
 * @example
 * const onChange = knowledgeBaseFileWriter('faq.yaml');
 * createHub({ ..., knowledgeBase: { base, engine, ...(onChange && { onChange }) } });
 */
export function knowledgeBaseFileWriter(file: string): ((kb: KnowledgeBase) => Promise<void>) | undefined {
  const format = knowledgeBaseFormatOf(file);
  if (format === 'csv' || format === 'tsv') return undefined;
  return async (next) =>
    writeFile(
      file,
      format === 'json'
        ? `${JSON.stringify(next, null, 2)}\n`
        : editYamlKnowledgeBase(await readFile(file, 'utf8'), next),
    );
}
