import { afterEach, describe, expect, it } from 'vitest';
import { encodeFrame } from './encode-frame.ts';

const proto = Array.prototype as unknown as { toJSON?: () => string };

afterEach(() => {
  delete proto.toJSON;
});

describe('encodeFrame', () => {
  it('keeps arrays arrays on a page whose Array#toJSON returns a string (Prototype.js 1.6)', () => {
    proto.toJSON = function (this: unknown[]) {
      return `[${this.join(', ')}]`;
    };
    const frame = { v: 1, type: 'hello', features: ['image'], nested: [[1, 2], { a: [3] }] };
    expect(JSON.parse(encodeFrame(frame))).toEqual(frame);
    expect(encodeFrame([{ id: 'x' }])).toBe('[{"id":"x"}]');
  });

  it('writes plain JSON: undefined fields left out, as JSON.stringify does', () => {
    expect(encodeFrame({ v: 1, type: 'ping', t: 0, x: undefined })).toBe('{"v":1,"type":"ping","t":0}');
  });
});
