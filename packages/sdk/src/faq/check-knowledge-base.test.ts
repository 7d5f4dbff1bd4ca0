import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { checkKnowledgeBase, checkKnowledgeBaseAsync } from './check-knowledge-base.ts';
import type { KnowledgeBaseEntry } from './knowledge-base.ts';
import { parseKnowledgeBase } from './knowledge-base.ts';
import { rankEntries, rankEntriesBesides } from './rank-entries.ts';
import { SMALL_KB, shopKnowledgeBase } from './test-fixtures.ts';

const entry = (
  id: string,
  question: string,
  answer: string,
  alternatives: string[] = [],
): KnowledgeBaseEntry => ({
  id,
  question,
  alternatives,
  answer,
  tags: [],
});
// The engine's scoring passes, counted (they run as they would): the doctor's cost on a large
// knowledge base is one pass per phrasing.
vi.mock('./rank-entries.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('./rank-entries.ts')>();
  return {
    ...real,
    rankEntries: vi.fn(real.rankEntries),
    rankEntriesBesides: vi.fn(real.rankEntriesBesides),
  };
});

/** The near tie of 多久发货 (asked as 什么时候发货) with 预售什么时候发货, as the doctor names it. */
const shippingConfusable = expect.objectContaining({
  kind: 'confusable',
  entryId: 'shipping-time',
  otherId: 'presale',
  phrasing: '什么时候发货',
  otherPhrasing: '预售什么时候发货',
});

const check = (...entries: KnowledgeBaseEntry[]) => checkKnowledgeBase({ version: 1, entries }).findings;

describe('checkKnowledgeBase', () => {
  it('finds nothing to fix in a knowledge base whose entries are distinct and reachable', () => {
    expect(checkKnowledgeBase(SMALL_KB)).toEqual({ findings: [], entries: 7, entriesWithFindings: 0 });
  });

  it('takes the same entry in the other script for a translation, not a duplicate nor a rival', () => {
    const findings = check(
      entry('fee', '运费多少？', '满 99 元包邮，不满收 8 元运费。', ['邮费怎么算', '包邮吗']),
      {
        ...entry('fee-tw', '運費多少？', '台灣本島滿 NT$990 免運。', ['郵費怎麼算', '包郵嗎']),
        locale: 'zh-TW',
      },
      entry('wool', '羊毛衫怎么洗？', '请勿机洗，可干洗。'),
      entry('wool-tw', '羊毛衫怎麼洗？', '請勿機洗，可乾洗。'),
    );
    expect(findings).toEqual([]);
    // Within one script the same phrasing is still a duplicate.
    expect(
      check(entry('a', '运费多少', '满 99 元包邮。'), entry('b', '运费多少？', '偏远地区另计。')).map(
        (f) => f.kind,
      ),
    ).toContain('duplicate_phrasing');
  });

  it('reports empty fields and duplicate ids by entry and field instead of throwing', () => {
    const findings = check(
      entry('a', '运费多少', '满 99 元包邮。'),
      entry('b', '😊😊', '你好'),
      entry('b', '怎么开发票', ''),
    );
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'empty', severity: 'error', entryId: 'b', field: 'question' }),
        expect.objectContaining({ kind: 'empty', severity: 'error', entryId: 'b', field: 'answer' }),
        expect.objectContaining({ kind: 'duplicate_id', entryId: 'b', indexes: [1, 2] }),
      ]),
    );
  });

  it('says an answer or question of only invisible or bidi characters has no visible text, naming the entry and field', () => {
    const findings = check(entry('a', '运费多少', '\u202E'), entry('b', '\u200B\u2066 ', '你好'));
    expect(findings.filter((f) => f.kind === 'empty').map((f) => f.message)).toEqual([
      'entries[0] (id "a").answer has no visible text: only invisible or bidi control characters (U+202E); write the answer or delete the entry',
      'entries[1] (id "b").question has no visible text: only invisible or bidi control characters (U+200B, U+2066); write the question or delete the entry',
    ]);
  });

  it('reports an entry that is not an object (null, a string) as empty, and checks no entries where there is no list, instead of throwing', () => {
    const kb = { version: 1, entries: [null, '多久发货', entry('a', '运费多少', '满 99 元包邮。')] };
    const findings = checkKnowledgeBase(kb as never).findings;
    expect(findings.filter((f) => f.kind === 'empty').map((f) => [f.entryId, f.field])).toEqual([
      ['#0', 'id'],
      ['#0', 'question'],
      ['#0', 'answer'],
      ['#1', 'id'],
      ['#1', 'question'],
      ['#1', 'answer'],
    ]);
    for (const bad of [{}, { entries: 'nope' }, null])
      expect(checkKnowledgeBase(bad as never)).toEqual({ findings: [], entries: 0, entriesWithFindings: 0 });
  });

  it('names both entries and the phrasing when two entries share a phrasing (also across Traditional and Simplified)', () => {
    const findings = check(
      entry('a', '怎么开发票', '在订单页申请。', ['發票怎麼開']),
      entry('b', '发票怎么开', '联系客服。'),
    );
    expect(findings).toContainEqual(
      expect.objectContaining({
        kind: 'duplicate_phrasing',
        entryId: 'b',
        otherId: 'a',
        phrasing: '发票怎么开',
      }),
    );
    expect(findings).toContainEqual(
      expect.objectContaining({ kind: 'unreachable', entryId: 'b', reachedId: 'a' }),
    );
  });

  it('reports two entries sharing a question once, not again as a near tie or as needing alternates', () => {
    // A merchant who pastes the same question twice (包邮吗 / 包邮吗？) has one thing to fix.
    const findings = check(
      entry('a1', '包邮吗', '全场包邮。'),
      entry('a2', '包邮吗？', '包邮的亲。'),
      entry('invoice', '可以开发票吗', '可以，在订单页申请。'),
    );
    // One of the two ranks first for the shared phrasing, so the other is also named unreachable.
    expect(findings.map((f) => f.kind)).toEqual(['duplicate_phrasing', 'unreachable']);
  });

  it('reports entries with the same answer', () => {
    const findings = check(
      entry('d', '退货运费谁出', '质量问题我们出。'),
      entry('f', '退货邮费谁承担', '质量问题我们出。'),
    );
    expect(findings).toContainEqual(
      expect.objectContaining({ kind: 'duplicate_answer', entryId: 'f', otherId: 'd' }),
    );
  });

  it('warns about HTML pasted into an answer, which shoppers would see as typed', () => {
    const findings = check(
      entry('a', '运费多少', '满 99 元<b>包邮</b>。'),
      entry('b', '怎么开发票', '订单页&nbsp;申请。'),
    );
    expect(findings.filter((f) => f.kind === 'markup_in_answer')).toEqual([
      expect.objectContaining({ entryId: 'a', markup: '<b>' }),
      expect.objectContaining({ entryId: 'b', markup: '&nbsp;' }),
    ]);
  });

  it('says how the chat shows markup in an answer (its plain text, quoted), not that shoppers see the tags', () => {
    const [finding] = check(
      entry('ret', '可以退貨嗎', '<p>7 天內可退</p><p>見 <a href="https://tea.example/r">說明</a>。</p>'),
    ).filter((f) => f.kind === 'markup_in_answer');
    expect(finding?.message).toBe(
      'the answer contains "<p>": the chat shows it as plain text: "7 天內可退\\n見 說明: https://tea.example/r。"; write plain text to choose the wording yourself',
    );
  });

  it('reports as markup what the bot converts, and only that (one reader: plainAnswer)', () => {
    const findings = check(
      // Text the chat sends as written: not markup.
      entry('key', '怎么确认', '按 <Enter> 确认&bogus;，回复 <订单号>'),
      // Converted when sent, so reported with what the chat shows.
      entry('auto', '退货地址', '见 <https://shop.example/r> _或_ &#x4E2D;文客服'),
      // Markup alone, which the chat sends as typed rather than as an empty message.
      entry('img', '尺码表', '<img src="https://shop.example/size.png">'),
      // A picture without an http(s) address: nothing to show, so sent as typed.
      entry('rel', '尺码', '<img src="size.png">'),
    ).filter((f) => f.kind === 'markup_in_answer');
    expect(findings.map((f) => [f.entryId, f.markup])).toEqual([
      ['auto', '<https://shop.example/r>'],
      ['img', '<img src="https://shop.example/size.png">'],
      ['rel', '<img src="size.png">'],
    ]);
    expect(findings[0]!.message).toContain('"见 https://shop.example/r 或 中文客服"');
    expect(findings[1]!.message).toBe(
      'the answer contains "<img src="https://shop.example/size.png">": the chat shows it as plain text: "https://shop.example/size.png"; write plain text to choose the wording yourself',
    );
    expect(findings[2]!.message).toBe(
      'the answer contains "<img src="size.png">": shoppers would see it as typed; write plain text (a new line for a paragraph, a link as its https:// address, which the chat makes a link)',
    );
  });

  it('warns about HTML in a quick reply label, which its button would show as typed', () => {
    const findings = check({
      ...entry('ship', '运费多少', '满 99 元包邮。'),
      quickReplies: [
        { label: '查看<b>运费</b>', payload: '运费' },
        { label: '包邮吗', payload: '包邮' },
      ],
    });
    expect(findings.filter((f) => f.kind === 'markup_in_answer')).toEqual([
      expect.objectContaining({
        entryId: 'ship',
        markup: '<b>',
        message: expect.stringContaining('查看<b>运费</b>'),
      }),
    ]);
  });

  it('warns about HTML in a question (a shopper’s, approved from traffic), quoting the "did you mean" button’s text', () => {
    const findings = check(
      entry(
        'learned-1',
        '<script>alert(1)</script> can I pay by <b>bank transfer</b>?<br>today',
        'Yes, by bank transfer.',
      ),
    );
    expect(findings.filter((f) => f.kind === 'markup_in_answer')).toEqual([
      expect.objectContaining({
        entryId: 'learned-1',
        markup: '<script>',
        message: expect.stringContaining(
          'the question contains "<script>": the chat shows it as plain text: "can I pay by bank transfer? today"',
        ),
      }),
    ]);
  });

  it('names an entry whose locale says another language than it is written in (QA: reported only as unreachable)', () => {
    const findings = check(
      { ...entry('fabric', '衣服怎么洗', '冷水手洗，不要暴晒。'), locale: 'en' },
      { ...entry('size', 'How do I pick a size?', 'See the size chart.'), locale: 'zh-CN' },
      { ...entry('ship', '多久发货', '48 小时内发货。'), locale: 'zh-TW' },
      { ...entry('vip', 'VIP 有什么权益', '会员享 95 折。'), locale: 'zh-CN' },
    );
    expect(findings.filter((f) => f.kind === 'locale_mismatch')).toEqual([
      expect.objectContaining({
        entryId: 'fabric',
        locale: 'en',
        message: expect.stringMatching(/written in Chinese.*set locale to zh-CN/),
      }),
      expect.objectContaining({
        entryId: 'size',
        locale: 'zh-CN',
        message: expect.stringMatching(/written in English.*set locale to en/),
      }),
    ]);
    // The file's locale counts for entries without one.
    const file = checkKnowledgeBase({
      version: 1,
      locale: 'en',
      entries: [entry('ship', '多久发货', '48 小时内发货。')],
    });
    expect(file.findings).toContainEqual(
      expect.objectContaining({
        kind: 'locale_mismatch',
        entryId: 'ship',
        message: expect.stringContaining("the file's locale"),
      }),
    );
  });

  it('warns about Markdown in an answer too, which is no more rendered than HTML', () => {
    const findings = check(
      entry('a', '运费多少', '**满 99 元包邮**'),
      entry('b', '怎么开发票', '见[发票说明](https://shop.example/invoice)'),
      entry('c', '尺码怎么选', '## 尺码表\n按身高选择。'),
      entry('d', '有优惠吗', '满 2*3 件打 9 折 #1 热卖 [限时]'),
    );
    expect(findings.filter((f) => f.kind === 'markup_in_answer')).toEqual([
      expect.objectContaining({ entryId: 'a', markup: '**满 99 元包邮**' }),
      expect.objectContaining({ entryId: 'b', markup: '[发票说明](https://shop.example/invoice)' }),
      expect.objectContaining({ entryId: 'c', markup: '## 尺码表' }),
    ]);
  });

  it('lists entries the engine confuses, with the phrasings that collide', () => {
    const findings = check(
      entry('shipping-time', '多久发货', '48 小时内发货。', ['什么时候发货']),
      entry('presale', '预售什么时候发货', '以商品页为准。', ['预售多久发出']),
    );
    expect(findings).toEqual([shippingConfusable]);
  });

  it('suggests an alternate for an entry with only its question when another entry is close to it', () => {
    const findings = check(
      entry('return-fee', '退货运费谁出', '质量问题我们出。'),
      entry('exchange-fee', '换货运费谁出', '我们出。'),
      entry('invoice', '怎么开发票', '在订单页申请开票。'),
    );
    expect(findings.map((f) => [f.kind, f.entryId])).toEqual([
      ['confusable', 'return-fee'],
      ['needs_alternate', 'return-fee'],
      ['needs_alternate', 'exchange-fee'],
    ]);
  });

  it('names two entries that ask the same in other words: without one, the other would be answered outright', () => {
    const findings = check(
      entry('coupon-use', '优惠券怎么用', '结算页选择优惠券即可。'),
      entry('coupon-stack', '优惠券可以和满减一起用吗', '可以，满减后再用券。'),
      entry('invoice', '怎么开发票', '在订单页申请开票。'),
    );
    expect(findings).toContainEqual(
      expect.objectContaining({
        kind: 'confusable',
        entryId: 'coupon-use',
        otherId: 'coupon-stack',
        phrasing: '优惠券怎么用',
        message: expect.stringContaining('would be answered with "coupon-stack"'),
      }),
    );
    expect(findings.filter((f) => f.kind === 'confusable')).toHaveLength(1);
  });

  it('scores each phrasing once, for both its match and its match without its own entry', () => {
    vi.mocked(rankEntries).mockClear();
    vi.mocked(rankEntriesBesides).mockClear();
    checkKnowledgeBase(SMALL_KB);
    const phrasings = SMALL_KB.entries.reduce((n, e) => n + 1 + e.alternatives.length, 0);
    expect(vi.mocked(rankEntries).mock.calls.length + vi.mocked(rankEntriesBesides).mock.calls.length).toBe(
      phrasings,
    );
  });

  it('gives the event loop turns while it checks a large knowledge base, and reports what the synchronous check does', async () => {
    const kb = parseKnowledgeBase(
      JSON.parse(readFileSync(new URL('../../../../examples/shop/kb/faq.zh.json', import.meta.url), 'utf8')),
    );
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const report = await checkKnowledgeBaseAsync(kb);
    ticking = false;
    expect(turns).toBeGreaterThan(1);
    expect(report).toEqual(checkKnowledgeBase(kb));
  });

  it('still names a planted confusable pair, unreachable entry and duplicate among 10,000 entries', () => {
    const planted = [
      entry('shipping-time', '多久发货', '48 小时内发货。', ['什么时候发货']),
      entry('presale', '预售什么时候发货', '以商品页为准。', ['预售多久发出']),
      entry('wrap', '礼盒包装', '可以加购。'),
      entry('wrap-fee', '礼盒包装要钱吗', '礼盒包装 5 元，礼盒包装需在下单时选择。', [
        '礼盒包装收费吗',
        '礼盒包装多少钱',
      ]),
      entry('gift-card', '礼品卡怎么激活', '在“我的-礼品卡”输入卡密激活。'),
      entry('gift-card-again', '礼品卡怎么激活？', '输入卡密即可激活。'),
    ];
    const kb = shopKnowledgeBase(10_000 - planted.length);
    kb.entries.push(...planted);
    const { findings, entries } = checkKnowledgeBase(kb);
    expect(entries).toBe(10_000);
    expect(findings).toEqual(
      expect.arrayContaining([
        shippingConfusable,
        expect.objectContaining({ kind: 'unreachable', entryId: 'wrap', reachedId: 'wrap-fee' }),
        expect.objectContaining({
          kind: 'duplicate_phrasing',
          entryId: 'gift-card-again',
          otherId: 'gift-card',
        }),
      ]),
    );
    // The generated near copies (a question with 请问 in front, the same answer) are found too.
    expect(findings).toContainEqual(expect.objectContaining({ kind: 'duplicate_answer', otherId: 'kb-50' }));
  }, 300_000);
});
