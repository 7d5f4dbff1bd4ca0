import type { ImageVariant } from './image-url.ts';

/** What a stored image is served as: only image types a browser renders and never runs. */
const SERVABLE: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/avif': 'avif',
};

export interface ImageResponseMeta {
  /** The stored media type (the blob's `contentType`). */
  mediaType: string;
  /** Byte length of the body. */
  size: number;
  imageId: string;
  variant: ImageVariant;
  /** How long the browser may keep it (e.g. until the URL expires); unset: revalidate every time. */
  maxAgeSeconds?: number;
}

/**
 * The headers to serve an image with. The stored media type only, and `nosniff`, so no browser
 * guesses HTML or script from the bytes; a CSP of `default-src 'none'; sandbox`, so that even an
 * image opened as a page can load and run nothing; `inline` with a plain file name, so it shows
 * rather than downloads; `private`, so no shared cache keeps a shopper's photo; a resource policy of
 * `cross-origin`, since the shop's pages and the agent console show it from other origins (also
 * under `Cross-Origin-Embedder-Policy: require-corp`): the signed URL is what guards it. Throws on a media
 * type that is not a raster image: a blob store holding `text/html` is a bug to stop, not to serve.
 * @example
 * response.writeHead(200, imageResponseHeaders({ mediaType: blob.contentType, size: blob.size, imageId, variant }));
 * blob.body.pipe(response);
 */
export function imageResponseHeaders(meta: ImageResponseMeta): Record<string, string> {
  const extension = SERVABLE[meta.mediaType];
  if (!extension) throw new TypeError(`refusing to serve ${JSON.stringify(meta.mediaType)} as an image`);
  if (!Number.isSafeInteger(meta.size) || meta.size < 0) throw new TypeError('size must be a byte count');
  // The id is ours, but it lands in a header: keep only characters that need no quoting.
  const name = `photo-${meta.imageId.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 100)}${meta.variant === 'thumb' ? '-thumb' : ''}.${extension}`;
  const maxAge = meta.maxAgeSeconds === undefined ? 0 : Math.max(0, Math.floor(meta.maxAgeSeconds));
  return {
    'Content-Type': meta.mediaType,
    'Content-Length': String(meta.size),
    'Content-Disposition': `inline; filename="${name}"`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': maxAge > 0 ? `private, max-age=${maxAge}` : 'private, no-cache',
    'Cross-Origin-Resource-Policy': 'cross-origin',
  };
}
