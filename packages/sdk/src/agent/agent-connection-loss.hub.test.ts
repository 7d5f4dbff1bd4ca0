import type { Message } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import type { HubOptions } from '../hub/hub-options.ts';
import type { AgentProfile } from '../seams/agents.ts';
import { cuttableProxy } from '../testing/cuttable-proxy.ts';
import { AGENT_TOKEN, killableWs, shopper, startHub, until } from '../testing/hub-fixture.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { track, trackHub } from '../testing/started.ts';
import type { WebSocketConstructor } from '../transport/socket.ts';
import { createAgentClient } from './agent-client.ts';

// The hub, the proxy and the clients are closed after each test by test/close-started.ts.

const agentTexts = (messages: Message[]) =>
  messages.flatMap((m) => (m.author.kind === 'agent' && m.content.kind === 'text' ? [m.content.text] : []));

/** How a promise settled, as it settles: the tests look at it without awaiting it. */
function watch<T>(promise: Promise<T>) {
  const outcome: { settled: boolean; value?: T; error?: { code?: string; retryable?: boolean } } = {
    settled: false,
  };
  promise.then(
    (value) => Object.assign(outcome, { settled: true, value }),
    (error: { code?: string; retryable?: boolean }) => Object.assign(outcome, { settled: true, error }),
  );
  return outcome;
}

/** A `ws` WebSocket that counts the sockets made and can drop the newest without a close, like a lost network. */
function countedKillable() {
  const net = killableWs(null);
  let made = 0;
  const Ctor: WebSocketConstructor = class extends (net.WebSocket as unknown as typeof WebSocket) {
    constructor(url: string) {
      super(url);
      made++;
    }
  } as unknown as WebSocketConstructor;
  return {
    WebSocket: Ctor,
    kill: net.kill,
    get made() {
      return made;
    },
  };
}

/**
 * An agent on a fake clock (so reconnects come only when the test moves it) with a request
 * timeout far past any test (120 s), through a proxy the test can cut, who accepted a shopper.
 */
async function agentOnDesk(hub: Partial<HubOptions> = {}) {
  const { url } = await startHub(hub);
  const port = Number(new URL(url).port);
  const proxy = trackHub(await cuttableProxy('127.0.0.1', port));
  const s = shopper(url);
  s.connect();
  await until(() => s.status === 'open', 'shopper welcome');
  s.send('转人工');
  await until(() => s.state?.status === 'queued', 'queued');
  const clock = new ManualClock(Date.now());
  const net = countedKillable();
  const a = track(
    createAgentClient({
      url: url.replace(`:${port}`, `:${proxy.port}`),
      token: AGENT_TOKEN,
      WebSocket: net.WebSocket,
      clock,
      backoff: { initialMs: 1000, maxMs: 1000 },
      requestTimeoutMs: 120_000,
    }),
  );
  await a.connect();
  const { id } = await a.accept(s.conversationId!);
  return { s, a, clock, proxy, net, conversationId: id };
}

describe('a request whose connection is lost', () => {
  it('rejects at once with connection_lost (retryable) when it will not be re-sent, while a send waits and is delivered once', async () => {
    const { s, a, clock, net, conversationId } = await agentOnDesk();
    // Asked, then the socket dies before any answer can be read: the hub answers on that socket only.
    const tagging = watch(a.tags(conversationId, ['refund']));
    const older = watch(a.loadOlder(conversationId));
    const colleagues = watch(a.agentsOnline());
    const sending = a.send(conversationId, '稍等');
    expect(net.kill()).toBe(true);
    await until(
      () => a.status === 'reconnecting',
      () => `status ${a.status}`,
    );
    // Not a tick of the request timeout (120 s on the fake clock) has passed: they fail because the connection did.
    await until(
      () => tagging.settled && older.settled && colleagues.settled,
      () => `settled: tags ${tagging.settled}, history ${older.settled}, agents ${colleagues.settled}`,
    );
    for (const outcome of [tagging, older, colleagues])
      expect(outcome.error).toMatchObject({ code: 'connection_lost', retryable: true });

    // The send is re-sent on the next connection, as before.
    clock.advance(1000);
    await until(
      () => a.status === 'open',
      () => `status ${a.status}`,
    );
    await sending;
    await until(() => agentTexts(s.messages).includes('稍等'), 'the reply');
    expect(agentTexts(s.messages)).toEqual(['稍等']);
  });

  it('rejects a close started while reconnecting at once with connection_lost, and it works once reconnected', async () => {
    const { a, clock, proxy, conversationId } = await agentOnDesk();
    await proxy.cut(); // the hub out of reach: the client waits for its next attempt
    await until(
      () => a.status === 'reconnecting',
      () => `status ${a.status}`,
    );
    // The agent closes the conversation during the blip: told at once, not after the request timeout.
    const closing = watch(a.close(conversationId, 'resolved'));
    const status = watch(a.setStatus('away'));
    await until(() => closing.settled && status.settled, 'the actions to settle');
    expect(closing.error).toMatchObject({ code: 'connection_lost', retryable: true });
    expect(status.error).toMatchObject({ code: 'connection_lost', retryable: true });

    await proxy.restore();
    clock.advance(1000);
    await until(
      () => a.status === 'open',
      () => `status ${a.status}`,
    );
    await expect(a.close(conversationId, 'resolved')).resolves.toBeUndefined();
  });
});

const MEI: AgentProfile = { id: 'mei', name: 'Mei', groups: ['default'] };

describe('a send no connection will carry', () => {
  it('rejects at once with connection_lost after disconnect(), instead of waiting for ever', async () => {
    const { a, conversationId } = await agentOnDesk();
    a.disconnect();
    const sending = watch(a.send(conversationId, '还在吗'));
    const noting = watch(a.note(conversationId, 'follow up'));
    await until(() => sending.settled && noting.settled, 'the sends to settle');
    expect(sending.error).toMatchObject({ code: 'connection_lost', retryable: true });
    expect(noting.error).toMatchObject({ code: 'connection_lost', retryable: true });
  });

  it('rejects a send waiting for a reconnect when the hub then refuses the agent for good, and one sent after', async () => {
    const directory = { gone: false };
    const { a, clock, proxy, conversationId } = await agentOnDesk({
      // The merchant removes the agent while their connection is down.
      agents: async (token) => (token === AGENT_TOKEN && !directory.gone ? MEI : null),
    });
    await proxy.cut();
    await until(
      () => a.status === 'reconnecting',
      () => `status ${a.status}`,
    );
    const waiting = watch(a.send(conversationId, '稍等'));
    directory.gone = true;
    await proxy.restore();
    clock.advance(1000);
    await until(
      () => a.status === 'failed' && waiting.settled,
      () => `status ${a.status}, send settled ${waiting.settled}`,
    );
    expect(waiting.error).toMatchObject({ code: 'unauthorized', retryable: false });
    await expect(a.send(conversationId, 'again')).rejects.toMatchObject({ code: 'unauthorized' });
  });
});

describe("an agent whose profile the merchant's plug-in rejects", () => {
  it('stops with status failed and the reason on the reconnect the hub refuses, instead of retrying forever', async () => {
    const directory = { broken: false };
    const { a, clock, net } = await agentOnDesk({
      // The merchant's directory, edited while the agent works: the name no longer fits a frame.
      agents: async (token) =>
        token === AGENT_TOKEN ? (directory.broken ? { ...MEI, name: 'M'.repeat(101) } : MEI) : null,
    });
    const statuses: { status: string; reason?: string }[] = [];
    a.on('connection', ({ status, reason }) => statuses.push({ status, ...(reason ? { reason } : {}) }));
    directory.broken = true;
    net.kill();
    await until(
      () => a.status === 'reconnecting',
      () => `status ${a.status}`,
    );
    clock.advance(1000);
    await until(
      () => a.status === 'failed',
      () => `status ${a.status}, sockets ${net.made}`,
    );
    expect(statuses.at(-1)).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/^plugin_failed: your agent profile cannot be used: .*name/),
    });
    const made = net.made;
    // No attempt is scheduled: however long the client waits, it opens no other socket.
    for (let i = 0; i < 10; i++) clock.advance(60_000);
    expect(net.made).toBe(made);
    expect(a.status).toBe('failed');
    // Once the merchant fixes the profile, signing in again works.
    directory.broken = false;
    await a.connect();
    expect(a.status).toBe('open');
  });

  it('rejects connect() with plugin_failed and the reason, and makes no other attempt', async () => {
    const { url } = await startHub({ agents: async () => ({ ...MEI, name: 'M'.repeat(101) }) });
    const clock = new ManualClock(Date.now());
    const net = countedKillable();
    const a = track(
      createAgentClient({
        url,
        token: AGENT_TOKEN,
        WebSocket: net.WebSocket,
        clock,
        backoff: { initialMs: 1000 },
      }),
    );
    await expect(a.connect()).rejects.toMatchObject({
      code: 'plugin_failed',
      message: expect.stringMatching(/^your agent profile cannot be used/),
    });
    expect(a.status).toBe('failed');
    for (let i = 0; i < 10; i++) clock.advance(60_000);
    expect(net.made).toBe(1);
  });

  it('keeps trying while the authenticator fails (a directory down), and signs in once it answers', async () => {
    const directory = { down: true };
    const { url } = await startHub({
      agents: async () => {
        if (directory.down) throw new Error('the directory is down');
        return MEI;
      },
    });
    const clock = new ManualClock(Date.now());
    const net = countedKillable();
    const a = track(
      createAgentClient({
        url,
        token: AGENT_TOKEN,
        WebSocket: net.WebSocket,
        clock,
        backoff: { initialMs: 1000, maxMs: 1000 },
      }),
    );
    const refusals: string[] = [];
    a.on('connection', ({ reason }) => {
      if (reason?.startsWith('plugin_failed')) refusals.push(reason);
    });
    const connecting = a.connect();
    // Each refusal closes the socket; the next attempt comes when the (fake) backoff says.
    await until(
      () => refusals.length === 1,
      () => `status ${a.status}`,
    );
    expect(a.status).toBe('reconnecting');
    clock.advance(1000);
    await until(
      () => refusals.length === 2,
      () => `status ${a.status}`,
    );
    expect(a.status).toBe('reconnecting');
    directory.down = false;
    clock.advance(1000);
    await connecting;
    expect(a.status).toBe('open');
  });
});
