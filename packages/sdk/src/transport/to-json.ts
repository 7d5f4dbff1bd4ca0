/**
 * JSON for what a client sends and keeps, immune to the page it runs on. The replacer hands JSON
 * each value as it is, before its `toJSON`: a shop page running Prototype.js 1.6 has an
 * `Array.prototype.toJSON` that returns a string, which turned every array into a string (a hello
 * the hub refused, an outbox stored as a string). The hub keeps the faster plain `encodeFrame`.
 * @example
 * toJson({ features: ['image'] }); // '{"features":["image"]}', whatever Array.prototype.toJSON does
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key) {
    return this[key];
  });
}
