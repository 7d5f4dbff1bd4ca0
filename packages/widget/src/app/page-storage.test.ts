import { afterEach, describe, expect, it } from 'vitest';
import { keep, stored } from './page-storage.ts';

describe('page storage', () => {
  afterEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });

  it('keeps a value in localStorage, or sessionStorage when asked', () => {
    keep('kefu:shop:a', '1');
    keep('kefu:shop:b', 'x', 1);
    expect([localStorage.getItem('kefu:shop:a'), sessionStorage.getItem('kefu:shop:b')]).toEqual(['1', 'x']);
    expect([stored('kefu:shop:a'), stored('kefu:shop:b', 1), stored('kefu:shop:b')]).toEqual(['1', 'x', '']);
  });

  it('removes the key for an empty value rather than keeping it empty', () => {
    keep('kefu:shop:a', '1');
    keep('kefu:shop:a', '');
    expect(localStorage.getItem('kefu:shop:a')).toBeNull();
    expect(stored('kefu:shop:a')).toBe('');
  });
});
