import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBus } from '../bus/memory-bus.ts';
import { memoryStorage } from '../client/index.ts';
import { createFaqBot } from '../faq/faq-bot.ts';
import { SMALL_KB } from '../faq/test-fixtures.ts';
import type { Hub } from '../hub/create-hub.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { shopper, startHub, until } from '../testing/hub-fixture.ts';

// README (Persistence, several hubs): a shopper's "was this helpful?" counts once per answer, the
// latest verdict, whichever node each of their tabs reached.

const hubs: Hub[] = [];
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.close();
});

describe('"was this helpful?" on two hub nodes', () => {
  it('counts the latest verdict on an answer once in the report, and hands over on verdicts given through both', async () => {
    const store = createMemoryStore();
    const bus = createMemoryBus();
    const a = await startHub({ answer: createFaqBot(SMALL_KB), store, bus });
    const b = await startHub({ answer: createFaqBot(SMALL_KB), store, bus });
    hubs.push(a.hub, b.hub);
    // One browser (one device id) with a tab on each node.
    const storage = memoryStorage();
    const onA = shopper(a.url, { locale: 'zh-CN', storage });
    onA.connect();
    await until(() => onA.status === 'open', 'tab on node a');
    const bot = () => onA.messages.filter((m) => m.author.kind === 'bot' && m.content.kind === 'text');
    const before = bot().length;
    onA.send('退款多久能到账');
    await until(() => bot().length > before, 'first answer');
    const first = bot().at(-1)!;
    const onB = shopper(b.url, { locale: 'zh-CN', storage });
    onB.connect();
    await until(() => onB.messages.some((m) => m.seq === first.seq), 'tab on node b, with the answer');
    const conversationId = onA.conversationId!;
    const votes = async () => (await store.listEvents({ conversationId, kinds: ['feedback'] })).length;

    // Not helpful through a, then helpful through b: the report counts the latest, once.
    onA.feedback(first.seq, false);
    await expect.poll(votes, { timeout: 10_000 }).toBe(1);
    onB.feedback(first.seq, true);
    await expect.poll(votes, { timeout: 10_000 }).toBe(2);
    const now = Date.now();
    const report = await a.hub.admin.report({ from: now - 3_600_000, to: now + 60_000 });
    expect(report.total.bot).toMatchObject({ helpful: 1, notHelpful: 0 });

    // Not helpful again through b, and on a second answer through a: two, so a person.
    onB.feedback(first.seq, false);
    const count = bot().length;
    onA.send('运费怎么算？包邮吗？');
    await until(() => bot().length > count, 'second answer');
    onA.feedback(bot().at(-1)!.seq, false);
    await until(
      () => onA.state?.status === 'queued',
      () => `handed to a person (${onA.state?.status})`,
    );
    expect(
      (await b.hub.admin.report({ from: now - 3_600_000, to: Date.now() + 60_000 })).total.bot,
    ).toMatchObject({ helpful: 0, notHelpful: 2 });
    onA.close();
    onB.close();
  });
});
