import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../hub/create-hub.ts';
import { AGENT_TOKEN, AGENT2_TOKEN, agent, shopper, startHub, until } from '../testing/hub-fixture.ts';
import { ManualClock } from '../testing/manual-clock.ts';

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

const START = Date.UTC(2026, 11, 4, 2);
/** Lets sockets and the store catch up with what the last clock step set off. */
const turn = () => new Promise((r) => setTimeout(r, 10));
async function advance(clock: ManualClock, ms: number) {
  for (let done = 0; done < ms; done += 1_000) {
    clock.advance(1_000);
    await turn();
  }
}

describe('queue wait in reports', () => {
  it('counts only time spent waiting: not a direct transfer, and a requeue from when it was requeued', async () => {
    const clock = new ManualClock(START);
    const started = await startHub({
      clock,
      routing: { assignment: 'manual', ticketWhenUnstaffed: true, agentGraceMs: 5_000 },
      // The clock moves by minutes: no heartbeat sweep should close a socket for it.
      limits: { heartbeatMs: 3_600_000, idleTimeoutMs: 7_200_000 },
    });
    hub = started.hub;
    /** When the conversation last went (back) into the queue, on the hub's clock. */
    let queuedAt = 0;
    hub.on('state', ({ state }) => {
      if (state.status === 'queued') queuedAt = clock.now();
    });
    let agentTabsClosed = 0;
    hub.on('connection', (e) => {
      if (e.role === 'agent' && e.event === 'close') agentTabsClosed++;
    });
    const mei = agent(started.url, AGENT_TOKEN);
    const lei = agent(started.url, AGENT2_TOKEN);
    await mei.connect();
    await lei.connect();
    const s = shopper(started.url, { locale: 'zh-CN' });
    s.connect();
    await until(() => s.status === 'open', 'welcome');
    s.send('转人工');
    await until(() => s.state?.status === 'queued', 'queued');
    const id = s.conversationId!;
    // Waits 3 s for Mei.
    await advance(clock, 3_000);
    await mei.accept(id);
    await mei.send(id, '您好，我是小美');
    // Ten seconds later Mei hands it straight to Lei: no queue in between.
    await advance(clock, 10_000);
    await mei.transfer(id, { agentId: 'lei' }, '退款问题');
    await until(() => s.state?.agent?.id === 'lei', 'with Lei');
    await lei.send(id, '您好，我是李雷');
    // Lei's console goes away: after the grace period the conversation waits again …
    await advance(clock, 7_000);
    lei.disconnect();
    await until(() => agentTabsClosed === 1, 'the hub saw Lei go');
    await advance(clock, 6_000);
    await until(
      () => s.state?.status === 'queued',
      () => `requeued (${s.state?.status})`,
    );
    const requeuedAt = queuedAt;
    await advance(clock, 20_000);
    // … 20 s, until Mei takes it.
    await mei.accept(id);
    const waits = (await hub.admin.report({ from: START, to: clock.now() + 1 })).total.queueWait;
    // 3 s before Mei, then the wait after the requeue; never the time the conversation spent with an agent.
    expect(waits.count).toBe(2);
    const afterRequeue = clock.now() - requeuedAt;
    expect(afterRequeue).toBeLessThan(30_000);
    expect(waits.p90Ms).toBe(afterRequeue);
    expect(waits.meanMs).toBe((3_000 + afterRequeue) / 2);
    s.close();
  });
});
