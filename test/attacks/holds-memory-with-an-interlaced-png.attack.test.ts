import { describe, expect, it } from 'vitest';
import { interlacedPng } from '../../packages/sdk/src/images/test-fixtures.ts';
import { rawSocket } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { SHOP_ORIGIN, startHubProcess } from './hub-process.ts';

// Finding (outside attack pass, 2026-12-06): libvips decodes a photo a band of rows at a time (a
// baseline 50 MP JPEG: +45 MB), except a progressive JPEG, whose coefficients libjpeg keeps for every
// scan, and an interlaced PNG, whose seven passes fill the whole image. A 592 KB interlaced 16-bit
// RGBA PNG of 7,000 × 7,000 took +476 MB of the hub's memory (a 586 KB progressive JPEG of 50 MP,
// +328 MB), and two decode at once: a shopper's two uploads in flight nearly a GB, where the docs
// counted ~65 MB a decode. Such files are now refused (413) past 128 MB of whole decode.

describe('an attacker holds the hub’s memory with an interlaced PNG', () => {
  it('gets 413 too_many_pixels before any decoding', async () => {
    const hub = await startHubProcess({ plugins: { images: 'folder' } });
    const shopper = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
    shopper.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: 'interlaced-sender' });
    const { conversation, session } = (await shopper.next('welcome')) as unknown as {
      conversation: { id: string };
      session: string;
    };
    const png = await interlacedPng(7000, 7000);
    expect(png.byteLength).toBeLessThan(1_000_000);
    const res = await fetch(`${hub.httpUrl}/api/v1/uploads?conversation=${conversation.id}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session}`, origin: SHOP_ORIGIN, 'content-type': 'image/png' },
      body: new Uint8Array(png),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'frame_too_large',
      message: expect.stringContaining(
        'too_many_pixels: the interlaced PNG of 7000 × 7000 pixels is decoded whole',
      ),
    });
    shopper.ws.close();
  });
});
