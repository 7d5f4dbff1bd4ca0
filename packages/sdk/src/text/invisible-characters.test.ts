import { describe, expect, it } from 'vitest';
import { withoutInvisibles } from './invisible-characters.ts';

describe('withoutInvisibles', () => {
  it('drops bidi controls, zero-width spaces, the byte-order mark and soft hyphens', () => {
    expect(withoutInvisibles('退\u200B货')).toBe('退货');
    expect(withoutInvisibles('\u202Egpj.exe\u202C')).toBe('gpj.exe');
    expect(withoutInvisibles('\uFEFFre\u00ADfund\u2066?\u2069\u200E')).toBe('refund?');
  });

  it('keeps what shows: emoji joined by ZWJ, letters, spaces', () => {
    expect(withoutInvisibles('👨\u200D👩\u200D👧 还 没 到')).toBe('👨\u200D👩\u200D👧 还 没 到');
  });
});
