import { describe, expect, it } from 'vitest';
import { rawSocket, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { AGENTS, startHubProcess } from './hub-process.ts';
import { BY_HAND, queuedShopper } from './queued-conversation.ts';

// Finding (fifth outside pass, 2026-12-07): an agent's `join` (and `history`) was bounded only by
// each socket's frame budget (30 a second), where a shopper's pages and welcomes are paid from a
// byte budget. A join sends a snapshot of up to a page of messages, the notes, the shopper's earlier
// conversations and the order (the merchant's lookupOrder, called each time): with the low-privilege
// token of an agent of the group, re-joining one queued conversation of 100 long messages in a loop
// on 10 sockets held another shopper's ping ~1 s at the median on the loaded test host (1 socket:
// 14 snapshots, 17 MB, a second). An agent's snapshots and history pages on a node are now paid from
// a budget of the agent's, four times a conversation's history budget and shared by all of the
// agent's sockets, each at least half a second of it; past it `rate_limited`, the socket kept.

// The hub's defaults (HubLimits.historyBytes*), times the agents' share (agent-read-budget.ts).
const AGENT_BYTES_PER_SECOND = 4 * 256 * 1024;
const AGENT_BYTES_BURST = 4 * 3 * 1024 * 1024;
const PAGE_SECONDS = 0.5;
const BURST_READS = AGENT_BYTES_BURST / (AGENT_BYTES_PER_SECOND * PAGE_SECONDS);

const SOCKETS = 4;
const PER_SOCKET = 25;

describe('an agent re-joins a conversation in a loop on several sockets', () => {
  it('is sent at most its read budget’s snapshots, the rest refused rate_limited, its sockets kept', async () => {
    const hub = await startHubProcess({ options: BY_HAND });
    const { conversationId } = await queuedShopper(hub, 'rejoined-shopper');
    const sockets = [];
    for (let k = 0; k < SOCKETS; k++) {
      const sock = await rawSocket(hub.wsUrl, null);
      sock.send({ v: 1, type: 'hello', role: 'agent', token: AGENTS.alice.token });
      await sock.next('welcome');
      sockets.push(sock);
    }
    let snapshots = 0;
    const refusals: Array<Record<string, unknown>> = [];
    const started = Date.now();
    await Promise.all(
      sockets.map(async (sock, k) => {
        for (let n = 0; n < PER_SOCKET; n++) {
          const id = `j${k}-${n}`;
          sock.send({ v: 1, type: 'join', id, conversationId });
          await until(() => sock.frames.some((f) => f.re === id), `the answer to ${id}`);
          const answer = sock.frames.find((f) => f.re === id)!;
          if (answer.type === 'conversation') snapshots++;
          else refusals.push(answer);
        }
      }),
    );
    const elapsedS = (Date.now() - started) / 1000;
    console.log(
      `${SOCKETS * PER_SOCKET} joins on ${SOCKETS} sockets: ${snapshots} snapshots, ${refusals.length} refused, in ${elapsedS.toFixed(2)} s`,
    );
    expect(snapshots).toBeLessThanOrEqual(BURST_READS + elapsedS / PAGE_SECONDS + 1);
    expect(refusals.length).toBeGreaterThan(0);
    for (const refusal of refusals)
      expect(refusal).toMatchObject({ type: 'error', code: 'rate_limited', retryable: true });
    expect(sockets.every((s) => s.closed === undefined)).toBe(true);

    // Another agent of the group is not held by it.
    const bob = await rawSocket(hub.wsUrl, null);
    bob.send({ v: 1, type: 'hello', role: 'agent', token: AGENTS.bob.token });
    await bob.next('welcome');
    bob.send({ v: 1, type: 'join', id: 'b1', conversationId });
    await until(() => bob.frames.some((f) => f.re === 'b1'), 'bob’s snapshot');
    expect(bob.frames.find((f) => f.re === 'b1')).toMatchObject({ type: 'conversation' });
  }, 120_000);
});
