import type { Message } from '@kefu/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createFaqBot } from '../faq/faq-bot.ts';
import { SMALL_KB } from '../faq/test-fixtures.ts';
import type { Hub } from '../hub/create-hub.ts';
import { shopper, startHub, until } from '../testing/hub-fixture.ts';
import type { HubEvents } from './hub-events.ts';

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

/** A shopper on a FAQ hub; `ask` sends a question and resolves with what the bot and system said after it. */
async function faqShopper(locale: string) {
  const started = await startHub({ answer: createFaqBot(SMALL_KB) });
  hub = started.hub;
  const s = shopper(started.url, { locale });
  s.connect();
  await until(() => s.status === 'open' && s.messages.length > 0, 'welcome and greeting');
  const ask = async (text: string, settled: (after: Message[]) => boolean) => {
    const before = s.messages.length;
    s.send(text);
    const after = () => s.messages.slice(before).filter((m) => m.author.kind !== 'shopper');
    await until(() => settled(after()), `the reply to ${text}`);
    return after().map((m) => m.content);
  };
  return { s, ask };
}

const bot = (n: number) => (after: Message[]) => after.filter((m) => m.author.kind === 'bot').length >= n;

// QA finding (2026-12): the same question three times got the same answer three times, and a
// person was never offered.
describe('the same answer asked for again', () => {
  it.each([
    [
      'zh-CN',
      ['退款多久能到账', '退款多久能到账？', '退款多久到账'],
      '审核通过后原路退回，1-7 个工作日到账。',
      { label: '转人工', payload: '转人工' },
      '看来这个回答没能帮到您，已为您转给人工客服。',
    ],
    [
      'zh-TW',
      ['退款多久能到賬', '退款多久能到賬？', '退款多久到賬'],
      '審核通過後原路退回，1-7 個工作日到賬。',
      { label: '轉真人客服', payload: '轉人工' },
      '看來這個回答沒能幫到您，已為您轉給真人客服。',
    ],
    [
      'en',
      ['How long does a refund take?', 'how long does a refund take', 'How long does a refund take??'],
      'Refunds take 1-7 working days.',
      { label: 'Talk to a person', payload: 'talk to a human' },
      "It looks like that answer didn't help, so I'll pass this to a member of our team.",
    ],
  ])(
    '(%s) offers a person the second time and hands over the third, never repeating it a third time',
    async (locale, [first, second, third], answer, person, handoff) => {
      const { s, ask } = await faqShopper(locale);
      const escalated: HubEvents['escalated'][] = [];
      hub.on('escalated', (e) => escalated.push(e));
      expect(await ask(first!, bot(1))).toEqual([{ kind: 'text', text: answer }]);
      expect(await ask(second!, bot(2))).toEqual([
        { kind: 'text', text: answer },
        { kind: 'quick_replies', text: expect.any(String), replies: [person] },
      ]);
      expect(s.state?.status).toBe('bot');
      const said = await ask(third!, (after) => bot(1)(after) && s.state?.status === 'queued');
      expect(said[0]).toEqual({ kind: 'text', text: handoff });
      expect(said).not.toContainEqual({ kind: 'text', text: answer });
      expect(escalated).toEqual([
        expect.objectContaining({ reason: 'the same answer a third time in a row' }),
      ]);
    },
  );

  it('starts counting again after another answer in between', async () => {
    const { s, ask } = await faqShopper('zh-CN');
    await ask('退款多久能到账', bot(1));
    await ask('退款多久能到账？', bot(2));
    expect(await ask('运费怎么算？包邮吗？', bot(1))).toHaveLength(1);
    expect(await ask('退款多久能到账', bot(1))).toEqual([
      { kind: 'text', text: '审核通过后原路退回，1-7 个工作日到账。' },
    ]);
    expect(s.state?.status).toBe('bot');
  });
});
