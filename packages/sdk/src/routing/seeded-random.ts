/**
 * A seeded PRNG (sfc32, state filled by splitmix32) returning floats in [0, 1): the same seed
 * gives the same simulation on every machine, so a statistical test can never flake.
 * @example
 * const random = seededRandom(42);
 * random(); // 0.… , identical on every run
 */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  return () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4_294_967_296;
  };
}

/** An exponentially distributed sample with the given rate (mean 1 ÷ rate), by inversion. */
export function exponential(random: () => number, rate: number): number {
  return -Math.log(1 - random()) / rate;
}
