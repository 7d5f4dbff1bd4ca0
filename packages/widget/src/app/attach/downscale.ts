/** The longest side of a photo the widget uploads: the hub stores at most this (its intake's `maxDimension`). */
export const MAX_SIDE = 2048;
/** A PNG, GIF, JPEG or WebP this small and within MAX_SIDE goes as it is: re-encoding would save little. */
export const KEEP_BYTES = 1024 * 1024;
/** JPEG and WebP quality of a re-encoded photo. */
const QUALITY = 0.85;

/**
 * The size of an image scaled down (never up) to fit `max` on its longest side.
 * @example
 * fitWithin(4032, 3024); // { width: 2048, height: 1536 }
 */
export function fitWithin(width: number, height: number, max = MAX_SIDE): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * How a picked file is sent: as it is (`keep`), or drawn on a canvas and encoded as JPEG, or as
 * WebP for PNG and GIF (which may be transparent, and JPEG has no alpha). Anything else a browser
 * can decode (HEIC on Safari, BMP, AVIF) is re-encoded, since the hub may not read it.
 * @example
 * encodingFor('image/png', 20_000, 640, 480); // 'keep'
 */
export function encodingFor(type: string, bytes: number, width: number, height: number) {
  if (/^image\/(jpeg|png|gif|webp)$/.test(type) && bytes <= KEEP_BYTES && Math.max(width, height) <= MAX_SIDE)
    return 'keep';
  return /png|gif/.test(type) ? 'image/webp' : 'image/jpeg';
}

const readAsDataUrl = (file: Blob) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });

/**
 * A picked photo as a `data:` URL ready to upload and to keep: scaled to MAX_SIDE in the browser,
 * so a 12-megapixel phone photo costs the shopper's data plan a few hundred kilobytes, not 5 MB.
 * Rejects when the browser cannot decode the file. The EXIF orientation is applied when drawing.
 */
export async function downscale(file: File): Promise<string> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const how = encodingFor(file.type, file.size, bitmap.width, bitmap.height);
  if (how === 'keep') {
    bitmap.close();
    return readAsDataUrl(file);
  }
  const { width, height } = fitWithin(bitmap.width, bitmap.height);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  // JPEG has no transparency: what was transparent becomes white, not black.
  if (how === 'image/jpeg') {
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
  }
  ctx.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  return canvas.toDataURL(how, QUALITY);
}

/** The bytes of a `data:` URL, for the upload (without `fetch`, which a page's CSP may forbid for `data:`). */
export function dataUrlBlob(dataUrl: string): Blob {
  const comma = dataUrl.indexOf(',');
  const binary = atob(dataUrl.slice(comma + 1));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: dataUrl.slice(5, dataUrl.indexOf(';')) });
}
