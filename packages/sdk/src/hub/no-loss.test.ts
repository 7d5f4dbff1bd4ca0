import type { Message } from '@kefu/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { agent, handedToAgent, killableWs, shopper, startHub, until } from '../testing/hub-fixture.ts';
import type { Hub } from './create-hub.ts';

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

/** A seeded PRNG, so a failing run can be replayed. */
function prng(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) % 4294967296;
    return seed / 4294967296;
  };
}

const texts = (messages: Message[], kind: 'shopper' | 'agent') =>
  messages
    .filter((m) => m.author.kind === kind)
    .map((m) => (m.content.kind === 'text' ? m.content.text : ''));

/** Seqs below the highest one held that a view lacks (at most 20, for a failure message). */
function missingSeqs(messages: Message[]): number[] {
  const held = new Set(messages.map((m) => m.seq));
  const top = Math.max(0, ...held);
  const missing: number[] = [];
  for (let seq = 1; seq <= top && missing.length < 20; seq++) if (!held.has(seq)) missing.push(seq);
  return missing;
}

describe('nothing is lost, nothing is doubled', () => {
  it('stores a pasted NUL as U+FFFD instead of failing the message on every retry', async () => {
    const started = await startHub();
    hub = started.hub;
    const s = shopper(started.url);
    s.connect();
    await until(() => s.status === 'open', 'welcome');
    s.send('订单\u0000号 123');
    await until(() => texts(s.messages, 'shopper').length === 1, 'the message stored');
    expect(texts(s.messages, 'shopper')).toEqual(['订单\ufffd号 123']);
    expect(s.outbox).toEqual([]);
    s.close();
  });

  it("stores an agent's send once when it is sent again under the same clientMsgId (a retry after a timeout)", async () => {
    const started = await startHub();
    hub = started.hub;
    const { s, a, conversation } = await handedToAgent(started.url);
    const first = await a.send(conversation.id, '已为您退款', { clientMsgId: 'reply-1' });
    const again = await a.send(conversation.id, '已为您退款', { clientMsgId: 'reply-1' });
    expect(again.seq).toBe(first.seq);
    await a.send(conversation.id, 'after');
    await until(() => texts(s.messages, 'agent').includes('after'), 'the later reply');
    expect(texts(s.messages, 'agent')).toEqual(['已为您退款', 'after']);
  });

  it('delivers 1,000 messages each way exactly once and in seq order while sockets are killed at random', async () => {
    const started = await startHub({
      limits: {
        framesPerSecond: 10_000,
        frameBurst: 10_000,
        conversationMessagesPerSecond: 10_000,
        conversationMessageBurst: 10_000,
      },
    });
    hub = started.hub;
    const random = prng(42);
    const shopperNet = killableWs();
    const agentNet = killableWs(null);
    const s = shopper(started.url, { WebSocket: shopperNet.WebSocket });
    s.connect();
    await until(() => s.status === 'open', 'shopper welcome');
    s.send('转人工');
    const a = agent(started.url, undefined, agentNet.WebSocket);
    await a.connect();
    await until(() => s.state?.status === 'queued', 'queued');
    const conversation = await a.accept(s.conversationId!);

    const N = 1000;
    const agentSends: Promise<unknown>[] = [];
    let kills = 0;
    for (let i = 0; i < N; i++) {
      s.send(`s${i}`);
      agentSends.push(a.send(conversation.id, `a${i}`).catch((e: unknown) => e));
      if (random() < 0.02) {
        if (shopperNet.kill()) kills++;
      }
      if (random() < 0.01) {
        if (agentNet.kill()) kills++;
      }
      if (i % 50 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    const progress = () =>
      `shopper holds ${texts(s.messages, 'agent').length} agent messages, outbox ${s.outbox.length}, status ${s.status}; ` +
      `agent holds ${texts(a.conversation(conversation.id)!.messages, 'shopper').length} shopper messages, status ${a.status}, ` +
      `missing seqs ${missingSeqs(a.conversation(conversation.id)!.messages).join(',') || 'none'} of ${a.conversation(conversation.id)!.lastSeq}`;
    await until(
      () => texts(s.messages, 'agent').length === N && s.outbox.length === 0,
      () => `the shopper to hold every agent message and an empty outbox (${progress()})`,
      60_000,
    );
    const agentView = () => a.conversation(conversation.id)!.messages;
    await until(
      () => texts(agentView(), 'shopper').length === N + 1,
      () => `the agent to hold every shopper message (${progress()})`,
      60_000,
    );
    const failures = (await Promise.all(agentSends)).filter((r) => r instanceof Error);
    expect(failures).toEqual([]);

    // Both sides: every message once, gapless seqs, each side's own order kept.
    for (const view of [s.messages, agentView()]) {
      expect(view.map((m) => m.seq)).toEqual(view.map((_, i) => i + 1));
    }
    expect(texts(s.messages, 'agent')).toEqual(Array.from({ length: N }, (_, i) => `a${i}`));
    expect(texts(agentView(), 'shopper')).toEqual([
      '转人工',
      ...Array.from({ length: N }, (_, i) => `s${i}`),
    ]);
    expect(kills).toBeGreaterThan(5);
    s.close();
    a.disconnect();
  }, 120_000);
});
