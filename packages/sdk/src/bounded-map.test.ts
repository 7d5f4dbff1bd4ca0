import { describe, expect, it } from 'vitest';
import { BoundedMap } from './bounded-map.ts';

describe('BoundedMap', () => {
  it('forgets the least recently used entry past its size', () => {
    const m = new BoundedMap<string, number>(2);
    m.set('a', 1).set('b', 2);
    expect(m.get('a')).toBe(1); // a is now the most recent
    m.set('c', 3);
    expect([m.has('a'), m.has('b'), m.has('c')]).toEqual([true, false, true]);
    expect(m.size).toBe(2);
  });

  it('replaces a value without growing, and deletes', () => {
    const m = new BoundedMap<string, number>(2);
    m.set('a', 1).set('a', 2);
    expect(m.size).toBe(1);
    expect(m.get('a')).toBe(2);
    expect(m.delete('a')).toBe(true);
    expect(m.get('a')).toBeUndefined();
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => new BoundedMap(0)).toThrow(RangeError);
  });
});
