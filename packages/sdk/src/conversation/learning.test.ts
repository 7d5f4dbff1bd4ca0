import { afterEach, describe, expect, it } from 'vitest';
import { createFaqBot } from '../faq/faq-bot.ts';
import { SMALL_KB } from '../faq/test-fixtures.ts';
import type { Hub } from '../hub/create-hub.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { handedToAgent, shopper, startHub, until } from '../testing/hub-fixture.ts';

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

/** A shopper on the started hub asks what SMALL_KB answers; the hub is closed after the test. */
async function answered(started: Awaited<ReturnType<typeof startHub>>) {
  hub = started.hub;
  const s = shopper(started.url, { locale: 'zh-CN' });
  s.connect();
  await until(() => s.status === 'open', 'welcome');
  s.send('退款多久能到账');
  await until(() => s.messages.filter((m) => m.author.kind === 'bot').length === 2, 'answer');
  return { s, answer: s.messages.filter((m) => m.author.kind === 'bot').at(-1)! };
}

describe('learning from shoppers and agents', () => {
  it('records "helpful / not helpful" on a bot answer, with the entry it came from', async () => {
    const { s, answer } = await answered(await startHub({ answer: createFaqBot(SMALL_KB) }));
    s.feedback(answer.seq, true);
    const errors: string[] = [];
    s.on('error', (e) => errors.push(e.code));
    s.feedback(1_000, false);
    await until(
      () => errors.includes('not_found'),
      'feedback on a message that is not a bot answer is refused',
    );
    const report = await hub.report({ from: Date.now() - 86_400_000, to: Date.now() + 1000 });
    expect(report.total.bot).toEqual({ answers: 1, helpful: 1, notHelpful: 0, failures: 0 });
    s.close();
  });

  it('keeps one verdict per bot answer: repeats change nothing, a change of mind counts once, a flood is refused', async () => {
    const store = createMemoryStore();
    const { s, answer } = await answered(await startHub({ store, answer: createFaqBot(SMALL_KB) }));
    const errors: string[] = [];
    s.on('error', (e) => errors.push(e.code));
    for (let i = 0; i < 5; i++) s.feedback(answer.seq, false);
    s.feedback(answer.seq, true);
    s.feedback(answer.seq, false);
    s.feedback(answer.seq, true);
    await until(() => errors.includes('conflict'), 'a fourth verdict on one answer is refused');
    const conversationId = s.conversationId!;
    const kept = (await store.listEvents({ conversationId, kinds: ['feedback'] })).map(
      (e) => e.data?.helpful,
    );
    expect(kept).toEqual([false, true, false]);
    const report = await hub.report({ from: Date.now() - 86_400_000, to: Date.now() + 1000 });
    expect(report.total.bot).toEqual({ answers: 1, helpful: 0, notHelpful: 1, failures: 0 });
    s.close();
  });

  it('drafts a knowledge-base entry from an agent reply, and records which suggestion an agent used', async () => {
    const store = createMemoryStore();
    const started = await startHub({
      store,
      assist: { canned: [{ id: 'size', title: '尺码建议', text: '身高 175 建议 L 码' }] },
    });
    hub = started.hub;
    const { s, a, conversation: c } = await handedToAgent(started.url, { locale: 'zh-CN' });
    // Shopper-written: a zero-width space and a U+202E must not ride into the shop's own entry.
    s.send('我身\u200B高175穿什么码？\u202E');
    await until(
      () =>
        a
          .conversation(c.id)!
          .messages.some((m) => m.content.kind === 'text' && m.content.text.includes('175')),
      'question',
    );
    const { seq } = await a.send(c.id, '身高 175 建议 L 码', { suggestion: { kind: 'canned', id: 'size' } });
    const draft = await hub.draftKnowledgeEntry(c.id, seq);
    expect(draft).toMatchObject({
      question: '我身高175穿什么码？',
      answer: '身高 175 建议 L 码',
      source: { agentId: 'mei' },
    });
    expect((await hub.knowledgeDrafts()).map((d) => d.id)).toEqual([draft.id]);
    await expect(hub.draftKnowledgeEntry(c.id, 1)).rejects.toMatchObject({ code: 'not_found' });
    const used = await store.listEvents({ kinds: ['assist.used'] });
    expect(used.map((e) => [e.agentId, e.data])).toEqual([['mei', { kind: 'canned', id: 'size' }]]);
    s.close();
    a.disconnect();
  });
});
