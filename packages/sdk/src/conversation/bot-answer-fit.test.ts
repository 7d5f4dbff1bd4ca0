import { LIMITS } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import type { BotAnswer, BotContent } from '../seams/plugins.ts';
import { fitBotAnswer } from './bot-answer-fit.ts';

const answer = (...content: BotContent[]): BotAnswer => ({ content, confidence: 0.9 });

describe('fitBotAnswer', () => {
  it('passes an answer the frames carry as it is, without a copy', () => {
    const ok = answer({ kind: 'text', text: '7 天无理由退货' });
    expect(fitBotAnswer(ok)).toEqual({ ok: true, answer: ok });
    expect((fitBotAnswer(ok) as { answer: BotAnswer }).answer).toBe(ok);
    expect(fitBotAnswer(null)).toEqual({ ok: true, answer: null });
  });

  it('cuts a text that echoes a 4000-character question to maxTextChars, never inside an emoji', () => {
    const question = `${'问'.repeat(3999)}😀`;
    const fitted = fitBotAnswer(answer({ kind: 'text', text: `You asked: ${question}` }));
    const text = fitted.ok && fitted.answer?.content[0]?.kind === 'text' ? fitted.answer.content[0].text : '';
    expect(text.length).toBeLessThanOrEqual(LIMITS.maxTextChars);
    expect(text.startsWith('You asked: 问问')).toBe(true);
    expect(text).not.toMatch(/[\ud800-\udbff]$/);
  });

  it('cuts quick-reply labels and the text above them, keeping the payloads', () => {
    const fitted = fitBotAnswer(
      answer({
        kind: 'quick_replies',
        text: 'x'.repeat(4100),
        replies: [{ label: '查看订单的物流详情'.repeat(5), payload: 'track:SO-1024' }],
      }),
    );
    expect(fitted.ok).toBe(true);
    const content = fitted.ok ? fitted.answer?.content[0] : undefined;
    expect(content).toMatchObject({ kind: 'quick_replies', replies: [{ payload: 'track:SO-1024' }] });
    if (content?.kind !== 'quick_replies') throw new Error('not quick replies');
    expect(content.text?.length).toBe(LIMITS.maxTextChars);
    expect(content.replies[0]!.label.length).toBe(LIMITS.maxQuickReplyLabelChars);
  });

  it.each<[string, BotContent, RegExp]>([
    [
      'a payload longer than 256 characters',
      { kind: 'quick_replies', replies: [{ label: 'Track', payload: `track:${'9'.repeat(300)}` }] },
      /content\[1\] replies\.0\.payload: too long \(at most 256\)/,
    ],
    [
      'more quick replies than a message may hold',
      {
        kind: 'quick_replies',
        replies: Array.from({ length: 11 }, (_, i) => ({ label: `${i}`, payload: `p${i}` })),
      },
      /content\[1\] replies: too many items \(at most 10\)/,
    ],
    [
      'a system line',
      { kind: 'system', event: 'notice', text: 'agent joined' } as unknown as BotContent,
      /content\[1\]\.kind must be text, quick_replies, product or order/,
    ],
    ['an empty text', { kind: 'text', text: '' }, /content\[1\] text: too short/],
  ])('refuses %s with plugin_failed naming the field', (_name, bad, message) => {
    const fitted = fitBotAnswer(answer({ kind: 'text', text: 'ok' }, bad));
    expect(fitted.ok).toBe(false);
    if (fitted.ok) return;
    expect(fitted.error.code).toBe('plugin_failed');
    expect(fitted.error.message).toMatch(message);
  });
});

describe('fitBotAnswer: answers that said nothing or a confidence out of range', () => {
  it('fails an answer with no content and no hand-over, which left the shopper in silence', () => {
    const fitted = fitBotAnswer({ content: [], confidence: 0.9 });
    expect(fitted.ok).toBe(false);
    if (!fitted.ok) expect(fitted.error.message).toMatch(/content is empty/);
    // A hand-over without words is still one: the shopper is told they are queued.
    expect(fitBotAnswer({ content: [], handoff: true }).ok).toBe(true);
  });

  it('fails a confidence that is not a number and clamps one outside 0..1', () => {
    const text: BotContent = { kind: 'text', text: 'maybe' };
    expect(fitBotAnswer({ content: [text], confidence: Number.NaN }).ok).toBe(false);
    expect(fitBotAnswer({ content: [text], confidence: '0.9' as never }).ok).toBe(false);
    expect(fitBotAnswer({ content: [text], confidence: 7 })).toEqual({
      ok: true,
      answer: { content: [text], confidence: 1 },
    });
  });
});
