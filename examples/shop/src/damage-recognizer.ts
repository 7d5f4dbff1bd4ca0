import type { ClassifyImagePlugin } from '@kefu/sdk/images';
import sharp from 'sharp';

/** Hue (degrees), saturation and value (0..1) of an RGB colour. */
function hsv(r: number, g: number, b: number): { h: number; s: number; v: number } {
  const max = Math.max(r, g, b);
  const d = max - Math.min(r, g, b);
  const h =
    d === 0
      ? 0
      : max === r
        ? 60 * (((g - b) / d + 6) % 6)
        : max === g
          ? 60 * ((b - r) / d + 2)
          : 60 * ((r - g) / d + 4);
  return { h, s: max === 0 ? 0 : d / max, v: max / 255 };
}

/** How rough the picture must be (sharp's Laplacian-based `sharpness`) to read as creased or torn. */
const ROUGH = 3;

/**
 * The demo's recognizer: a DEMO, not a model. It reads two real properties of the photo with
 * sharp's `stats()`: whether its dominant colour is cardboard (an orange-brown hue, moderately
 * saturated, neither dark nor washed out), and how much fine contrast it has (`sharpness`, from
 * a Laplacian: creases, tears and crumples are rough, an intact box face is smooth). A
 * cardboard-coloured, rough picture is labelled `damaged`, with more confidence the rougher it is;
 * anything else is "cannot tell" (null). It is deterministic and runs locally, so the demo shows
 * the after-sales routing without a vision service; a shop would call one instead (see
 * `examples/plugins/src/vision-recognizer.ts`).
 * @example
 * createDemoHub({ ..., extra: { classifyImage: recognizeDamagedParcel } });
 */
export const recognizeDamagedParcel: ClassifyImagePlugin = async (image) => {
  const stats = await sharp(image.bytes).stats();
  const { h, s, v } = hsv(stats.dominant.r, stats.dominant.g, stats.dominant.b);
  const cardboard = h >= 18 && h <= 45 && s >= 0.25 && s <= 0.75 && v >= 0.3 && v <= 0.9;
  if (!cardboard || stats.sharpness < ROUGH) return null;
  return { label: 'damaged', confidence: Math.min(0.95, 0.6 + stats.sharpness / 40) };
};
