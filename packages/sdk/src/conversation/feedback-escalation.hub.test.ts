import { afterEach, describe, expect, it } from 'vitest';
import { createFaqBot } from '../faq/faq-bot.ts';
import { SMALL_KB } from '../faq/test-fixtures.ts';
import type { Hub } from '../hub/create-hub.ts';
import { createEscalationRules } from '../routing/escalation-rules.ts';
import type { EscalationSignals } from '../seams/plugins.ts';
import { shopper, startHub, until } from '../testing/hub-fixture.ts';
import type { HubEvents } from './hub-events.ts';

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

/** A zh shopper on a FAQ hub; `ask` sends a question and resolves with the bot's answer. */
async function faqShopper(overrides: Parameters<typeof startHub>[0] = {}) {
  const started = await startHub({ answer: createFaqBot(SMALL_KB), ...overrides });
  hub = started.hub;
  const s = shopper(started.url, { locale: 'zh-CN' });
  s.connect();
  await until(() => s.status === 'open', 'welcome');
  const ask = async (text: string) => {
    const before = s.messages.length;
    s.send(text);
    await until(() => s.messages.slice(before).some((m) => m.author.kind === 'bot'), `an answer to ${text}`);
    return s.messages.slice(before).find((m) => m.author.kind === 'bot')!;
  };
  return { s, ask };
}

describe('answers marked "not helpful"', () => {
  it('hand the shopper to a person at policy.maxFailedBotTurns (2), though each answer was confident', async () => {
    const { s, ask } = await faqShopper();
    const escalated: HubEvents['escalated'][] = [];
    hub.on('escalated', (e) => escalated.push(e));
    const first = await ask('退款多久能到账');
    s.feedback(first.seq, false);
    const second = await ask('运费怎么算？包邮吗？');
    // The bot still has it after one: the second answer came from the bot.
    expect(s.state?.status).toBe('bot');
    s.feedback(second.seq, false);
    await until(() => s.state?.status === 'queued', 'handed to a person');
    expect(escalated).toEqual([expect.objectContaining({ reason: '2 bot answers were marked not helpful' })]);
    s.close();
  });

  it('tell a merchant’s own rules how many, and a change of mind to helpful takes one back', async () => {
    const seen: EscalationSignals[] = [];
    const rules = createEscalationRules();
    const { s, ask } = await faqShopper({
      shouldEscalate: async (signals, ctx) => {
        if (signals.notHelpful !== undefined) seen.push(signals);
        return rules(signals, ctx);
      },
    });
    const first = await ask('退款多久能到账');
    s.feedback(first.seq, false);
    await until(() => seen.length === 1, 'rules asked after the verdict');
    expect(seen[0]).toMatchObject({ text: '', notHelpful: 1, answer: { entryId: 'refund-time' } });
    s.feedback(first.seq, true);
    const second = await ask('运费怎么算？包邮吗？');
    s.feedback(second.seq, false);
    await until(() => seen.length === 2, 'rules asked again');
    expect(seen[1]?.notHelpful).toBe(1);
    expect(s.state?.status).toBe('bot');
    s.close();
  });
});

// QA finding (2026-12): after a 👎, an English "that didn't help" got the off-topic decline ("I can
// only answer questions about the shop…") where 没用 hands over.
describe('a message that says the answer did not help, after a 👎', () => {
  it.each([
    ['zh-CN', '退款多久能到账', '没用', '抱歉，这个问题我暂时答不好，已为您转给人工客服。'],
    ['zh-TW', '退款多久能到賬', '沒用啊', '抱歉，這個問題我暫時答不好，已為您轉給真人客服。'],
    ['zh-TW', '退款多久能到賬', '答非所問', '抱歉，這個問題我暫時答不好，已為您轉給真人客服。'],
    ...['not helpful', "that didn't help", "that's not what I asked"].map((t) => [
      'en',
      'How long does a refund take?',
      t,
      "Sorry, I don't have a good answer to that. I'm passing your question to a member of our team.",
    ]),
  ])(
    '(%s) %s, then %j: handed to a person, not declined as off-topic',
    async (locale, question, text, said) => {
      const started = await startHub({ answer: createFaqBot(SMALL_KB) });
      hub = started.hub;
      const s = shopper(started.url, { locale });
      s.connect();
      await until(() => s.status === 'open' && s.messages.length > 0, 'welcome and greeting');
      const bot = () => s.messages.filter((m) => m.author.kind === 'bot');
      const before = bot().length;
      s.send(question!);
      await until(() => bot().length > before, 'the answer');
      s.feedback(bot().at(-1)!.seq, false);
      s.send(text!);
      await until(
        () => s.state?.status === 'queued',
        () => `queued (state ${s.state?.status})`,
      );
      await until(() => bot().length > before + 1, 'the reply');
      expect(bot().at(-1)!.content).toEqual({ kind: 'text', text: said });
      s.close();
    },
  );
});
