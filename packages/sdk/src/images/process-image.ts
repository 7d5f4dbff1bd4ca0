import type { Sharp, SharpOptions } from 'sharp';
import { ImageRefusal } from './image-refusal.ts';
import { describeUnknownBytes, findPolyglot, type ImageType, sniffImageType } from './image-type.ts';
import { countJpegScans, MAX_JPEG_SCANS } from './jpeg-scans.ts';
import { formatBytes } from './read-capped.ts';

/** The media types the intake writes: every stored image is one of these, whatever came in. */
export type StoredImageType = 'image/jpeg' | 'image/webp';

export interface ProcessedImage {
  bytes: Buffer;
  mediaType: StoredImageType;
  width: number;
  height: number;
  /** `bytes.byteLength`. */
  size: number;
}

export type ImageIntakeResult =
  | { ok: true; image: ProcessedImage; thumbnail: ProcessedImage; source: ImageType }
  | { ok: false; error: ImageRefusal };

export interface ImageIntakeOptions {
  /** Largest upload accepted, in bytes (default 10 MB). */
  maxBytes?: number;
  /**
   * Largest canvas decoded, width × height (default 50 megapixels): the decompression-bomb cap.
   * 50 takes a phone's full-resolution photo (48–50 MP sensors, e.g. 8160 × 6120) rather than
   * refusing the shopper's proof of damage; the decode queue, not this cap, bounds the node's load.
   */
  maxPixels?: number;
  /** Longest side of the stored image (default 2048): larger ones are scaled down. */
  maxDimension?: number;
  /** Longest side of the thumbnail (default 320). */
  thumbnailSize?: number;
  /** JPEG and WebP quality, 1–100 (default 82). */
  quality?: number;
}

export const IMAGE_INTAKE_DEFAULTS: Readonly<Required<ImageIntakeOptions>> = Object.freeze({
  maxBytes: 10 * 1024 * 1024,
  maxPixels: 50_000_000,
  maxDimension: 2048,
  thumbnailSize: 320,
  quality: 82,
});

/**
 * Longest side decoded, in pixels: JPEG's and GIF's own limit, past a long screenshot's. libvips pays
 * ~0.15 µs a row besides the pixels, so a PNG of 1 × 49,000,000 (95 KB, within the pixel cap) held a
 * decode thread 7 s on an idle core, where 7,000 × 7,000 took 0.4 s.
 */
export const MAX_IMAGE_SIDE = 65_535;

/**
 * Most memory a decode that holds the whole image may take. libvips decodes a band of rows at a time,
 * except a progressive JPEG (libjpeg keeps every block's coefficients, 2 bytes a sample, for the next
 * scan), an interlaced PNG (its seven passes fill the whole image), a GIF (its frame is drawn on a
 * canvas of the whole image: ~6 bytes a pixel) and AVIF or HEIC (libheif decodes the whole image, its
 * planes and their conversions: ~20 bytes a pixel). Measured: a 50 MP progressive
 * JPEG of 586 KB took +328 MB, an interlaced 16-bit RGBA PNG of 7,000 × 7,000 (592 KB) +476 MB, an
 * AVIF of that size (2.2 KB) +916 MB and 12-bit +1,175 MB, a GIF (33 KB) +273 MB, where a baseline
 * 50 MP JPEG takes +45 MB.
 * The widget sends photos at 2,048 px at most; these come from other clients.
 */
export const MAX_WHOLE_DECODE_BYTES = 256 * 1024 * 1024;

/** What a decode that holds the whole image takes at once (an estimate); 0 for one decoded in bands. */
function wholeDecodeBytes(
  source: ImageType,
  header: { width?: number; height?: number; channels?: number; depth?: string; isProgressive?: boolean },
): number {
  const pixels = (header.width ?? 0) * (header.height ?? 0);
  const wide = header.depth === 'ushort';
  if (source === 'avif' || source === 'heic') return pixels * (wide ? 30 : 20);
  if (source === 'gif') return pixels * 6;
  if (!header.isProgressive || (source !== 'jpeg' && source !== 'png')) return 0;
  return pixels * (header.channels ?? 4) * (source === 'jpeg' || wide ? 2 : 1);
}

/** How a file decoded whole is named in its refusal, and what to send instead. */
const WHOLE_DECODE_NAME: Partial<Record<ImageType, [string, string]>> = {
  jpeg: ['progressive JPEG', 'as an ordinary (baseline) JPEG'],
  png: ['interlaced PNG', 'as an ordinary (non-interlaced) PNG'],
  gif: ['GIF', 'as a JPEG or PNG'],
  avif: ['AVIF', 'as a JPEG'],
  heic: ['HEIC', 'as a JPEG'],
};

type SharpFactory = (input: Buffer, options: SharpOptions) => Sharp;
let loading: Promise<SharpFactory> | undefined;

/**
 * sharp (an optional peer dependency) is loaded on the first image, so a hub without photos never
 * loads libvips. Its operation cache is turned off: it would keep other shoppers' decoded images in
 * memory after their request, and after an erasure.
 */
function loadSharp(): Promise<SharpFactory> {
  loading ??= import('sharp').then(
    ({ default: sharp }) => {
      sharp.cache(false);
      return sharp;
    },
    (cause: unknown) => {
      loading = undefined;
      throw new Error('processImage needs sharp: npm install sharp', { cause });
    },
  );
  return loading;
}

/**
 * Checks and re-encodes an uploaded image: the type by its bytes (JPEG, PNG, GIF, WebP, AVIF, and
 * HEIC where libvips has an HEVC decoder), then a pixel cap read from the header before anything
 * is decoded, then decoded (the first frame of an animation), turned upright by its EXIF
 * orientation, scaled to `maxDimension` and a thumbnail, and written anew without any metadata
 * (EXIF, GPS, XMP, ICC: sharp writes none unless asked). Serving only re-encoded bytes is what makes
 * a polyglot or a hostile file harmless; the checks before it refuse them with a clear code.
 *
 * Output: JPEG for opaque images; WebP for images with real transparency (a product cut-out, a
 * sticker). Not PNG for those: a photo-like PNG is several times the bytes of a WebP with alpha,
 * which costs the shopper's data plan, and every browser the widget supports decodes WebP. JPEG stays
 * the default for the rest because mail clients and exports read it everywhere.
 * @example
 * const result = await processImage(await readCapped(request, IMAGE_INTAKE_DEFAULTS.maxBytes));
 * if (!result.ok) return refuse(result.error.code, result.error.message);
 * await blobs.put(`c/${conversationId}/${imageId}/full`, result.image.bytes, { contentType: result.image.mediaType });
 */
export async function processImage(
  bytes: Uint8Array,
  options: ImageIntakeOptions = {},
): Promise<ImageIntakeResult> {
  const limits = resolveIntakeOptions(options);
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const refuse = (code: ImageRefusal['code'], message: string, cause?: unknown): ImageIntakeResult => ({
    ok: false,
    error: new ImageRefusal(code, message, cause === undefined ? undefined : { cause }),
  });

  if (input.byteLength > limits.maxBytes)
    return refuse('too_large', `the file is larger than ${formatBytes(limits.maxBytes)}`);
  const source = sniffImageType(input);
  if (!source)
    return refuse(
      'unsupported_type',
      // Not HEIC in the list: the prebuilt sharp cannot decode most of them (see `unreadable`).
      `${describeUnknownBytes(input)} is not accepted: send a JPEG, PNG, GIF, WebP or AVIF photo`,
    );
  const polyglot = findPolyglot(input, source);
  if (polyglot) return refuse('polyglot', `the file is not accepted: ${polyglot}`);
  // Before any decoding: the cost of a progressive JPEG grows with its scans, which no header states.
  if (source === 'jpeg' && countJpegScans(input) > MAX_JPEG_SCANS)
    return refuse(
      'too_many_pixels',
      `the JPEG has over ${MAX_JPEG_SCANS} scans (progressive passes); at most ${MAX_JPEG_SCANS} scans are accepted`,
    );

  const sharp = await loadSharp();
  // `failOn: 'truncated'`: libvips otherwise pads a cut-off JPEG or PNG with grey and carries on.
  const open = () => sharp(input, { limitInputPixels: limits.maxPixels, failOn: 'truncated', pages: 1 });
  let width: number;
  let height: number;
  let format: string | undefined;
  let hasAlpha: boolean;
  let whole: number;
  try {
    // The header only (no pixel is decoded), without the cap, so a refusal can name the size.
    const header = await sharp(input, { limitInputPixels: false, pages: 1 }).metadata();
    ({ width, height, format, hasAlpha } = header);
    whole = wholeDecodeBytes(source, header);
  } catch (cause) {
    return (
      unreadable(source, cause) ?? refuse('corrupt', `the ${label(source)} image could not be read`, cause)
    );
  }
  if (!width || !height) return refuse('corrupt', `the ${label(source)} image has no size`);
  // `limitInputPixels` below guards the decoder too, should a header understate the size.
  if (width * height > limits.maxPixels)
    return refuse(
      'too_many_pixels',
      `the image is ${width} × ${height} pixels; at most ${formatPixels(limits.maxPixels)} are accepted`,
    );
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE)
    return refuse(
      'too_many_pixels',
      `the image is ${width} × ${height} pixels; each side must be at most ${MAX_IMAGE_SIDE.toLocaleString('en')}`,
    );
  if (whole > MAX_WHOLE_DECODE_BYTES)
    return refuse(
      'too_many_pixels',
      `the ${WHOLE_DECODE_NAME[source]?.[0]} of ${width} × ${height} pixels is decoded whole, ${formatBytes(whole)}; at most ${formatBytes(MAX_WHOLE_DECODE_BYTES)}: send it smaller, or ${WHOLE_DECODE_NAME[source]?.[1]}`,
    );
  if (format !== expectedFormat[source])
    return refuse('corrupt', `the file starts like ${label(source)} but does not decode as one`);

  try {
    // Decoded once, scaled to the stored size; the opacity check and the thumbnail read those pixels.
    // One step at a time, each on one libuv thread: decoding the upload twice at once (image and
    // thumbnail) held two threads per photo, and two photos all four (see decode-queue.ts).
    const scaled = await open()
      .autoOrient()
      .resize({
        width: limits.maxDimension,
        height: limits.maxDimension,
        fit: 'inside',
        withoutEnlargement: true,
      })
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const { width: w, height: h, channels } = scaled.info;
    const pixels = () => sharp(scaled.data, { raw: { width: w, height: h, channels } });
    // An alpha channel is often all opaque (screenshots, exported PNGs): only real transparency counts.
    const isOpaque = !hasAlpha || (await pixels().stats()).isOpaque;
    const encode = (pipeline: Sharp) =>
      pipeline[isOpaque ? 'jpeg' : 'webp']({
        quality: limits.quality,
        ...(isOpaque && { mozjpeg: true }),
      }).toBuffer({
        resolveWithObject: true,
      });
    const full = await encode(pixels());
    const side = limits.thumbnailSize;
    const thumb = await encode(
      pixels().resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true }),
    );
    const mediaType: StoredImageType = isOpaque ? 'image/jpeg' : 'image/webp';
    const described = ({ data, info }: typeof full): ProcessedImage => ({
      bytes: data,
      mediaType,
      width: info.width,
      height: info.height,
      size: data.byteLength,
    });
    return { ok: true, image: described(full), thumbnail: described(thumb), source };
  } catch (cause) {
    if (cause instanceof Error && /pixel limit/i.test(cause.message))
      return refuse('too_many_pixels', 'the image has too many pixels', cause);
    return (
      unreadable(source, cause) ??
      refuse('corrupt', `the ${label(source)} image is damaged or cut off`, cause)
    );
  }
}

/**
 * HEIC is HEVC inside HEIF, and the prebuilt sharp has no HEVC decoder (patents): libheif then
 * fails in ways that look like a damaged file. Whatever the cause, the useful answer to the sender
 * is the same, so any HEIC that does not decode is refused as a type this server cannot read.
 */
function unreadable(source: ImageType, cause: unknown): ImageIntakeResult | null {
  if (source !== 'heic') return null;
  return {
    ok: false,
    error: new ImageRefusal(
      'unsupported_type',
      'this server cannot read this HEIC photo: send it as a JPEG',
      {
        cause,
      },
    ),
  };
}

/** sharp's name for each sniffed type: both must agree, or the file only looks like its type. */
const expectedFormat: Record<ImageType, string> = {
  jpeg: 'jpeg',
  png: 'png',
  gif: 'gif',
  webp: 'webp',
  avif: 'heif',
  heic: 'heif',
};

function formatPixels(pixels: number): string {
  return pixels >= 1e6 ? `${+(pixels / 1e6).toFixed(1)} megapixels` : `${pixels} pixels`;
}

function label(type: ImageType): string {
  return type === 'jpeg' ? 'JPEG' : type.toUpperCase();
}

function resolveIntakeOptions(options: ImageIntakeOptions): Required<ImageIntakeOptions> {
  const resolved = { ...IMAGE_INTAKE_DEFAULTS, ...options };
  for (const [name, min, max] of [
    ['maxBytes', 1, Number.MAX_SAFE_INTEGER],
    ['maxPixels', 1, Number.MAX_SAFE_INTEGER],
    ['maxDimension', 16, 16_383],
    ['thumbnailSize', 16, 16_383],
    ['quality', 1, 100],
  ] as const) {
    const value = resolved[name];
    if (!Number.isInteger(value) || value < min || value > max)
      throw new RangeError(
        `processImage: options.${name} must be an integer from ${min} to ${max}, got ${value}`,
      );
  }
  return resolved;
}
