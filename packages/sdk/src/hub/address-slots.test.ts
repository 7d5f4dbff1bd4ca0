import { describe, expect, it } from 'vitest';
import { createAddressSlots } from './address-slots.ts';

describe('createAddressSlots', () => {
  it('gives each address at most max slots, and takes nothing when it refuses', () => {
    const slots = createAddressSlots(2);
    expect([slots.take('a'), slots.take('a'), slots.take('a')]).toEqual([true, true, false]);
    expect(slots.held('a')).toBe(2);
    expect(slots.take('b')).toBe(true);
    slots.release('a');
    expect(slots.take('a')).toBe(true);
    expect(slots.take('a')).toBe(false);
  });

  it('forgets an address once it holds nothing', () => {
    const slots = createAddressSlots(1);
    slots.take('a');
    slots.release('a');
    slots.release('a');
    expect(slots.held('a')).toBe(0);
    expect(slots.take('a')).toBe(true);
  });
});
