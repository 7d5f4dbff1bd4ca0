import { KnowledgeBaseError } from './knowledge-base.ts';

/**
 * A knowledge base's bytes as text, from a file or an HTTP import alike: UTF-8 (with or without a
 * BOM), or UTF-16 with its byte-order mark (Excel's "Unicode Text", Notepad's "Unicode"), which is
 * unambiguous. Anything else is refused naming `source`: Excel's plain "CSV" on a Chinese Windows
 * writes GBK, which read as UTF-8 turns every question into replacement characters that parse fine
 * and match nothing, so the hub would swap its knowledge base for garbage. The BOM is kept for the
 * parsers, which skip it.
 * @example
 * const text = decodeKnowledgeBaseBytes(await readFile('faq.csv'), 'faq.csv');
 */
export function decodeKnowledgeBaseBytes(bytes: Uint8Array, source: string): string {
  const encoding =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? 'utf-16le'
      : bytes[0] === 0xfe && bytes[1] === 0xff
        ? 'utf-16be'
        : 'utf-8';
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new KnowledgeBaseError([
      {
        path: '',
        message: `${source} is not UTF-8 text: save it as UTF-8 (in Excel "CSV UTF-8"; its plain "CSV" writes the computer's local encoding, such as GBK)`,
      },
    ]);
  }
}
