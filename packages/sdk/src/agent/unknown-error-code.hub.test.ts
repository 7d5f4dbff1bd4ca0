import { isKefuError, type Message } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store.ts';
import type { Store } from '../store/store.ts';
import { agent, shopperAskingForPerson, startHub, until } from '../testing/hub-fixture.ts';
import { newerHubWs } from '../testing/newer-hub-ws.ts';

// The hub and the clients are closed after each test by test/close-started.ts.

/** A memory store whose writes of agent messages fail while `down` (a database outage). */
function troubledStore() {
  const store = createMemoryStore();
  const append = store.appendMessage.bind(store);
  const trouble = { down: false, failed: 0 };
  const troubled: Store = Object.assign(store, {
    async appendMessage(...args: Parameters<Store['appendMessage']>) {
      if (trouble.down && args[0].author.kind === 'agent') {
        trouble.failed++;
        throw new Error('connection to the database lost');
      }
      return append(...args);
    },
  });
  return { store: troubled, trouble };
}

/** An agent on a hub that answers a store fault with a code this build does not know. */
async function onNewerHub(retryable: boolean) {
  const { store, trouble } = troubledStore();
  const { url } = await startHub({ store });
  const s = await shopperAskingForPerson(url, 'queued');
  const a = agent(url, undefined, newerHubWs('store_unavailable', retryable, null));
  await a.connect();
  const conversation = await a.accept(s.conversationId!);
  return { s, a, trouble, conversationId: conversation.id };
}

const agentTexts = (messages: Message[]) =>
  messages
    .filter((m) => m.author.kind === 'agent')
    .map((m) => (m.content.kind === 'text' ? m.content.text : ''));

describe('the agent client on an error code it does not know', () => {
  it('re-sends a send refused with a retryable one, and delivers it', async () => {
    const { s, a, trouble, conversationId } = await onNewerHub(true);
    trouble.down = true;
    const sending = a.send(conversationId, '已为您退款');
    await until(() => trouble.failed >= 2, 'the send refused, then re-sent');
    trouble.down = false;
    await sending;
    await until(() => agentTexts(s.messages).includes('已为您退款'), 'the reply at the shopper');
    expect(agentTexts(s.messages)).toEqual(['已为您退款']);
  });

  it("fails a send refused with one that is not retryable, with the hub's message", async () => {
    const { a, trouble, conversationId } = await onNewerHub(false);
    trouble.down = true;
    const error: unknown = await a.send(conversationId, '已为您退款').catch((e: unknown) => e);
    expect(isKefuError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'invalid_frame', retryable: false });
    expect((error as Error).message).toContain('the hub could not handle this frame');
    expect(trouble.failed).toBe(1);
    expect(a.status).toBe('open');
  });
});
