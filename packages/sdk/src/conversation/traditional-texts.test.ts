import { describe, expect, it } from 'vitest';
import { createFaqAnswerer } from '../faq/faq-answerer.ts';
import { createFaqEngine } from '../faq/faq-engine.ts';
import { notifyTexts } from '../proactive/notify-texts.ts';
import { DEFAULT_ORDER_RULES, type ExceptionRule, fillTemplate } from '../proactive/order-rules.ts';
import { textsFor } from './texts.ts';

/** Every text in a value, its functions called with sample arguments. */
function texts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'function') return texts((value as (...a: unknown[]) => unknown)('小美', 'SO-1'));
  if (value && typeof value === 'object') return Object.values(value).flatMap(texts);
  return [];
}

// Simplified forms whose Traditional form differs, among the characters the hub's Simplified texts use.
const SIMPLIFIED =
  '个为么买们优会关办务单发变吗团处复实帮库开异换无时暂畅气没现电确签线结给继续联补订认记话详请谁谢货购费转运还这问队随离题馈号码质递仓';
const simplifiedIn = (text: string) => [...text].filter((c) => SIMPLIFIED.includes(c)).join('');

// Finding (2026-12-04): a zh-TW shopper's widget spoke Traditional, and the hub answered in Simplified.
describe("the hub's own words for a Traditional locale", () => {
  it('hold no Simplified-only character: conversation lines, notices, order templates', () => {
    const all = [
      ...texts(textsFor('zh-TW')),
      ...texts(notifyTexts('zh-HK')),
      ...Object.values(DEFAULT_ORDER_RULES.notify).map((t) => fillTemplate(t!, 'zh-Hant', {})),
      fillTemplate((DEFAULT_ORDER_RULES.notShipped as ExceptionRule).template, 'zh-Hant', {}),
      fillTemplate((DEFAULT_ORDER_RULES.noProgress as ExceptionRule).template, 'zh-Hant', {}),
      fillTemplate(DEFAULT_ORDER_RULES.carrier.address.template, 'zh-Hant', {}),
      fillTemplate(DEFAULT_ORDER_RULES.carrier.other.template, 'zh-Hant', {}),
    ];
    expect(all.length).toBeGreaterThan(20);
    expect(all.filter((t) => simplifiedIn(t))).toEqual([]);
    expect(simplifiedIn(textsFor('zh-CN').handoff)).not.toBe('');
  });

  it('reaches the bot: greeting, the out-of-scope decline and the way to a person in Traditional, Simplified for zh-CN', async () => {
    const engine = createFaqEngine({
      version: 1,
      entries: [
        { id: 'ship', question: '多久发货', alternatives: [], answer: '48 小时内发货', tags: [] },
        { id: 'return', question: '怎么退货', alternatives: [], answer: '7 天无理由退货', tags: [] },
      ],
    });
    const answer = createFaqAnswerer(engine);
    const greeting = { intent: 'greeting', confidence: 1, anger: 0, locale: 'zh' } as const;
    const greetTw = await answer({ text: '你好', locale: 'zh-TW', understanding: greeting });
    const greetCn = await answer({ text: '你好', locale: 'zh-CN', understanding: greeting });
    expect(texts(greetTw.content).join('')).toContain('請問有什麼可以幫您');
    expect(texts(greetCn.content).join('')).toContain('请问有什么可以帮您');
    const outside = await answer({ text: '明天天气怎么样', locale: 'zh-TW' });
    expect(texts(outside.content).join('')).toContain('本店購物');
    expect(texts(outside.content).filter(simplifiedIn)).toEqual([]);
    const person = await answer({ text: '轉人工', locale: 'zh-TW', payload: '轉人工' });
    expect(person.handoff).toBe(true);
    expect(texts(person.content).filter(simplifiedIn)).toEqual([]);
  });

  it('keeps a merchant template without a Traditional text as written', () => {
    expect(
      fillTemplate({ zh: '订单 {orderId} 已发货', en: 'Shipped {orderId}' }, 'zh-Hant', { orderId: 'A1' }),
    ).toBe('订单 A1 已发货');
  });
});
