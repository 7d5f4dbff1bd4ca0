import type { Message } from '@kefu/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createFaqBot } from '../faq/faq-bot.ts';
import type { KnowledgeBase } from '../faq/knowledge-base.ts';
import type { Hub } from '../hub/create-hub.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { Store } from '../store/store.ts';
import { ORIGIN, shopper, startHub, until } from '../testing/hub-fixture.ts';
import type { WebSocketConstructor } from '../transport/socket.ts';

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

/** A memory store that holds the append of the bot's first answer part until `release`. */
function gatedStore() {
  const real = createMemoryStore();
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const seen = { held: false };
  const store = new Proxy(real, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop);
      if (prop === 'appendMessage')
        return (...args: Parameters<Store['appendMessage']>) => {
          if (!seen.held && /^b:\d+:0$/.test(args[0].clientMsgId ?? '')) {
            seen.held = true;
            return gate.then(() => target.appendMessage(...args));
          }
          return target.appendMessage(...args);
        };
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store, seen, release };
}

/**
 * The shopper's socket, to ping: the hub's socket answers a ping after the frames sent before it
 * were read, and a frame read is handed to its session at once, so a pong says the hub took in
 * what was sent before (its own frames wait behind a message still being stored).
 */
function pingableWs() {
  const sockets: WebSocket[] = [];
  const Ctor: WebSocketConstructor = class extends WebSocket {
    constructor(url: string) {
      super(url, { origin: ORIGIN });
      sockets.push(this);
    }
  };
  return {
    WebSocket: Ctor,
    /** Resolves once the hub answered a ping on the newest socket. */
    taken: () =>
      new Promise<void>((resolve) => {
        const socket = sockets.at(-1)!;
        socket.once('pong', () => resolve());
        socket.ping();
      }),
  };
}

/** One entry whose answer is a text and its quick replies: two parts. */
const KB: KnowledgeBase = {
  version: 1,
  entries: [
    {
      id: 'returns',
      question: 'How do I return an item?',
      alternatives: ['return policy'],
      answer: 'Returns are free within 30 days.',
      quickReplies: [{ label: 'Start a return', payload: 'return:start' }],
      tags: [],
    },
  ],
};

const said = (messages: readonly Message[]) =>
  messages.map((m) => `${m.author.kind}: ${m.content.kind === 'text' ? m.content.text : m.content.kind}`);

// Finding (2026-12-05, outside QA): a second question sent quickly landed between the parts of
// the bot's first answer, so its quick replies came after the second question (and the widget,
// which shows the latest message's quick replies, offered them as if they answered it).
describe("a bot answer's parts over the hub", () => {
  it('stay together when the next question comes while the answer is being stored', async () => {
    const gated = gatedStore();
    const started = await startHub({ store: gated.store, answer: createFaqBot(KB) });
    hub = started.hub;
    const ws = pingableWs();
    const s = shopper(started.url, { WebSocket: ws.WebSocket });
    s.connect();
    await until(() => s.status === 'open' && s.messages.length > 0, 'welcome and greeting');

    s.send('How do I return an item?');
    // Acknowledged (the outbox sends one message at a time), and the answer's first part held.
    await until(() => gated.seen.held && s.outbox.length === 0, "the answer's first part on its way");
    s.send('And how long does a refund take?');
    await ws.taken();
    gated.release();

    await until(
      () => s.messages.filter((m) => m.author.kind === 'bot').length >= 3,
      () => `both answers (${said(s.messages).join(' | ')})`,
    );
    const afterGreeting = said(s.messages.slice(1));
    const first = afterGreeting.indexOf('bot: Returns are free within 30 days.');
    expect(afterGreeting[0]).toBe('shopper: How do I return an item?');
    expect(afterGreeting[first + 1]).toBe('bot: quick_replies');
    expect(afterGreeting).toContain('shopper: And how long does a refund take?');
    // Every message stored once, in seq order with no gaps.
    expect(s.messages.map((m) => m.seq)).toEqual(s.messages.map((_, i) => i + 1));
  });
});
