import type { Message } from '@kefu/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../hub/create-hub.ts';
import type { HubOptions } from '../hub/hub-options.ts';
import type { LogFields } from '../logger.ts';
import type { BotQuestion } from '../seams/plugins.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { NewMessage } from '../store/store.ts';
import { eventually } from '../testing/eventually.ts';
import { flakyStore } from '../testing/flaky-store.ts';
import { agent, SUPERVISOR_TOKEN, shopper, startHub, until } from '../testing/hub-fixture.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import type { HubEvents } from './hub-events.ts';

let hub: Hub | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

/**
 * A hub on a memory store that fails when told, on a clock the test moves: the bot answers each
 * question in two parts ("A: …", "more on …"), and `retries` are the waits the hub logged.
 */
async function start(options: Partial<HubOptions> = {}) {
  const clock = new ManualClock(Date.now());
  const flaky = flakyStore(createMemoryStore());
  const retries: LogFields[] = [];
  const asked: string[] = [];
  const errors: HubEvents['error'][] = [];
  const escalated: HubEvents['escalated'][] = [];
  const started = await startHub({
    store: flaky.store,
    clock,
    logger: {
      log: (_level, event, fields) => void (event === 'bot.turn.retry' && retries.push(fields ?? {})),
    },
    answer: async (q: BotQuestion) => {
      asked.push(q.text);
      return {
        content: [
          { kind: 'text', text: `A: ${q.text}` },
          { kind: 'text', text: `more on ${q.text}` },
        ],
        confidence: 0.9,
      };
    },
    ...options,
  });
  hub = started.hub;
  hub.on('error', (e) => errors.push(e));
  hub.on('escalated', (e) => escalated.push(e));
  const s = shopper(started.url);
  s.connect();
  await until(() => s.status === 'open' && s.messages.length > 0, 'welcome and greeting');
  /** Moves the clock past the next wait the hub logged, once it has logged it. */
  const nextRetry = async () => {
    const seen = retries.length;
    await until(() => retries.length > seen, `retry ${seen + 1} scheduled`);
    clock.advance(Number(retries.at(-1)!.inMs));
  };
  return { ...started, clock, flaky, retries, asked, errors, escalated, s, nextRetry };
}

const botTexts = (messages: Message[]) =>
  messages
    .filter((m) => m.author.kind === 'bot')
    .map((m) => (m.content.kind === 'text' ? m.content.text : ''));

/** A bot post of the part that starts with `text`. */
const botSays =
  (text: string) =>
  (m: NewMessage): boolean =>
    m.author.kind === 'bot' && m.content.kind === 'text' && m.content.text.startsWith(text);

describe('a bot turn that hits a store failure', () => {
  it('is tried again once the store is back, and the shopper gets the whole answer exactly once', async () => {
    const t = await start();
    // The first part is stored, the second fails twice: the answer stopped halfway.
    t.flaky.fail('appendMessage', 2, botSays('more on'));
    t.s.send('do you ship to Hangzhou?');
    await t.nextRetry();
    await t.nextRetry();
    await until(
      () => botTexts(t.s.messages).length === 3,
      () => `the answer (${botTexts(t.s.messages)})`,
    );
    expect(botTexts(t.s.messages).slice(1)).toEqual([
      'A: do you ship to Hangzhou?',
      'more on do you ship to Hangzhou?',
    ]);
    // The bot was asked once: a retry posts the reply the first try got.
    expect(t.asked).toEqual(['do you ship to Hangzhou?']);
    const stored = await t.flaky.store.listMessages(t.s.conversationId!, { limit: 50 });
    expect(stored.filter((m) => m.author.kind === 'bot').map((m) => m.clientMsgId)).toEqual([
      undefined,
      'b:2:0',
      'b:2:1',
    ]);
    await eventually(
      async () => (await t.flaky.store.listEvents({ kinds: ['bot.answer'] })).length === 1,
      'the answer recorded',
    );
    expect(t.errors).toEqual([]);
    expect(t.s.state?.status).toBe('bot');
  });

  it('records an answer stored whole before the failure once, and counts the failed bot turn once', async () => {
    const t = await start({
      answer: async (q) => {
        t.asked.push(q.text);
        return { content: [{ kind: 'text', text: `maybe: ${q.text}` }], confidence: 0.2 };
      },
    });
    // The answer is stored; the write of the turn's count (an unsure answer) fails.
    t.flaky.fail('updateConversation', 1, (_id, patch) => patch.failedBotTurns !== undefined);
    t.s.send('what colour is it?');
    await t.nextRetry();
    await eventually(
      async () => (await t.flaky.store.getConversation(t.s.conversationId!))?.failedBotTurns === 1,
      'the unsure turn counted',
    );
    await hub!.close();
    expect(botTexts(t.s.messages).slice(1)).toEqual(['maybe: what colour is it?']);
    expect(await t.flaky.store.listEvents({ kinds: ['bot.answer'] })).toHaveLength(1);
    expect(t.asked).toEqual(['what colour is it?']);
  });

  it('keeps the order of the questions: a question sent meanwhile is answered after the retried one', async () => {
    const t = await start();
    t.flaky.fail('appendMessage', 1, botSays('A: first'));
    t.s.send('first');
    await until(() => t.retries.length === 1, 'a retry scheduled');
    t.s.send('second');
    await until(
      () => t.s.messages.some((m) => m.content.kind === 'text' && m.content.text === 'second'),
      'second stored',
    );
    t.clock.advance(Number(t.retries[0]!.inMs));
    await until(
      () => botTexts(t.s.messages).length === 5,
      () => `both answers (${botTexts(t.s.messages)})`,
    );
    expect(botTexts(t.s.messages).slice(1)).toEqual([
      'A: first',
      'more on first',
      'A: second',
      'more on second',
    ]);
  });

  it('stays out of a conversation a person took and closed while it waited: no reopening, no answer', async () => {
    const t = await start();
    t.flaky.fail('appendMessage', 1, botSays('A:'));
    t.s.send('is anyone there?');
    await until(() => t.retries.length === 1, 'a retry scheduled');
    const a = agent(t.url, SUPERVISOR_TOKEN);
    await a.connect();
    await a.accept(t.s.conversationId!);
    await a.close(t.s.conversationId!);
    await until(() => t.s.state?.status === 'closed', 'closed');
    t.clock.advance(Number(t.retries[0]!.inMs));
    await hub!.close();
    const stored = await t.flaky.store.getConversation(t.s.conversationId!);
    expect(stored?.state.status).toBe('closed');
    expect(botTexts(await t.flaky.store.listMessages(t.s.conversationId!, { limit: 50 }))).toHaveLength(1);
    expect(t.errors).toEqual([]);
  });

  it('hands the conversation to people, with a fault and a bot.failed event, when the store keeps failing', async () => {
    const t = await start({ botRetryMs: [1000, 2000] });
    t.flaky.fail('appendMessage', 3, botSays('A:'));
    t.s.send('where is my parcel?');
    await t.nextRetry();
    await t.nextRetry();
    await until(
      () => t.s.state?.status === 'queued',
      () => `queued (${t.s.state?.status})`,
    );
    expect(t.escalated.map((e) => e.reason)).toEqual(['the bot could not answer (a store failure)']);
    expect(t.errors.map((e) => [e.code, e.message])).toEqual([
      ['internal', 'bot turn failed (3 tries): read ECONNRESET'],
    ]);
    await eventually(
      async () => (await t.flaky.store.listEvents({ kinds: ['bot.failed'] })).length === 1,
      'bot.failed recorded',
    );
    const [failed] = await t.flaky.store.listEvents({ kinds: ['bot.failed'] });
    expect(failed?.data).toEqual({ seq: 2, tries: 3, transient: true });
  });

  it('hands over at once, without waiting, on a failure a retry would meet again', async () => {
    const t = await start();
    t.flaky.fail('appendMessage', 1, botSays('A:'), () => new TypeError('a bug'));
    t.s.send('where is my parcel?');
    await until(
      () => t.s.state?.status === 'queued',
      () => `queued (${t.s.state?.status})`,
    );
    expect(t.retries).toEqual([]);
    expect(t.errors.map((e) => e.message)).toEqual(['bot turn failed (1 try): a bug']);
  });

  it('is tried once more at once when the hub closes, not after its wait', async () => {
    const t = await start();
    t.flaky.fail('appendMessage', 1, botSays('A:'));
    t.s.send('still there?');
    await until(() => t.retries.length === 1, 'a retry scheduled');
    await hub!.close();
    expect(botTexts(await t.flaky.store.listMessages(t.s.conversationId!, { limit: 50 })).slice(1)).toEqual([
      'A: still there?',
      'more on still there?',
    ]);
  });
});
