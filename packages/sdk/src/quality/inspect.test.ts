import { describe, expect, it } from 'vitest';
import { inspect } from './inspect.ts';
import { DEFAULT_QA_RULES } from './rules.ts';

const ids = (text: string, context: Parameters<typeof inspect>[1] = { angry: false }) =>
  inspect(text, context, DEFAULT_QA_RULES).map((v) => v.ruleId);

describe('quality inspection', () => {
  it('blocks absolute promises and superlatives in Chinese and English', () => {
    expect(ids('我们保证明天一定送到')).toEqual(['no-absolute-promises']);
    expect(ids('这是全网最低价')).toEqual(['no-absolute-promises']);
    expect(ids('I guarantee it arrives tomorrow')).toEqual(['no-absolute-promises']);
    expect(ids('预计明天送达，请留意物流信息')).toEqual([]);
  });

  it('blocks "please understand" only when the shopper is upset', () => {
    expect(ids('请您理解，快递高峰期比较慢')).toEqual([]);
    expect(ids('请您理解，快递高峰期比较慢', { angry: true })).toEqual(['no-please-understand-when-angry']);
  });

  it('warns when a reply to a complaint offers no remedy, and not when it does', () => {
    const complaint = { angry: false, intent: 'complaint' };
    expect(ids('非常抱歉给您带来不好的体验，我们会反馈给仓库', complaint)).toEqual([
      'complaint-offers-remedy',
    ]);
    expect(ids('非常抱歉给您带来不好的体验，我们马上为您补发一件新的', complaint)).toEqual([]);
    expect(ids('您好', complaint)).toEqual([]);
  });

  it('blocks rude words', () => {
    expect(ids('爱买不买')).toEqual(['no-rudeness']);
    expect(ids('That is not my problem')).toEqual(['no-rudeness']);
  });

  it('warns about a reply slower than the SLA, with block rules first', () => {
    const v = inspect('我保证处理', { angry: false, waitedMs: 20_000, slaMs: 15_000 }, DEFAULT_QA_RULES);
    expect(v.map((x) => [x.ruleId, x.severity])).toEqual([
      ['no-absolute-promises', 'block'],
      ['reply-within-sla', 'warn'],
    ]);
    expect(v[0]!.matches).toEqual(['保证']);
  });
});
