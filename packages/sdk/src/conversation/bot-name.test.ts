import { describe, expect, it } from 'vitest';
import { botAuthors, botNameProblems, resolveBotName } from './bot-name.ts';

describe('resolveBotName', () => {
  it('gives every language its own name when all are given', () => {
    expect(resolveBotName({ zh: '小客', 'zh-Hant': '小客服', en: 'Kefu assistant' })).toEqual({
      zh: '小客',
      'zh-Hant': '小客服',
      en: 'Kefu assistant',
    });
  });

  it.each([
    [
      { zh: '小客', en: 'Kefu' },
      { zh: '小客', 'zh-Hant': '小客', en: 'Kefu' },
    ],
    [
      { 'zh-Hant': '小客服', en: 'Kefu' },
      { zh: '小客服', 'zh-Hant': '小客服', en: 'Kefu' },
    ],
    [{ en: 'Kefu' }, { zh: 'Kefu', 'zh-Hant': 'Kefu', en: 'Kefu' }],
    [
      { 'zh-Hant': '小客服', zh: '小客' },
      { zh: '小客', 'zh-Hant': '小客服', en: '小客服' },
    ],
  ])(
    'borrows a missing name: the other Chinese script, then en, then the first given (%j)',
    (name, names) => {
      expect(resolveBotName(name)).toEqual(names);
    },
  );
});

describe('botAuthors', () => {
  it("picks the name by the shopper's locale as the hub's texts do, one frozen author per name", () => {
    const author = botAuthors(resolveBotName({ zh: '小客', 'zh-Hant': '小客', en: 'Kefu assistant' }));
    expect(author('zh-CN')).toEqual({ kind: 'bot', name: '小客' });
    expect(author('zh-HK')).toBe(author('zh-CN'));
    expect(author('en-GB')).toEqual({ kind: 'bot', name: 'Kefu assistant' });
    expect(author(undefined)).toBe(author('fr'));
    expect(author(undefined).name).toBe('Kefu assistant');
    expect(Object.isFrozen(author('zh'))).toBe(true);
  });
});

describe('botNameProblems', () => {
  it('finds nothing wrong with a name, or names by language (a key set to undefined left out)', () => {
    expect(botNameProblems('Kefu')).toEqual([]);
    expect(botNameProblems({ zh: '小客', 'zh-Hant': '小客', en: 'Kefu', fr: undefined })).toEqual([]);
  });

  it('names each blank or unknown language at once', () => {
    expect(botNameProblems({ zh: '', en_GB: 'Kefu', es: 'Kefu' })).toEqual([
      { key: 'zh', message: 'must be a name of 1-100 characters, not blank, without U+0000' },
      {
        key: 'en_GB',
        message: 'is not a language the hub tells apart: zh, zh-Hant or en (did you mean en?)',
      },
      { key: 'es', message: 'is not a language the hub tells apart: zh, zh-Hant or en' },
    ]);
    expect(botNameProblems(['Kefu'])).toEqual([
      { message: 'must be a name, or names by language ({ zh, zh-Hant, en })' },
    ]);
    expect(botNameProblems('a\u0000b')).toHaveLength(1);
  });
});
