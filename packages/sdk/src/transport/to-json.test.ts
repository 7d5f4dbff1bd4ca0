import { afterEach, describe, expect, it } from 'vitest';
import { toJson } from './to-json.ts';

const proto = Array.prototype as unknown as { toJSON?: () => string };

afterEach(() => {
  delete proto.toJSON;
});

describe('toJson', () => {
  it('keeps arrays arrays on a page whose Array#toJSON returns a string (Prototype.js 1.6)', () => {
    proto.toJSON = function (this: unknown[]) {
      return `[${this.join(', ')}]`;
    };
    const frame = { v: 1, type: 'hello', features: ['image'], nested: [[1, 2], { a: [3] }] };
    expect(JSON.parse(toJson(frame))).toEqual(frame);
    expect(toJson([{ id: 'x' }])).toBe('[{"id":"x"}]');
  });

  it('writes what JSON.stringify writes on a clean page: undefined fields left out', () => {
    const frame = { v: 1, type: 'ping', t: 0, x: undefined, list: [1, 'a', null] };
    expect(toJson(frame)).toBe(JSON.stringify(frame));
  });
});
