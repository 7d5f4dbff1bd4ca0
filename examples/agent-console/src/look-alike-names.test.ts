import { describe, expect, it } from 'vitest';
import { distinctLabels, nameSkeleton } from './look-alike-names.ts';

describe('nameSkeleton', () => {
  it('reads alike what looks alike', () => {
    for (const lookAlike of [
      'M\u0435i', // Cyrillic е
      'Μei', // Greek capital Mu
      'Ｍｅｉ', // full-width
      '𝐌𝐞𝐢', // mathematical bold
      'Me\u034Fi', // combining grapheme joiner
      'Mei\u{E0041}', // a tag character
      'Meí',
      'MEI',
      ' Mei ',
      'MeI',
    ])
      expect(nameSkeleton(lookAlike), lookAlike).toBe(nameSkeleton('Mei'));
    expect(nameSkeleton('王ロ')).toBe(nameSkeleton('王口'));
    expect(nameSkeleton('rnei')).toBe(nameSkeleton('mei'));
  });

  it('keeps apart what does not', () => {
    expect(nameSkeleton('Mei')).not.toBe(nameSkeleton('May'));
    expect(nameSkeleton('王磊')).not.toBe(nameSkeleton('王雷'));
  });
});

describe('distinctLabels', () => {
  it('adds the id to names that look alike, and to a name two people share, and only to them', () => {
    expect(
      distinctLabels([
        { id: 'wl1', name: 'Wang Lei' },
        { id: 'wl2', name: 'Wang Lei' },
        { id: 'mei', name: 'Mei' },
      ]),
    ).toEqual(['Wang Lei (wl1)', 'Wang Lei (wl2)', 'Mei']);
  });
});
