import { describe, expect, it } from 'vitest';
import { KNOWLEDGE_STRINGS } from './knowledge-strings.ts';
import { STRINGS } from './strings.ts';

const SAMPLES: unknown[][] = [
  ['甲', '乙', '丙'],
  ['A1', 'B2', 'C3'],
  [1, 2, 3],
  [3, 1, true],
  [{ id: 'T1', deadline: 'progress', over: '1h', rate: '5%', threshold: '3%', total: 9 }],
  [],
];

/** Every text a set of strings can show: functions called with sample figures and names. */
function texts(value: unknown, path: string, out: [string, string][] = []): [string, string][] {
  if (typeof value === 'string') out.push([path, value]);
  else if (typeof value === 'function')
    for (const args of SAMPLES) {
      let text: unknown;
      try {
        text = (value as (...a: unknown[]) => unknown)(...args);
      } catch {
        continue; // a sample of the wrong kind (a number where it takes a name)
      }
      texts(text, `${path}()`, out);
    }
  else if (value && typeof value === 'object')
    for (const [key, v] of Object.entries(value)) texts(v, `${path}.${key}`, out);
  return out;
}

/** ASCII punctuation touching a Han character: Chinese is written with the full-width ：，（）. */
const MIXED = /\p{Script=Han}\s*[:,()]|[:,()]\s*\p{Script=Han}/u;

describe('the console’s Chinese strings', () => {
  it('use full-width punctuation beside Chinese characters (意图：…, not 意图: …)', () => {
    const all = [...texts(STRINGS.zh, 'zh'), ...texts(KNOWLEDGE_STRINGS.zh, 'knowledge.zh')];
    expect(all.length).toBeGreaterThan(300);
    expect(all.filter(([, text]) => MIXED.test(text))).toEqual([]);
  });

  it('join a label to its value, and list items, the way each language does', () => {
    expect(`${STRINGS.zh.intent}${STRINGS.zh.colon}物流`).toBe('意图：物流');
    expect(['售前 3', '物流 2'].join(STRINGS.zh.listSeparator)).toBe('售前 3，物流 2');
    expect(['Pre-sales 3', 'Logistics 2'].join(STRINGS.en.listSeparator)).toBe('Pre-sales 3, Logistics 2');
  });
});

describe('the console’s English strings', () => {
  it('count one thing in the singular (1 conversation, not 1 conversations)', () => {
    const all = [...texts(STRINGS.en, 'en'), ...texts(KNOWLEDGE_STRINGS.en, 'knowledge.en')];
    // Over a limit, more than one character was typed: the sample's 1 over 2 cannot happen.
    const counted = all.filter(([path]) => path !== 'en.tooLong()');
    expect(counted.filter(([, text]) => /(?<![\d/.,])\b1 (?!was\b|is\b)[a-z]+s\b/.test(text))).toEqual([]);
  });
});
