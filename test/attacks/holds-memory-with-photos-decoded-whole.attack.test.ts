import { describe, expect, it } from 'vitest';
import { flatAvif, interlacedPng } from '../../packages/sdk/src/images/test-fixtures.ts';
import { startHubProcess } from './hub-process.ts';
import { photoUploader } from './photo-uploader.ts';

// Finding (outside attack pass, 2026-12-06): libvips decodes a photo a band of rows at a time (a
// baseline 50 MP JPEG: +45 MB), except a progressive JPEG (libjpeg keeps its coefficients for every
// scan), an interlaced PNG (its passes fill the whole image) and AVIF (libheif decodes it whole, with
// its planes and conversions). Within the 50 MP cap, a 2.2 KB AVIF of 7,000 × 7,000 took +916 MB of the
// hub's memory and 6 s, a 592 KB interlaced 16-bit PNG of that size +476 MB; two decode at once, where
// the docs counted ~65 MB a decode. Such files are now refused (413) past 256 MB of whole decode.

describe('an attacker holds the hub’s memory with small photos decoded whole', () => {
  it('gets 413 too_many_pixels before any decoding, for an AVIF and an interlaced PNG', async () => {
    const hub = await startHubProcess({ plugins: { images: 'folder' } });
    const { shopper, upload } = await photoUploader(hub, 'whole-decode-sender');
    for (const [file, named] of [
      [await flatAvif(7000, 7000), 'the AVIF of 7000 × 7000 pixels is decoded whole'],
      [await interlacedPng(7000, 7000), 'the interlaced PNG of 7000 × 7000 pixels is decoded whole'],
    ] as const) {
      expect(file.byteLength).toBeLessThan(1_000_000);
      const res = await upload(file);
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({
        code: 'frame_too_large',
        message: expect.stringContaining(`too_many_pixels: ${named}`),
      });
    }
    // An AVIF of a photo's usual size goes through as ever.
    expect((await upload(await flatAvif(2048, 2048))).status).toBe(201);
    shopper.ws.close();
  });
});
