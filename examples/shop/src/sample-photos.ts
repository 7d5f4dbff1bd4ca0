import sharp from 'sharp';

const W = 480;
const H = 360;

/** A deterministic pseudo-random sequence (the same photo on every run). */
function noise(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

function jpeg(pixel: (x: number, y: number) => [number, number, number]): Promise<Buffer> {
  const raw = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) raw.set(pixel(x, y), (y * W + x) * 3);
  return sharp(raw, { raw: { width: W, height: H, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

/**
 * Sample photos for trying the demo's after-sales flow, drawn here so the demo ships no binary
 * files: a cardboard box face with creases, a tear and grain (`damaged`), and the same box intact.
 * @example
 * res.end(await samplePhoto('damaged'));
 */
export function samplePhoto(which: 'damaged' | 'intact'): Promise<Buffer> {
  const grain = noise(7);
  return jpeg((x, y) => {
    const shade = -y / 12;
    if (which === 'intact') return [176 + shade, 134 + shade, 88 + shade];
    const crease = Math.abs(((x * 0.7 + y) % 60) - 30) < 3;
    const tear = Math.abs(x - W / 2 + Math.sin(y / 9) * 24) < 5;
    if (crease || tear) return [60, 40, 25];
    const n = grain() * 50 - 25;
    return [176 + shade + n, 134 + shade + n, 88 + shade + n];
  });
}
