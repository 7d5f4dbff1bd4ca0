import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The shared datasets are read in place, never copied into the repository. */
export const datasetsRoot = path.resolve(repoRoot, '../shared/datasets');

export function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

export const dataset = (...parts: string[]) => path.join(datasetsRoot, ...parts);
export const ownSet = (name: string) => path.join(repoRoot, 'eval', 'sets', name);

/**
 * Our own sets are split by line: even lines (0, 2, 4, …) are `dev` (thresholds, tokeniser choice,
 * error reading), odd lines are `test` (every reported figure).
 */
export const isDev = (index: number) => index % 2 === 0;
export const devOf = <T>(rows: readonly T[]) => rows.filter((_, i) => isDev(i));
export const testOf = <T>(rows: readonly T[]) => rows.filter((_, i) => !isDev(i));

/** Bitext: the first 10 paraphrases of each intent are the dev split (the 10-shot track's shots). */
export const BITEXT_DEV_PER_INTENT = 10;

export interface BitextFaqRow {
  id: string;
  intent: string;
  question: string;
  answer: string;
  paraphrases: string[];
}
