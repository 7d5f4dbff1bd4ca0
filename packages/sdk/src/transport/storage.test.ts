import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultStorage, type KeyValueStorage, memoryStorage, readJson, writeJson } from './storage.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A storage whose every call throws, like localStorage in a sandboxed iframe. */
const throwing: KeyValueStorage = {
  getItem() {
    throw new Error('SecurityError');
  },
  setItem() {
    throw new Error('QuotaExceededError');
  },
  removeItem() {
    throw new Error('SecurityError');
  },
};

describe('memoryStorage', () => {
  it('stores, reads and removes strings, and answers null for a missing key', () => {
    const s = memoryStorage();
    expect(s.getItem('k')).toBeNull();
    s.setItem('k', 'v');
    expect(s.getItem('k')).toBe('v');
    s.setItem('k', 'w');
    expect(s.getItem('k')).toBe('w');
    s.removeItem('k');
    expect(s.getItem('k')).toBeNull();
  });

  it('keeps separate instances apart', () => {
    const a = memoryStorage();
    a.setItem('k', 'v');
    expect(memoryStorage().getItem('k')).toBeNull();
  });
});

describe('defaultStorage', () => {
  it('uses localStorage when it works, and leaves no probe key behind', () => {
    const ls = memoryStorage();
    const setItem = vi.spyOn(ls, 'setItem');
    vi.stubGlobal('localStorage', ls);
    expect(defaultStorage()).toBe(ls);
    expect(setItem).toHaveBeenCalled();
    expect(ls.getItem('__kefu_probe__')).toBeNull();
  });

  it('falls back to memory when localStorage throws (private mode, sandboxed iframe)', () => {
    vi.stubGlobal('localStorage', throwing);
    const s = defaultStorage();
    expect(s).not.toBe(throwing);
    s.setItem('k', 'v');
    expect(s.getItem('k')).toBe('v');
  });

  it('falls back to memory where there is no localStorage (Node)', () => {
    vi.stubGlobal('localStorage', undefined);
    const s = defaultStorage();
    s.setItem('k', 'v');
    expect(s.getItem('k')).toBe('v');
  });
});

describe('readJson / writeJson', () => {
  it('round-trips a value', () => {
    const s = memoryStorage();
    writeJson(s, 'outbox', [{ clientMsgId: 'a', status: 'pending' }]);
    expect(readJson(s, 'outbox', [])).toEqual([{ clientMsgId: 'a', status: 'pending' }]);
  });

  it('returns the fallback for a missing key', () => {
    expect(readJson(memoryStorage(), 'nothing', { deviceId: '' })).toEqual({ deviceId: '' });
  });

  it('returns the fallback for text that is not JSON (another script wrote the key)', () => {
    const s = memoryStorage();
    s.setItem('outbox', '{not json');
    expect(readJson(s, 'outbox', [])).toEqual([]);
  });

  it('returns the fallback when reading throws', () => {
    expect(readJson(throwing, 'outbox', 'fallback')).toBe('fallback');
  });

  it('swallows a full or refusing storage on write', () => {
    expect(() => writeJson(throwing, 'outbox', [1, 2, 3])).not.toThrow();
  });
});
