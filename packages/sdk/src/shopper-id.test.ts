import { describe, expect, it } from 'vitest';
import { shopperId, shopperOf } from './shopper-id.ts';

describe('shopperId', () => {
  it('keeps a short user id readable and hashes a long one to 42 characters, the same every time', () => {
    expect(shopperId('u', '42')).toBe('u:42');
    const long = `user-${'x'.repeat(100)}`;
    expect(shopperId('u', long)).toMatch(/^u#[\w-]{40}$/);
    expect(shopperId('u', long)).toBe(shopperId('u', long));
    expect(shopperId('u', `${long}y`)).not.toBe(shopperId('u', long));
  });

  it('reads a logged-in shopper and their user id back from the hub id, a device as not logged in', () => {
    expect(shopperOf(shopperId('u', 'u:42'))).toEqual({ id: 'u:u:42', identified: true, userId: 'u:42' });
    expect(shopperOf(shopperId('u', 'x'.repeat(80)))).toEqual({
      id: shopperId('u', 'x'.repeat(80)),
      identified: true,
    });
    expect(shopperOf(shopperId('d', 'u:like'))).toEqual({ id: shopperId('d', 'u:like'), identified: false });
  });

  it('never shows a device id: it is the anonymous shopper’s key back into their conversation', () => {
    const id = shopperId('d', 'dev-1');
    expect(id).toMatch(/^d#[\w-]{40}$/);
    expect(id).not.toContain('dev-1');
    expect(shopperId('d', 'dev-1')).toBe(id);
    expect(shopperId('d', 'dev-2')).not.toBe(id);
  });
});
