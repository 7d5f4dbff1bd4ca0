/**
 * Why an upload was refused, as a stable code (the upload route maps them to HTTP statuses and the
 * widget to a sentence): `too_large` (more bytes than the cap), `unsupported_type` (bytes of no
 * allowed image type: SVG, HTML, executables, PDFs, text …), `polyglot` (an image that is also
 * markup or script), `too_many_pixels` (a decompression bomb or just too big a canvas), `corrupt`
 * (truncated or undecodable), `busy` (the node's decode queue is full: retry shortly).
 */
export type ImageRefusalCode =
  | 'too_large'
  | 'unsupported_type'
  | 'polyglot'
  | 'too_many_pixels'
  | 'corrupt'
  | 'busy';

/**
 * An upload refused by the intake, with a stable `code` and a message that may be shown to the
 * person who sent it (it names limits and types, never paths or library internals).
 * @example
 * const result = await processImage(bytes);
 * if (!result.ok) return reply(result.error.code === 'too_large' ? 413 : 415, result.error.message);
 */
export class ImageRefusal extends Error {
  readonly code: ImageRefusalCode;
  constructor(code: ImageRefusalCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ImageRefusal';
    this.code = code;
  }
}
