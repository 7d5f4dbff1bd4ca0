// Apart from codec.ts (which decodes with zod), so that a bundle can send frames without zod.

/** Serialises a frame. Frames are plain JSON; this exists so both ends agree on one function. */
export function encodeFrame(frame: object): string {
  return JSON.stringify(frame);
}
