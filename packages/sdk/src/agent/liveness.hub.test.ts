import type { Message } from '@kefu/protocol';
import { describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import type { HubOptions } from '../hub/hub-options.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { Store } from '../store/store.ts';
import { cuttableProxy } from '../testing/cuttable-proxy.ts';
import { AGENT_TOKEN, shopper, startHub, until } from '../testing/hub-fixture.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { track, trackHub } from '../testing/started.ts';
import type { WebSocketConstructor } from '../transport/socket.ts';
import { createAgentClient } from './agent-client.ts';

// The hub, the proxy and the clients are closed after each test by test/close-started.ts.

const agentTexts = (messages: Message[]) =>
  messages.flatMap((m) => (m.author.kind === 'agent' && m.content.kind === 'text' ? [m.content.text] : []));

/** A `ws` WebSocket that counts the client's pings and the hub's pongs. */
function pongCounting() {
  const seen = { pings: 0, pongs: 0 };
  const Ctor: WebSocketConstructor = class extends WebSocket {
    constructor(url: string) {
      super(url);
      this.on('message', (data) => {
        if (String(data).includes('"type":"pong"')) seen.pongs++;
      });
    }

    override send(data: string): void {
      if (data.includes('"type":"ping"')) seen.pings++;
      super.send(data);
    }
  };
  return { Ctor, seen };
}

/**
 * A hub, a shopper waiting for a person (straight to the hub), and an agent on a fake clock who
 * reaches the hub through a proxy the test can make silent, and who accepted the shopper.
 */
async function agentBehindProxy(hub: Partial<HubOptions> = {}) {
  // The socket's own heartbeat (two missed, ~50 s, before this watch) kept out of the way.
  const { url } = await startHub({ limits: { heartbeatMs: 300_000 }, ...hub });
  const port = Number(new URL(url).port);
  const proxy = trackHub(await cuttableProxy('127.0.0.1', port));
  const s = shopper(url);
  s.connect();
  await until(() => s.status === 'open', 'shopper welcome');
  s.send('转人工');
  await until(() => s.state?.status === 'queued', 'queued');
  const clock = new ManualClock(Date.now());
  const net = pongCounting();
  const a = track(
    createAgentClient({
      url: url.replace(`:${port}`, `:${proxy.port}`),
      token: AGENT_TOKEN,
      WebSocket: net.Ctor,
      clock,
      backoff: { initialMs: 20, maxMs: 200 },
      requestTimeoutMs: 120_000,
    }),
  );
  await a.connect();
  const { id } = await a.accept(s.conversationId!);
  // What the hub had to say about the accept has arrived once it answered a request sent after it.
  await a.agentsOnline();
  return { s, a, clock, proxy, net, conversationId: id };
}

describe('a connection that goes silent without a close', () => {
  it('is given up within seconds of fake time, and what the agent typed meanwhile reaches the shopper once', async () => {
    const { s, a, clock, proxy, conversationId } = await agentBehindProxy();
    const statuses: string[] = [];
    a.on('connection', ({ status }) => statuses.push(status));

    // The network path dies (no FIN, no RST): bytes go out and nothing ever comes back.
    proxy.stall();
    proxy.flow(); // new connections get through again; the stalled one stays dead
    const first = a.send(conversationId, '我帮您查一下物流');
    // Second by second of fake time.
    let waited = 0;
    while (a.status === 'open' && waited < 20_000) {
      clock.advance(1000);
      waited += 1000;
      await new Promise((r) => setImmediate(r));
    }
    expect(a.status).toBe('reconnecting');
    // A stray frame from the hub just before the stall can at most restart the quiet window (10 s + 4 s).
    expect(waited).toBeLessThanOrEqual(14_000);

    // Typed while reconnecting: queued, not lost.
    const second = a.send(conversationId, '查到了，明天送达');
    clock.advance(200); // the backoff's first retry
    await until(
      () => a.status === 'open',
      () => `agent reconnect (status ${a.status})`,
    );
    await Promise.all([first, second]);
    await until(
      () => agentTexts(s.messages).length >= 2,
      () => `shopper has ${agentTexts(s.messages)}`,
    );
    expect(agentTexts(s.messages)).toEqual(['我帮您查一下物流', '查到了，明天送达']);
    expect(statuses).toEqual(['reconnecting', 'open']);
  });

  it('is asked for a word when the agent comes back to the page, and given up when none comes', async () => {
    const { a, clock, proxy } = await agentBehindProxy();
    proxy.stall();
    a.checkConnection(); // the page became visible again: the laptop slept
    let waited = 0;
    while (a.status === 'open' && waited < 20_000) {
      clock.advance(1000);
      waited += 1000;
      await new Promise((r) => setImmediate(r));
    }
    expect(a.status).toBe('reconnecting');
    expect(waited).toBeLessThanOrEqual(14_000);
  });

  it('stays open on an idle desk whose hub answers the pings', async () => {
    const { a, clock, net } = await agentBehindProxy();
    for (let round = 1; round <= 3; round++) {
      clock.advance(10_000); // quiet for a while since the last pong: one ping goes out
      await until(
        () => net.seen.pongs >= round,
        () => `pong ${net.seen.pongs}/${round}`,
      );
      expect(net.seen.pongs).toBe(round);
    }
    clock.advance(9_999); // past the last ping's answer window, short of the next quiet one
    expect(net.seen.pings).toBe(3);
    expect(a.status).toBe('open');
  });

  it('is not taken for dead while the hub waits on a slow store write: the pong does not queue behind it', async () => {
    const store = createMemoryStore();
    const append = store.appendMessage.bind(store);
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    onTestFinished(() => release()); // a failed test must not leave the hub waiting on its store
    let holding = false;
    const slow: Store = Object.assign(store, {
      async appendMessage(...args: Parameters<Store['appendMessage']>) {
        if (args[0].author.kind === 'agent') {
          holding = true;
          await held;
        }
        return append(...args);
      },
    });
    const { s, a, clock, net, conversationId } = await agentBehindProxy({ store: slow });
    const sending = a.send(conversationId, '稍等，我查一下');
    await until(() => holding, 'the store to hold the send');
    clock.advance(4_000); // no ack yet: a ping goes out
    await until(() => net.seen.pongs >= 1, 'the pong, ahead of the held send');
    clock.advance(4_000); // the ping's answer window has passed; the pong came in it
    expect(a.status).toBe('open');
    release();
    await sending;
    await until(() => agentTexts(s.messages).length >= 1, 'the reply at the shopper');
    expect(agentTexts(s.messages)).toEqual(['稍等，我查一下']);
  });

  it('gives up a sign-in whose handshake goes silent, and signs in over the next connection', async () => {
    const { url } = await startHub({ limits: { heartbeatMs: 300_000 } });
    const port = Number(new URL(url).port);
    const proxy = trackHub(await cuttableProxy('127.0.0.1', port));
    proxy.stall(); // connections open, and nothing comes back: no welcome
    const clock = new ManualClock(Date.now());
    const a = track(
      createAgentClient({
        url: url.replace(`:${port}`, `:${proxy.port}`),
        token: AGENT_TOKEN,
        WebSocket: pongCounting().Ctor,
        clock,
        backoff: { initialMs: 20, maxMs: 200 },
      }),
    );
    const statuses: string[] = [];
    a.on('connection', ({ status }) => statuses.push(status));
    const connecting = a.connect();
    let waited = 0;
    while (a.status === 'connecting' && waited < 20_000) {
      clock.advance(1000);
      waited += 1000;
      await new Promise((r) => setImmediate(r));
    }
    expect(a.status).toBe('reconnecting');
    expect(waited).toBe(14_000);
    proxy.flow();
    clock.advance(200); // the backoff's first retry
    await connecting;
    expect(statuses).toEqual(['connecting', 'reconnecting', 'open']);
  });
});
