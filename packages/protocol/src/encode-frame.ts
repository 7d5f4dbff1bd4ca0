// Apart from codec.ts (which decodes with zod), so that a bundle can send frames without zod.

/**
 * Serialises a frame (the clients also keep their storage with it). Frames are plain JSON; this
 * exists so both ends agree on one function. The replacer hands JSON each value as it is, before
 * its `toJSON`: a shop page running Prototype.js 1.6 has an `Array.prototype.toJSON` that returns
 * a string, which would turn every array into a string the hub refuses.
 * @example
 * encodeFrame({ v: 1, type: 'ping', t: 0 }); // '{"v":1,"type":"ping","t":0}'
 */
export function encodeFrame(frame: unknown): string {
  return JSON.stringify(frame, function (this: Record<string, unknown>, key) {
    return this[key];
  });
}
