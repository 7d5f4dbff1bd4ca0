import { describe, expect, it } from 'vitest';
import { scopeAllows } from './api-auth.ts';

describe('scopeAllows', () => {
  it('lets write include read, and admin include both', () => {
    expect(scopeAllows(['read'], 'read')).toBe(true);
    expect(scopeAllows(['read'], 'write')).toBe(false);
    expect(scopeAllows(['write'], 'read')).toBe(true);
    expect(scopeAllows(['write'], 'admin')).toBe(false);
    expect(scopeAllows(['admin'], 'write')).toBe(true);
    expect(scopeAllows([], 'read')).toBe(false);
  });
});
