import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { type KnowledgeBase, KnowledgeBaseError, parseKnowledgeBase } from './knowledge-base.ts';
import { parseKnowledgeBaseCsv } from './knowledge-base-csv.ts';

/** The knowledge-base formats a file may be in, by extension. */
export const KNOWLEDGE_BASE_EXTENSIONS = ['.json', '.csv', '.yaml', '.yml'] as const;

/**
 * Parses a knowledge base in the format its file name says (`.json`, `.csv`, `.yaml`/`.yml`).
 * Node-only (kept out of `faq/index.ts`, as the YAML parser has no place in a browser bundle).
 * Throws {@link KnowledgeBaseError} naming the entry and field, also for text that is not JSON/YAML.
 */
export function parseKnowledgeBaseText(fileName: string, text: string): KnowledgeBase {
  const ext = extname(fileName).toLowerCase();
  if (ext === '.csv') return parseKnowledgeBaseCsv(text);
  if (!(KNOWLEDGE_BASE_EXTENSIONS as readonly string[]).includes(ext))
    throw new KnowledgeBaseError([
      {
        path: '',
        message: `unknown format "${ext || fileName}": use ${KNOWLEDGE_BASE_EXTENSIONS.join(', ')}`,
      },
    ]);
  let data: unknown;
  try {
    const body = text.replace(/^\uFEFF/, '');
    data = ext === '.json' ? JSON.parse(body) : parseYaml(body);
  } catch (error) {
    throw new KnowledgeBaseError([
      { path: '', message: `not valid ${ext === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message}` },
    ]);
  }
  return parseKnowledgeBase(data);
}

/** Reads and parses a knowledge-base file (see {@link parseKnowledgeBaseText}). */
export async function readKnowledgeBaseFile(file: string): Promise<KnowledgeBase> {
  return parseKnowledgeBaseText(file, await readFile(file, 'utf8'));
}
