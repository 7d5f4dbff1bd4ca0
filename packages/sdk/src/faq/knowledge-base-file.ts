import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { type KnowledgeBase, KnowledgeBaseError, parseKnowledgeBase } from './knowledge-base.ts';
import { parseKnowledgeBaseCsv } from './knowledge-base-csv.ts';

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
  try {
    // A BOM is what Windows editors put first; neither parser wants it.
    const body = text.replace(/^\uFEFF/, '');
    data = format === 'json' ? JSON.parse(body) : parseYaml(body);
  } catch (error) {
    throw new KnowledgeBaseError([
      { path: '', message: `not valid ${format.toUpperCase()}: ${(error as Error).message}` },
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
        message: `unknown format "${ext || fileName}": use ${Object.keys(BY_EXTENSION).join(', ')}`,
      },
    ]);
  return format;
}

/** Parses a knowledge base in the format its file name says (`.json`, `.csv`/`.tsv`, `.yaml`/`.yml`). */
export function parseKnowledgeBaseText(fileName: string, text: string): KnowledgeBase {
  return parseKnowledgeBaseAs(knowledgeBaseFormatOf(fileName), text);
}

/**
 * Reads and parses a knowledge-base file (see {@link parseKnowledgeBaseText}). The file must be UTF-8:
 * Excel's plain "CSV" on a Chinese Windows writes GBK, which read as UTF-8 turns every question into
 * replacement characters that parse fine and match nothing, so the hub would swap its knowledge base
 * for garbage. Such a file is refused, as the HTTP import refuses such a body.
 */
export async function readKnowledgeBaseFile(file: string): Promise<KnowledgeBase> {
  const format = knowledgeBaseFormatOf(file);
  const bytes = await readFile(file);
  // UTF-16 with its byte-order mark is unambiguous (Excel's "Unicode Text", Notepad's "Unicode"): read
  // it rather than refuse it as "not UTF-8".
  const encoding =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? 'utf-16le'
      : bytes[0] === 0xfe && bytes[1] === 0xff
        ? 'utf-16be'
        : 'utf-8';
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new KnowledgeBaseError([
      {
        path: '',
        message: `${file} is not UTF-8 text: save it as UTF-8 (in Excel "CSV UTF-8"; its plain "CSV" writes the computer's local encoding, such as GBK)`,
      },
    ]);
  }
  return parseKnowledgeBaseAs(format, text);
}
