/**
 * Scans a JPEG may have. A progressive JPEG is decoded scan by scan, each a pass over every block
 * of its components: encoders write 1 (baseline) to about 10 (libjpeg's and mozjpeg's progressive
 * scripts), but the format allows 883 per component, a few dozen bytes each. At 49 MP such a file
 * of 174 KB held one of libuv's 4 threads for 23 s (greyscale; colour three times that), where the
 * same picture in 6 scans took 0.5 s: what `maxPixels` bounds for the canvas, this bounds for the passes.
 */
export const MAX_JPEG_SCANS = 100;

/**
 * How many scans (SOS segments) `bytes` holds, counted up to `stopAfter + 1`: a walk over the
 * segments that skips each scan's entropy-coded data to the next marker, reading nothing else.
 * Bytes that are no well-formed JPEG end the count where they stop making sense (the decoder says
 * the rest).
 * @example
 * countJpegScans(await sharp(input).jpeg({ progressive: true }).toBuffer()); // 10
 */
export function countJpegScans(bytes: Uint8Array, stopAfter = MAX_JPEG_SCANS): number {
  let scans = 0;
  let at = 2; // after SOI
  while (at + 1 < bytes.length && scans <= stopAfter) {
    if (bytes[at] !== 0xff) return scans;
    const marker = bytes[at + 1]!;
    // Fill bytes before a marker; RSTn, TEM and SOI have no length.
    if (marker === 0xff || (marker >= 0xd0 && marker <= 0xd8) || marker === 0x01) {
      at += marker === 0xff ? 1 : 2;
      continue;
    }
    if (marker === 0xd9 || at + 3 >= bytes.length) return scans; // EOI, or cut short
    at += 2 + ((bytes[at + 2]! << 8) | bytes[at + 3]!);
    if (marker !== 0xda) continue;
    scans++;
    // Entropy-coded data runs to the next 0xFF that is neither a stuffed 0x00 nor a restart marker.
    for (;;) {
      const ff = bytes.indexOf(0xff, at);
      if (ff < 0) return scans;
      const next = bytes[ff + 1];
      if (next === 0x00 || (next !== undefined && next >= 0xd0 && next <= 0xd7)) at = ff + 2;
      else {
        at = ff;
        break;
      }
    }
  }
  return scans;
}
