import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { AGENT_TOKEN, agent, startHub, until, wsWithOrigin } from '../testing/hub-fixture.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { track } from '../testing/started.ts';
import type { WebSocketConstructor } from '../transport/socket.ts';
import { createAgentClient } from './agent-client.ts';

// The hub and the clients are closed after each test by test/close-started.ts.

/** A `ws` WebSocket (no Origin, as an agent's bot) that counts the sockets made: each is one attempt. */
function countedWs() {
  let made = 0;
  const Ctor: WebSocketConstructor = class extends (wsWithOrigin(null) as unknown as typeof WebSocket) {
    constructor(url: string) {
      super(url);
      made++;
    }
  } as unknown as WebSocketConstructor;
  return {
    WebSocket: Ctor,
    get made() {
      return made;
    },
  };
}

describe('an agent whose sign-in the hub throttles (4429 with retryAfterMs)', () => {
  it('waits the time the hub names before trying again, not the backoff’s steps', async () => {
    // Any failed sign-in makes the address wait a minute.
    const { url } = await startHub({ signIn: { freeFailures: 0, backoffMs: 60_000 } });
    const wrong = agent(url, 'agent-token-nobody-0000000000');
    await expect(wrong.connect()).rejects.toMatchObject({ code: 'unauthorized' });

    const clock = new ManualClock(Date.now());
    const net = countedWs();
    const a = track(createAgentClient({ url, token: AGENT_TOKEN, WebSocket: net.WebSocket, clock }));
    const seen: { status: string; code?: number; reason?: string }[] = [];
    a.on('connection', (c) => seen.push(c));
    void a.connect().catch(() => {});
    await until(
      () => seen.some((c) => c.status === 'reconnecting'),
      () => JSON.stringify(seen),
    );
    expect(seen.find((c) => c.status === 'reconnecting')).toMatchObject({ code: 4429 });
    expect(net.made).toBe(1);
    // Before, the backoff (0.5 s doubling to 15 s) knocked again within a second (5 sockets by now here).
    clock.advance(59_000);
    await Promise.resolve();
    expect(net.made).toBe(1);
    expect(a.status).toBe('reconnecting');
    clock.advance(1_000);
    await until(
      () => net.made === 2,
      () => `${net.made} sockets`,
    );
  });

  it('forgets the wait on disconnect(): nothing is tried later, no timer is left', async () => {
    const { url } = await startHub({ signIn: { freeFailures: 0, backoffMs: 60_000 } });
    const wrong = agent(url, 'agent-token-nobody-0000000000');
    await expect(wrong.connect()).rejects.toMatchObject({ code: 'unauthorized' });
    const clock = new ManualClock(Date.now());
    const net = countedWs();
    const a = track(createAgentClient({ url, token: AGENT_TOKEN, WebSocket: net.WebSocket, clock }));
    const connecting = a.connect();
    await until(
      () => a.status === 'reconnecting',
      () => a.status,
    );
    a.disconnect();
    await expect(connecting).rejects.toMatchObject({ code: 'connection_lost' });
    expect(clock.pending).toBe(0);
    expect(a.status).toBe('closed');
  });
});
