import { describe, expect, it } from 'vitest';
import { encodeShared } from './shared-frames.ts';

describe('encodeShared', () => {
  it('builds and encodes the frame of one event once for every connection that gets it in a row', () => {
    const event = { n: 1 };
    let built = 0;
    const build = (e: { n: number }) => {
      built++;
      return { type: 'x', n: e.n };
    };
    const first = encodeShared(event, 'x', build);
    expect(encodeShared(event, 'x', build)).toBe(first);
    expect(built).toBe(1);
    expect(JSON.parse(first)).toEqual({ type: 'x', n: 1 });
  });

  it('encodes again for another event, or another variant of the same one', () => {
    const a = { n: 1 };
    const b = { n: 2 };
    const build = (e: { n: number }) => ({ n: e.n });
    const shopper = (e: { n: number }) => ({ n: e.n, for: 'shopper' });
    expect(JSON.parse(encodeShared(a, 'x', build))).toEqual({ n: 1 });
    expect(JSON.parse(encodeShared(b, 'x', build))).toEqual({ n: 2 });
    expect(JSON.parse(encodeShared(b, 'x.shopper', shopper))).toEqual({ n: 2, for: 'shopper' });
    expect(JSON.parse(encodeShared(a, 'x', build))).toEqual({ n: 1 });
  });
});

describe('encodeShared on the event itself', () => {
  it('is invisible to JSON, keys and spreads: a copy of an event is encoded from its own fields', () => {
    const event = { n: 1 };
    const build = (e: { n: number }) => ({ n: e.n });
    encodeShared(event, 'x', build);
    expect(JSON.stringify(event)).toBe('{"n":1}');
    expect(Object.keys(event)).toEqual(['n']);
    expect(event).toStrictEqual({ n: 1 });
    const changed = { ...event, n: 2 };
    expect(JSON.parse(encodeShared(changed, 'x', build))).toEqual({ n: 2 });
  });

  it('still encodes a frozen event, every time', () => {
    const event = Object.freeze({ n: 3 });
    let built = 0;
    const build = (e: { n: number }) => {
      built++;
      return { n: e.n };
    };
    expect(JSON.parse(encodeShared(event, 'x', build))).toEqual({ n: 3 });
    expect(JSON.parse(encodeShared(event, 'x', build))).toEqual({ n: 3 });
    expect(built).toBe(2);
  });
});
