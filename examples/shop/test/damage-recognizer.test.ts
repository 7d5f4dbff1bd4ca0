import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { recognizeDamagedParcel } from '../src/damage-recognizer.ts';
import { samplePhoto } from '../src/sample-photos.ts';

const ctx = {} as Parameters<typeof recognizeDamagedParcel>[1];
const image = (bytes: Buffer) => ({ id: 'i1', bytes, mediaType: 'image/jpeg', width: 480, height: 360 });

describe('the demo recognizer', () => {
  it('labels a creased, torn cardboard box as damaged', async () => {
    const result = await recognizeDamagedParcel(image(await samplePhoto('damaged')), ctx);
    expect(result?.label).toBe('damaged');
    expect(result?.confidence).toBeGreaterThan(0.6);
  });

  it('cannot tell for an intact box or a photo of something else', async () => {
    expect(await recognizeDamagedParcel(image(await samplePhoto('intact')), ctx)).toBeNull();
    const shirt = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#2b3a55' } })
      .jpeg()
      .toBuffer();
    expect(await recognizeDamagedParcel(image(shirt), ctx)).toBeNull();
  });
});
