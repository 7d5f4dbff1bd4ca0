import { describe, expect, it } from 'vitest';
import type { ClassifiableImage, ClassifyImagePlugin } from '../seams/classify-image.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { pluginContext } from '../testing/plugin-context.ts';
import { runClassifyImage } from './run-classify-image.ts';

const image: ClassifiableImage = {
  id: 'img_1',
  bytes: new Uint8Array(3),
  mediaType: 'image/jpeg',
  width: 1,
  height: 1,
};
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('runClassifyImage', () => {
  it('returns the label and confidence, dropping anything else the plug-in added', async () => {
    const plugin: ClassifyImagePlugin = async () =>
      ({ label: 'damaged', confidence: 0.93, raw: 'x' }) as { label: string; confidence: number };
    expect(
      await runClassifyImage(plugin, image, pluginContext, { timeoutMs: 1000, clock: new ManualClock() }),
    ).toEqual({
      ok: true,
      value: { label: 'damaged', confidence: 0.93 },
    });
  });

  it('passes on null, "cannot tell"', async () => {
    expect(
      await runClassifyImage(async () => null, image, pluginContext, {
        timeoutMs: 1000,
        clock: new ManualClock(),
      }),
    ).toEqual({ ok: true, value: null });
  });

  it.each([
    { label: 'damaged', confidence: 1.5 },
    { label: 'damaged', confidence: Number.NaN },
    { label: '', confidence: 0.5 },
    { label: 'Damaged Goods!', confidence: 0.5 },
    { confidence: 0.5 },
  ])('counts %j as a failed plug-in', async (answer) => {
    const plugin = (async () => answer) as unknown as ClassifyImagePlugin;
    const result = await runClassifyImage(plugin, image, pluginContext, {
      timeoutMs: 1000,
      clock: new ManualClock(),
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'plugin_failed' } });
  });

  it('aborts the signal and fails when the plug-in runs past its timeout', async () => {
    const clock = new ManualClock();
    let signal: AbortSignal | undefined;
    const running = runClassifyImage(
      (_image, ctx) => {
        signal = ctx.signal;
        return new Promise(() => {});
      },
      image,
      pluginContext,
      { timeoutMs: 5000, clock },
    );
    await settle();
    expect(signal?.aborted).toBe(false);
    clock.advance(5000);
    expect(await running).toMatchObject({
      ok: false,
      error: { code: 'plugin_failed', message: /within 5000 ms/ },
    });
    expect(signal?.aborted).toBe(true);
  });
});
