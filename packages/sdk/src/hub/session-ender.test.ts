import { describe, expect, it } from 'vitest';
import type { BusEvent } from '../bus/bus.ts';
import { createMemoryBus } from '../bus/memory-bus.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { sessionKey } from '../store/session-key.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import type { Connection } from './connection.ts';
import { createSessionEnder } from './session-ender.ts';

type FakeConn = Pick<Connection, 'role' | 'shopperId' | 'siteKey' | 'agentId'> & { closedWith?: string };

function setup(conns: FakeConn[]) {
  const clock = new ManualClock(1_000_000);
  const store = createMemoryStore();
  const bus = createMemoryBus();
  const o = {
    store,
    bus,
    clock,
    sites: new Map([
      ['shop', {}],
      ['outlet', {}],
    ]),
    sessionTtlMs: 30 * 86_400_000,
    identifiedSessionTtlMs: 12 * 3_600_000,
  } as unknown as Parameters<typeof createSessionEnder>[0]['o'];
  const edge = {
    closeConnections(code: string, _message: string, which: (conn: Connection) => boolean = () => true) {
      for (const conn of conns) if (!conn.closedWith && which(conn as Connection)) conn.closedWith = code;
    },
  } as Parameters<typeof createSessionEnder>[0]['edge'];
  const errors: unknown[] = [];
  const ender = createSessionEnder({ o, edge, reportError: (e) => errors.push(e) });
  return { ender, store, bus, clock, errors };
}

describe('createSessionEnder', () => {
  it('revokes the shopper’s sessions until now and closes only their shopper sockets on this site', async () => {
    const mine: FakeConn = { role: 'shopper', shopperId: 'u:42', siteKey: 'shop' };
    const noSite: FakeConn = { role: 'shopper', shopperId: 'u:42', siteKey: undefined };
    const otherSite: FakeConn = { role: 'shopper', shopperId: 'u:42', siteKey: 'outlet' };
    const other: FakeConn = { role: 'shopper', shopperId: 'u:7', siteKey: 'shop' };
    const agent: FakeConn = { role: 'agent', siteKey: undefined };
    const { ender, store, clock } = setup([mine, noSite, otherSite, other, agent]);
    await ender.endSessions({ siteKey: 'shop', userId: '42' });
    expect(await store.sessionsRevokedAt('shop', 'u:42')).toBe(clock.now());
    expect([mine, noSite, otherSite, other, agent].map((c) => c.closedWith)).toEqual([
      'unauthorized',
      'unauthorized',
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('closes an erased shopper’s sockets as forbidden', async () => {
    const mine: FakeConn = { role: 'shopper', shopperId: 'u:42', siteKey: 'shop' };
    const { ender } = setup([mine]);
    await ender.endSessions({ siteKey: 'shop', userId: '42' }, 'erased');
    expect(mine.closedWith).toBe('forbidden');
  });

  it('tells other nodes by a hashed key, never the shopper id, and follows their endings', async () => {
    const mine: FakeConn = { role: 'shopper', shopperId: 'u:42', siteKey: 'shop' };
    const { ender, bus } = setup([mine]);
    const heard: BusEvent[] = [];
    await bus.subscribe('sessions', (e) => heard.push(e));
    await ender.endSessions({ siteKey: 'shop', shopperId: 'u:9' });
    expect(heard).toEqual([{ kind: 'sessions.ended', key: sessionKey('shop', 'u:9'), why: 'ended' }]);
    expect(JSON.stringify(heard)).not.toContain('u:9');
    // Another node ended u:42's sessions: this node's socket of theirs closes.
    await bus.publish('sessions', { kind: 'sessions.ended', key: sessionKey('shop', 'u:42'), why: 'ended' });
    expect(mine.closedWith).toBe('unauthorized');
  });

  it("signs an agent out of every console of theirs, here and on other nodes, and no one else's", async () => {
    const mei: FakeConn = { role: 'agent', siteKey: undefined, agentId: 'mei' };
    const meiAgain: FakeConn = { role: 'agent', siteKey: undefined, agentId: 'mei' };
    const lei: FakeConn = { role: 'agent', siteKey: undefined, agentId: 'lei' };
    const shopper: FakeConn = { role: 'shopper', shopperId: 'mei', siteKey: 'shop' };
    const { ender, bus } = setup([mei, meiAgain, lei, shopper]);
    const heard: BusEvent[] = [];
    await bus.subscribe('sessions', (e) => heard.push(e));
    await ender.endAgentSessions('mei');
    expect([mei, meiAgain, lei, shopper].map((c) => c.closedWith)).toEqual([
      'unauthorized',
      'unauthorized',
      undefined,
      undefined,
    ]);
    expect(heard).toEqual([{ kind: 'agent.signed_out', agentId: 'mei' }]);
    // Another node signed Lei out: this node's console of theirs closes.
    await bus.publish('sessions', { kind: 'agent.signed_out', agentId: 'lei' });
    expect(lei.closedWith).toBe('unauthorized');
  });

  it('stops following other nodes after stop', async () => {
    const mine: FakeConn = { role: 'shopper', shopperId: 'u:42', siteKey: 'shop' };
    const { ender, bus } = setup([mine]);
    await ender.stop();
    await bus.publish('sessions', { kind: 'sessions.ended', key: sessionKey('shop', 'u:42'), why: 'ended' });
    expect(mine.closedWith).toBeUndefined();
  });
});
