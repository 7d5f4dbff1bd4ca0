import type { Message } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { createMemoryStore } from '../store/memory-store.ts';
import type { Store } from '../store/store.ts';
import { cuttableProxy } from '../testing/cuttable-proxy.ts';
import {
  AGENT_TOKEN,
  agent,
  killableWs,
  shopperAskingForPerson,
  startHub,
  until,
  wsWithOrigin,
} from '../testing/hub-fixture.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { track, trackHub } from '../testing/started.ts';
import { settleAll } from '../testing/until.ts';
import type { WebSocketConstructor } from '../transport/socket.ts';
import { createAgentClient } from './agent-client.ts';

// The hub, the proxy and the clients are closed after each test by test/close-started.ts.

const agentTexts = (messages: Message[]) =>
  messages.flatMap((m) => (m.author.kind === 'agent' && m.content.kind === 'text' ? [m.content.text] : []));

/** A memory store whose writes of agent messages fail while `down` (PostgreSQL stopped). */
function outageStore() {
  const store = createMemoryStore();
  const append = store.appendMessage.bind(store);
  const outage = { down: false, failed: 0 };
  const wrapped: Store = Object.assign(store, {
    async appendMessage(...args: Parameters<Store['appendMessage']>) {
      if (outage.down && args[0].author.kind === 'agent') {
        outage.failed++;
        throw new Error('connection to the database lost');
      }
      return append(...args);
    },
  });
  return { store: wrapped, outage };
}

/** A `ws` WebSocket (no Origin) that logs, in order, the sends it carried out and the answers it heard. */
function recordingWs() {
  const log: { dir: 'out' | 'in'; type: string; id?: string; text?: string }[] = [];
  let made = 0;
  const Ctor: WebSocketConstructor = class extends (wsWithOrigin(null) as unknown as typeof WebSocket) {
    constructor(url: string) {
      super(url);
      made++;
      this.on('message', (data) => {
        const f = JSON.parse(String(data)) as { type: string; re?: string };
        if (f.type === 'ack' || f.type === 'error') log.push({ dir: 'in', type: f.type, id: f.re });
      });
    }
    override send(data: string): void {
      const f = JSON.parse(data) as { type: string; id?: string; content?: { text?: string } };
      if (f.type === 'send') log.push({ dir: 'out', type: f.type, id: f.id, text: f.content?.text });
      super.send(data);
    }
  } as unknown as WebSocketConstructor;
  return {
    WebSocket: Ctor,
    log,
    get made() {
      return made;
    },
  };
}

/**
 * The store refused `n` agent writes and the client has heard each refusal: the hub counts one
 * before its error frame reaches the client, and a clock moved in between ran ahead of the retry
 * the refusal then scheduled (which never came).
 */
const refusedTimes = (outage: { failed: number }, wire: ReturnType<typeof recordingWs>, n: number) => () =>
  outage.failed === n && wire.log.filter((e) => e.dir === 'in' && e.type === 'error').length === n;

/** An agent on a fake clock (retries go only when the test moves it) who accepted a shopper, on a hub over `store`. */
async function deskOnFakeClock(store: Store) {
  const { url } = await startHub({ store });
  const s = await shopperAskingForPerson(url, 'queued');
  const clock = new ManualClock(Date.now());
  const wire = recordingWs();
  const a = track(
    createAgentClient({
      url,
      token: AGENT_TOKEN,
      WebSocket: wire.WebSocket,
      clock,
      requestTimeoutMs: 120_000,
    }),
  );
  await a.connect();
  const { id } = await a.accept(s.conversationId!);
  return { s, a, clock, wire, conversationId: id };
}

describe('an agent client coming out of a store outage', () => {
  it("re-sends a refused send as soon as the hub answers a request again, not when the outage's doubled pause ends", async () => {
    const { store, outage } = outageStore();
    const { s, a, clock, wire, conversationId } = await deskOnFakeClock(store);
    outage.down = true;
    let stored = false;
    const sending = a.send(conversationId, '已为您退款').then((ack) => {
      stored = true;
      return ack;
    });
    await until(refusedTimes(outage, wire, 1), 'the send refused');
    // Refused four more times, each after its pause (1, 2, 4, 8 s at most): the next pause is long.
    for (let k = 0; k < 4; k++) {
      clock.advance(1000 * 2 ** k);
      await until(refusedTimes(outage, wire, k + 2), () => `refusal ${k + 2} (${outage.failed} so far)`);
    }
    outage.down = false;
    // The store is back: the hub answers another request.
    await a.markRead(conversationId, 1);
    // Not at once: a hub answering some requests while refusing this one is not hammered (1 s apart).
    expect(wire.log.filter((e) => e.dir === 'out' && e.text === '已为您退款')).toHaveLength(5);
    // Then 1 s after its last refusal, well before the doubled pause (16 s; 5 s at the new cap) ends.
    clock.advance(1000);
    await until(() => stored, 'the refused send stored once the hub answered again');
    expect(outage.failed).toBe(5);
    expect((await sending).seq).toBeGreaterThan(0);
    await until(() => agentTexts(s.messages).length === 1, 'the shopper to hold the reply');
    expect(agentTexts(s.messages)).toEqual(['已为您退款']);
  });

  it('caps the pause between retries of a send the hub keeps refusing well under the first-response target', async () => {
    const { store, outage } = outageStore();
    const { a, clock, wire, conversationId } = await deskOnFakeClock(store);
    outage.down = true;
    void a.send(conversationId, 'still down?').catch(() => {});
    await until(refusedTimes(outage, wire, 1), 'the send refused');
    // However many refusals, the next retry comes within 5 s (it was up to 30 s: two SLA windows).
    for (let k = 2; k <= 8; k++) {
      clock.advance(5000);
      await until(refusedTimes(outage, wire, k), () => `refusal ${k} (${outage.failed} so far)`);
    }
  });

  it('drains the sends held behind a refused one in the order typed, each once the one before it is stored', async () => {
    const { store, outage } = outageStore();
    const { s, a, clock, wire, conversationId } = await deskOnFakeClock(store);
    outage.down = true;
    const texts = Array.from({ length: 10 }, (_, i) => `reply ${i}`);
    const sends = [a.send(conversationId, texts[0]!)];
    await until(refusedTimes(outage, wire, 1), 'the first send refused');
    // Held behind the first: they go once it is stored.
    for (const text of texts.slice(1)) sends.push(a.send(conversationId, text));
    outage.down = false;
    clock.advance(1000);
    await settleAll(sends, 'every send stored');
    // Ten on the wire at once, a refusal of one for now and the storing of the next put a later reply
    // first (seen under load): each goes only once the hub has acknowledged the one before it.
    const lastOut = (text: string) => wire.log.findLastIndex((e) => e.dir === 'out' && e.text === text);
    const ackOf = (text: string) => {
      const id = wire.log[lastOut(text)]!.id;
      return wire.log.findIndex((e) => e.dir === 'in' && e.type === 'ack' && e.id === id);
    };
    for (let i = 1; i < texts.length; i++) expect(lastOut(texts[i]!)).toBeGreaterThan(ackOf(texts[i - 1]!));
    await until(() => agentTexts(s.messages).length === texts.length, 'the shopper to hold every reply');
    expect(agentTexts(s.messages)).toEqual(texts);
  });
});

describe('an agent client whose hub node comes back', () => {
  it("drains a backlog larger than the hub's frame burst after a reconnect, without being cut off, in the order typed", async () => {
    // All re-sent at once on the welcome: past the burst (30) the hub refused each, and after 60
    // refusals in a row it cut the connection (4429); the next welcome re-sent them all again, and
    // a backlog of 150 never drained. The refill here is quick, so the test is too.
    const { url } = await startHub({ limits: { agentFramesPerSecond: 100, agentFrameBurst: 30 } });
    const s = await shopperAskingForPerson(url, 'queued');
    const net = killableWs(null);
    const a = agent(url, undefined, net.WebSocket);
    await a.connect();
    const { id } = await a.accept(s.conversationId!);
    const cutOff: number[] = [];
    a.on('connection', (c) => {
      if (c.code === 4429) cutOff.push(c.code);
    });
    net.kill();
    await until(() => a.status === 'reconnecting', 'the agent to lose its socket');
    const texts = Array.from({ length: 120 }, (_, i) => `backlog ${i}`);
    const sends = texts.map((text) => a.send(id, text));
    await settleAll(sends, 'every send of the backlog stored', 20_000);
    expect(cutOff).toEqual([]);
    await until(() => agentTexts(s.messages).length === texts.length, 'the shopper to hold every reply');
    expect(agentTexts(s.messages)).toEqual(texts);
  });

  it('reconnects within 5 s of the node listening again, however long it was down', async () => {
    const { url } = await startHub();
    const port = Number(new URL(url).port);
    const proxy = trackHub(await cuttableProxy('127.0.0.1', port));
    await proxy.cut();
    const clock = new ManualClock(Date.now());
    const wire = recordingWs();
    const a = track(
      createAgentClient({
        url: url.replace(`:${port}`, `:${proxy.port}`),
        token: AGENT_TOKEN,
        WebSocket: wire.WebSocket,
        clock,
      }),
    );
    const closes: string[] = [];
    a.on('connection', (c) => {
      if (c.status === 'reconnecting' && c.code !== undefined) closes.push(String(c.code));
    });
    void a.connect().catch(() => {});
    // Ten attempts, each failing, while the node is down: the backoff reaches its cap.
    for (let k = 1; k <= 10; k++) {
      await until(
        () => closes.length === k,
        () => `attempt ${k} failed (${closes.length} so far)`,
      );
      clock.advance(5000);
    }
    await proxy.restore();
    // At most one capped pause (5 s) after the node listens again; it was up to 15 s.
    await until(() => closes.length === 11 || a.status === 'open', 'the attempt after the restore');
    if (a.status !== 'open') clock.advance(5000);
    await until(
      () => a.status === 'open',
      () => `welcome after the restore (${a.status}, ${wire.made} sockets)`,
    );
  });
});
