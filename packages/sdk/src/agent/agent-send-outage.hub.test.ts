import type { Message } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store.ts';
import type { Store } from '../store/store.ts';
import { agent, killableWs, shopperAskingForPerson, startHub, until } from '../testing/hub-fixture.ts';
import { settleAll } from '../testing/until.ts';

// The hub and the clients are closed after each test by test/close-started.ts.

const agentTexts = (messages: Message[]) =>
  messages
    .filter((m) => m.author.kind === 'agent')
    .map((m) => (m.content.kind === 'text' ? m.content.text : ''));

/** A memory store whose writes of agent messages can be failed (a database outage) or held (a slow one). */
function troubledStore() {
  const store = createMemoryStore();
  const append = store.appendMessage.bind(store);
  const trouble = { down: false, failed: 0, held: undefined as Promise<void> | undefined, waiting: 0 };
  const troubled: Store = Object.assign(store, {
    async appendMessage(...args: Parameters<Store['appendMessage']>) {
      if (args[0].author.kind === 'agent') {
        if (trouble.down) {
          trouble.failed++;
          throw new Error('connection to the database lost');
        }
        if (trouble.held) {
          trouble.waiting++;
          await trouble.held;
        }
      }
      return append(...args);
    },
  });
  return { store: troubled, trouble };
}

/** A shopper handed to an agent whose sockets the test can cut. */
async function handedOver(url: string) {
  const s = await shopperAskingForPerson(url, 'queued');
  const net = killableWs(null);
  const a = agent(url, undefined, net.WebSocket);
  await a.connect();
  const conversation = await a.accept(s.conversationId!);
  return { s, a, net, conversationId: conversation.id };
}

describe("an agent's send during store trouble", () => {
  it('is re-sent through a database outage and a reconnect, and reaches the shopper exactly once', async () => {
    const { store, trouble } = troubledStore();
    const { url } = await startHub({ store });
    const { s, a, net, conversationId } = await handedOver(url);

    trouble.down = true;
    const sending = a.send(conversationId, '已为您退款');
    // Refused for now, then re-sent after the pause: the store saw it twice.
    await until(() => trouble.failed >= 2, 'the send refused twice');
    net.kill();
    await until(() => a.status === 'reconnecting', 'the agent to lose its socket');
    await until(() => a.status === 'open', 'the agent to reconnect');
    trouble.down = false;

    const sent = await sending;
    await a.send(conversationId, 'after');
    await until(() => agentTexts(s.messages).includes('after'), 'the later reply');
    expect(agentTexts(s.messages)).toEqual(['已为您退款', 'after']);
    expect(s.messages.find((m) => m.seq === sent.seq)?.content).toMatchObject({ text: '已为您退款' });
  });

  it('is re-sent after a reconnect while the store still holds the first copy, and stored once', async () => {
    const { store, trouble } = troubledStore();
    const { url } = await startHub({ store });
    const { s, a, net, conversationId } = await handedOver(url);

    let release = () => {};
    trouble.held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const sending = a.send(conversationId, '稍等，我查一下');
    await until(() => trouble.waiting === 1, 'the store to hold the send');
    // The connection is lost while the hub waits on its store: the send goes again on the next one.
    net.kill();
    await until(() => a.status === 'reconnecting', 'the agent to lose its socket');
    // The welcome re-sent it; whether the copy reaches the hub before or after the first is stored,
    // the hub stores it once.
    await until(() => a.status === 'open', 'the agent to reconnect');
    trouble.held = undefined;
    release();

    await sending;
    await a.send(conversationId, 'after');
    await until(() => agentTexts(s.messages).includes('after'), 'the later reply');
    expect(agentTexts(s.messages)).toEqual(['稍等，我查一下', 'after']);
  });

  it('is re-sent when the hub refuses it as rate_limited, and every send of a burst resolves once stored', async () => {
    // The hub names the refused request by the `id` it finds before any nested object; the agent's
    // send put its id after its content, so the refusal named no request and the send waited for ever.
    const { url } = await startHub({ limits: { agentFramesPerSecond: 2, agentFrameBurst: 4 } });
    const { s, a, conversationId } = await handedOver(url);
    const texts = Array.from({ length: 8 }, (_, i) => `reply ${i}`);
    const sends = texts.map((text) => a.send(conversationId, text));
    await settleAll(sends, 'sends settled');
    await until(() => agentTexts(s.messages).length === texts.length, 'the shopper to hold every reply');
    expect([...agentTexts(s.messages)].sort()).toEqual(texts);
  });

  it('reaches the shopper in the order typed when sends refused a different number of times are stored after the outage', async () => {
    // Each refused send waited its own pause, doubling with each refusal: a reply typed early in an
    // outage waited longer than one typed late, and the shopper read the agent's replies shuffled.
    const { store, trouble } = troubledStore();
    const { url } = await startHub({ store });
    const { s, a, conversationId } = await handedOver(url);

    trouble.down = true;
    const first = a.send(conversationId, 'first');
    await until(() => trouble.failed >= 2, 'the first send refused twice');
    const second = a.send(conversationId, 'second');
    await until(() => trouble.failed >= 3, 'the second send refused');
    trouble.down = false;
    await settleAll([first, second], 'sends stored');
    await until(() => agentTexts(s.messages).length === 2, 'the shopper to hold both replies');
    expect(agentTexts(s.messages)).toEqual(['first', 'second']);
  });
});
