import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { countJpegScans, MAX_JPEG_SCANS } from './jpeg-scans.ts';
import { jpegWithGps, noiseJpeg, progressiveScanBomb } from './test-fixtures.ts';

const colour = (progressive: boolean, mozjpeg = false) =>
  sharp({ create: { width: 300, height: 200, channels: 3, background: '#3a6' } })
    .jpeg({ progressive, mozjpeg })
    .toBuffer();

describe('countJpegScans', () => {
  it('counts one scan in a baseline JPEG, metadata segments and noisy entropy data included', async () => {
    expect(countJpegScans(await colour(false))).toBe(1);
    expect(countJpegScans(await jpegWithGps(64, 48))).toBe(1);
    // Random pixels: entropy-coded data full of stuffed 0xFF 0x00 pairs.
    expect(countJpegScans(await noiseJpeg(256, 256))).toBe(1);
  });

  it("counts the scans of libjpeg's and mozjpeg's progressive scripts, far under the limit", async () => {
    const libjpeg = countJpegScans(await colour(true));
    const mozjpeg = countJpegScans(await colour(true, true));
    expect(libjpeg).toBe(10);
    expect(mozjpeg).toBeGreaterThan(1);
    expect(Math.max(libjpeg, mozjpeg)).toBeLessThan(MAX_JPEG_SCANS / 5);
  });

  it('stops counting once past the limit, and at bytes that are no JPEG', () => {
    const bomb = progressiveScanBomb(64);
    expect(countJpegScans(bomb, 1_000)).toBe(883);
    expect(countJpegScans(bomb)).toBe(MAX_JPEG_SCANS + 1);
    // Cut short: the scans that begin in what is there.
    expect(countJpegScans(bomb.subarray(0, 200))).toBe(5);
    expect(countJpegScans(Buffer.from([0xff, 0xd8, 0x00, 0x01]))).toBe(0);
  });
});
