/** The image types the intake accepts, decided by their first bytes (never by name or header). */
export type ImageType = 'jpeg' | 'png' | 'gif' | 'webp' | 'avif' | 'heic';

const ascii = (bytes: Uint8Array, start: number, end: number) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', start, end);

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  bytes.byteLength >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);

/** ISO base media (HEIF) brands: AVIF is AV1 inside HEIF; HEIC is HEVC inside HEIF. */
const AVIF_BRANDS = new Set(['avif', 'avis']);
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx']);

/**
 * The image type of `bytes` by its magic number, or null. HEIF files are told apart by their
 * `ftyp` brands, major first, then the compatible ones (a `mif1` file lists `avif` or `heic`).
 * @example
 * sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0])) // 'jpeg'
 */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (bytes.byteLength >= 6 && /^GIF8[79]a$/.test(ascii(bytes, 0, 6))) return 'gif';
  if (bytes.byteLength >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP')
    return 'webp';
  if (bytes.byteLength >= 16 && ascii(bytes, 4, 8) === 'ftyp') {
    const boxSize = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readUInt32BE(0);
    const end = Math.min(boxSize, bytes.byteLength, 256);
    const brands = [ascii(bytes, 8, 12)];
    for (let at = 16; at + 4 <= end; at += 4) brands.push(ascii(bytes, at, at + 4));
    if (brands.some((b) => AVIF_BRANDS.has(b))) return 'avif';
    if (brands.some((b) => HEIC_BRANDS.has(b))) return 'heic';
  }
  return null;
}

/**
 * What bytes that are no allowed image look like, for the refusal's message: the dangerous kinds
 * by name (a person who sent an SVG learns that SVG is not accepted), the rest as unknown.
 */
export function describeUnknownBytes(bytes: Uint8Array): string {
  const head = ascii(bytes, 0, Math.min(bytes.byteLength, 512)).replace(/^\uFEFF|^\xEF\xBB\xBF/, '');
  // A comment's body may not contain `-->`: with a lazy `[\s\S]*?` each run of comments could be
  // split in 2^n ways, and 512 bytes of `<!---->` held the hub's thread for ever.
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--(?:(?!-->)[\s\S])*-->\s*)*<svg[\s>]/i.test(head)) return 'an SVG image';
  if (/^\s*<(!doctype\s+html|html|head|body|script|iframe)[\s>]/i.test(head)) return 'an HTML document';
  if (/^\s*</.test(head)) return 'an XML or HTML document';
  if (startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46])) return 'an executable (ELF)';
  if (startsWith(bytes, [0x4d, 0x5a])) return 'an executable (Windows PE)';
  if (
    [
      [0xfe, 0xed, 0xfa, 0xce],
      [0xfe, 0xed, 0xfa, 0xcf],
      [0xcf, 0xfa, 0xed, 0xfe],
      [0xca, 0xfe, 0xba, 0xbe],
    ].some((m) => startsWith(bytes, m))
  )
    return 'an executable (Mach-O)';
  if (head.startsWith('#!')) return 'a script';
  if (head.startsWith('%PDF-')) return 'a PDF document';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'a ZIP archive';
  if (bytes.byteLength === 0) return 'an empty file';
  return 'a file of unknown type';
}

/**
 * Markup or script inside an image: what makes a file both a picture and a page or a script
 * (a JPEG with `<script>` in a comment, a GIF whose header opens a JavaScript comment). The intake
 * re-encodes every image, so what it serves never carries these bytes; refusing them anyway makes
 * a hostile upload visible as such instead of silently cleaned. XMP metadata (`<?xpacket`,
 * `<x:xmpmeta`, `<rdf:RDF>`) is markup too and common in phone photos, so it is not matched.
 * Every marker is long enough (four letters or more and a delimiter) that compressed pixels match
 * it by chance about once in a hundred thousand 10 MB files or less; shorter tags (`<svg`, `<img`)
 * would refuse real photos.
 */
const MARKUP = /<(?:script|iframe|object|embed|html|body)[\s>/]|<\?php\s|<!doctype\s+html|javascript:/i;

/**
 * What makes `bytes` (of sniffed `type`) a polyglot, or null. Besides markup anywhere in the file,
 * a GIF whose logical screen width is the bytes `/*` (0x2F 0x2A) is the classic GIF/JavaScript
 * polyglot: `GIF89a/*…*\/=alert(1)` runs as a script where served as one.
 */
export function findPolyglot(bytes: Uint8Array, type: ImageType): string | null {
  if (type === 'gif' && bytes[6] === 0x2f && bytes[7] === 0x2a)
    return 'a GIF that opens a JavaScript comment';
  const match = MARKUP.exec(ascii(bytes, 0, bytes.byteLength));
  return match ? `markup (${JSON.stringify(match[0].slice(0, 12))}) inside the image` : null;
}
