import { describe, expect, it } from 'vitest';
import { dataUrlBlob, encodingFor, fitWithin, KEEP_BYTES, MAX_SIDE } from './downscale.ts';

describe('downscaling a photo before upload', () => {
  it('scales the longest side down to 2048 px, keeping the aspect ratio', () => {
    expect(fitWithin(4032, 3024)).toEqual({ width: 2048, height: 1536 });
    expect(fitWithin(3024, 4032)).toEqual({ width: 1536, height: 2048 });
    expect(fitWithin(10_000, 10)).toEqual({ width: 2048, height: 2 });
  });

  it('never enlarges, and never rounds a side to zero', () => {
    expect(fitWithin(640, 480)).toEqual({ width: 640, height: 480 });
    expect(fitWithin(2048, 2048)).toEqual({ width: 2048, height: 2048 });
    expect(fitWithin(100_000, 1)).toEqual({ width: 2048, height: 1 });
  });

  it('sends small PNG, GIF, JPEG and WebP files as they are', () => {
    for (const type of ['image/png', 'image/gif', 'image/jpeg', 'image/webp'])
      expect(encodingFor(type, KEEP_BYTES, MAX_SIDE, 100)).toBe('keep');
  });

  it('re-encodes large or oversized photos: JPEG, or WebP where transparency may matter', () => {
    expect(encodingFor('image/jpeg', KEEP_BYTES + 1, 800, 600)).toBe('image/jpeg');
    expect(encodingFor('image/jpeg', 300_000, MAX_SIDE + 1, 600)).toBe('image/jpeg');
    expect(encodingFor('image/png', 5_000_000, 1200, 900)).toBe('image/webp');
    expect(encodingFor('image/gif', 100, 4000, 10)).toBe('image/webp');
  });

  it('re-encodes what the hub may not read (HEIC from Safari, BMP) even when small', () => {
    expect(encodingFor('image/heic', 1000, 100, 100)).toBe('image/jpeg');
    expect(encodingFor('image/bmp', 1000, 100, 100)).toBe('image/jpeg');
    expect(encodingFor('', 1000, 100, 100)).toBe('image/jpeg');
  });

  it('turns a data: URL back into the bytes and type to upload', async () => {
    const blob = dataUrlBlob(`data:image/png;base64,${btoa('\x89PNG\r\n')}`);
    expect(blob.type).toBe('image/png');
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([0x89, 0x50, 0x4e, 0x47, 13, 10]);
  });
});
