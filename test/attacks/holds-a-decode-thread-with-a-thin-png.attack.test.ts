import { describe, expect, it } from 'vitest';
import { blackPng } from '../../packages/sdk/src/images/test-fixtures.ts';
import { startHubProcess } from './hub-process.ts';
import { photoUploader } from './photo-uploader.ts';

// Finding (outside attack pass, 2026-12-06): libvips pays ~0.15 µs for each row of an image besides
// its pixels. A PNG of 1 × 49,000,000 black pixels is 95 KB and within the 50-megapixel cap, and its
// decode held a libuv thread 7 s on an idle core (7,000 × 7,000 took 0.4 s); two of them took both of
// the node's decode slots for longer than an upload waits for one, so other shoppers' photos got 429.
// A side over 65,535 pixels (JPEG's and GIF's own limit) is now refused before decoding.

describe('an attacker holds a decode thread with a PNG one pixel wide', () => {
  it('gets 413 too_many_pixels at once, and a tall screenshot is still taken', async () => {
    const hub = await startHubProcess({ plugins: { images: 'folder' } });
    const { shopper, upload } = await photoUploader(hub, 'thin-png-sender');
    const thin = blackPng(1, 49_000_000);
    expect(thin.byteLength).toBeLessThan(100_000);
    const refused = await upload(thin);
    expect(refused.status).toBe(413);
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: 'frame_too_large',
      message: 'too_many_pixels: the image is 1 × 49000000 pixels; each side must be at most 65,535',
    });
    // A long scrolling screenshot, a phone's width and 40,000 rows, goes through as ever.
    const screenshot = await upload(blackPng(1080, 40_000));
    expect(screenshot.status).toBe(201);
    shopper.ws.close();
  });
});
