import { describe, expect, it } from 'vitest';
import { createAnalyzer } from './analyzer.ts';
import { createFaqEngine, reloadInTurns } from './faq-engine.ts';
import type { KnowledgeBase } from './knowledge-base.ts';
import { createLongerWordCheck, longerWordPairsSteps, longerWordText } from './longer-words.ts';
import { DEFAULT_SYNONYMS } from './synonyms.ts';
import { bareEntry } from './test-fixtures.ts';

/** Six entries of a home-appliance shop of an eleventh outside QA pass, as its merchant wrote them. */
const SHOP: KnowledgeBase = {
  version: 1,
  locale: 'zh-CN',
  entries: [
    {
      ...bareEntry(
        'install-free',
        '大家电送货上门后包安装吗？安装收费吗？',
        '空调、热水器、油烟机、燃气灶等需安装的商品，本店提供免费上门安装（基础安装），安装工程师由品牌官方售后或本店合作网点派出。超出标准的辅材按物料价目表另行收费。',
      ),
      alternatives: ['安装要另外付钱吗'],
    },
    bareEntry(
      'install-book',
      '怎么预约上门安装？',
      '商品签收后，在「我的订单」点击「预约安装」，选择方便的日期即可；也可以联系客服代为预约。部分品牌签收后会自动派单，师傅会提前电话联系您。',
    ),
    {
      ...bareEntry(
        'install-material',
        '安装辅材怎么收费？',
        '标准安装包含 3 米铜管、排水管和基础支架。超出部分（加长铜管、不锈钢支架、高空作业、打孔等）按品牌官方辅材价目表收费，师傅上门后当面确认并开具收费单，请勿额外支付价目表以外的费用。',
      ),
      alternatives: ['铜管不够长要加钱吗', '空调支架要钱吗'],
    },
    bareEntry(
      'install-time',
      '送货后多久能上门安装？',
      '一般签收后 24~48 小时内上门安装；空调旺季（6~8 月）可能延长至 3~5 天，具体以师傅电话预约为准。',
    ),
    bareEntry(
      'floor',
      '送货上楼吗？没有电梯要加钱吗？',
      '大家电免费送货入户。有电梯免费送到家门口；无电梯的，7 楼及以下免费搬运上楼，8 楼及以上每层加收 10 元搬运费，司机现场收取并出具凭证。',
    ),
    bareEntry(
      'shipping',
      '运费怎么算？',
      '本店所有大家电包邮（含送货入户），小家电满 99 元包邮，不满 99 元收 8 元运费。偏远地区可能加收运费，以结算页显示为准。',
    ),
  ],
};

const PHRASES = createAnalyzer({ synonyms: DEFAULT_SYNONYMS }).chinesePhrases;

describe('createLongerWordCheck', () => {
  const check = createLongerWordCheck(() => SHOP.entries.map(longerWordText), PHRASES);
  const analyzer = createAnalyzer({ synonyms: DEFAULT_SYNONYMS });
  const concepts = (text: string, withCheck: boolean) =>
    [...analyzer.analyze(text, withCheck ? { partOfLongerWord: check } : {}).keys()].filter((t) =>
      t.startsWith('~'),
    );

  it("reads 运费 in 搬运费 as part of the shop's own word when the shop also writes 搬运 alone", () => {
    expect(check('搬运费怎么收', 1, 3)).toBe(true);
    expect(concepts('搬运费怎么收', false)).toContain('~shipcost');
    expect(concepts('搬运费怎么收', true)).not.toContain('~shipcost');
    expect([...analyzer.analyze('搬运费怎么收', { partOfLongerWord: check }).keys()]).not.toContain('运费');
  });

  it("keeps the phrase where the longer word is not the shop's, or the character before is bound to its own", () => {
    expect(check('冰箱要运费吗', 3, 5)).toBe(false);
    expect(check('收多少元运费', 4, 6)).toBe(false);
    expect(concepts('电饭煲运费多少', true)).toContain('~shipcost');
    const other = createLongerWordCheck(
      () => [bareEntry('s', '运费怎么算？', '不满 99 元收 8 元运费。')].map(longerWordText),
      PHRASES,
    );
    expect(other('搬运费怎么收', 1, 3)).toBe(false);
  });

  it('does not answer the stairs fee with the shipping-fee entry', () => {
    const match = createFaqEngine(SHOP).match('搬运费怎么收');
    expect(match.decision === 'answer' && match.top[0]?.entry.id === 'shipping').toBe(false);
    expect(createFaqEngine(SHOP).match('运费怎么收').top[0]?.entry.id).toBe('shipping');
  });
});

/** Spans of 运费 that are (搬运费) and are not (要运费, 元运费) the tail of the shop's longer word. */
const SPANS = [
  ['搬运费怎么收', 1, 3],
  ['冰箱要运费吗', 3, 5],
  ['收多少元运费', 4, 6],
] as const;

describe('longerWordPairsSteps', () => {
  it('reads a large base in many steps, and the check built from them answers as the one built at once', () => {
    const texts = [
      ...SHOP.entries.map(longerWordText),
      ...Array.from({ length: 2000 }, (_, i) => `商品${i}说明`),
    ];
    const steps = longerWordPairsSteps(texts, PHRASES);
    let yielded = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) yielded++;
    expect(yielded).toBeGreaterThan(4);
    const stepped = createLongerWordCheck(
      () => {
        throw new Error('read again');
      },
      PHRASES,
      step.value,
    );
    const atOnce = createLongerWordCheck(() => texts, PHRASES);
    for (const [query, start, end] of SPANS)
      expect(stepped(query, start, end)).toBe(atOnce(query, start, end));
  });

  it("reads no text of the knowledge base on a synonym phrase's first ask once the counts are built", () => {
    const texts = [
      ...SHOP.entries.map(longerWordText),
      ...Array.from({ length: 2000 }, (_, i) => `商品${i}说明`),
    ];
    let reads = 0;
    const counted = new Proxy(texts, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    const check = createLongerWordCheck(() => counted, PHRASES);
    expect(check('冰箱要运费吗', 3, 5)).toBe(false);
    reads = 0;
    expect(check('搬运费怎么收', 1, 3)).toBe(true);
    expect(check('你好搬运费', 3, 5)).toBe(true);
    expect(check('收多少元运费', 4, 6)).toBe(false);
    expect(reads).toBe(0);
  });

  it('counts a span that is none of the phrases in the texts, as for a phrase', () => {
    const texts = SHOP.entries.map(longerWordText);
    const known = createLongerWordCheck(() => texts, ['运费']);
    const unknown = createLongerWordCheck(() => texts, []);
    for (const [query, start, end] of SPANS)
      expect(unknown(query, start, end)).toBe(known(query, start, end));
    expect(unknown('搬运费怎么收', 1, 3)).toBe(true);
  });

  it('is built by a reload once a Chinese question has read the check, and answers as before', async () => {
    const engine = createFaqEngine(SHOP);
    const asked = ['搬运费怎么收', '运费怎么收', '冰箱要运费吗'];
    const seen = (q: string) => {
      const m = engine.match(q);
      return [m.decision, ...m.top.map((c) => c.entry.id)];
    };
    const before = asked.map(seen);
    await reloadInTurns(engine)({ ...SHOP, entries: [...SHOP.entries] });
    expect(asked.map(seen)).toEqual(before);
    expect(before[0]).not.toEqual(['answer', 'shipping', ...before[0]!.slice(2)]);
  });
});
