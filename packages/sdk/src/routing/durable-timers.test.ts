import { describe, expect, it } from 'vitest';
import type { TimerRecord } from '../store/store.ts';
import { timerHarness } from '../testing/timer-harness.ts';
import { DurableTimers } from './durable-timers.ts';

describe('DurableTimers', () => {
  it('runs a timer set on this node at its due time, by kind', async () => {
    const { timers, advance } = timerHarness();
    const ran: Array<[string, number]> = [];
    timers.handle('ping', async (t, now) => {
      if (await timers.finish(t, null)) ran.push([t.key, now]);
    });
    await timers.put({ key: 'ping:1', kind: 'ping', dueAt: 5_000, data: { n: 1 } });
    await timers.put({ key: 'ping:2', kind: 'ping', dueAt: 2_000, data: { n: 2 } });
    await advance(4_999);
    expect(ran).toEqual([['ping:2', 2_000]]);
    await advance(1);
    expect(ran).toEqual([
      ['ping:2', 2_000],
      ['ping:1', 5_000],
    ]);
  });

  it('finds timers other nodes set by polling, once started', async () => {
    const a = timerHarness({ owner: 'node-a' });
    const b = timerHarness({ store: a.store, clock: a.clock, owner: 'node-b' });
    const ran: string[] = [];
    b.timers.handle('ping', async (t) => {
      if (await b.timers.finish(t, null)) ran.push(t.key);
    });
    await a.store.putTimer({ key: 'ping:x', kind: 'ping', dueAt: 10_000, data: {} });
    b.timers.start();
    await b.advance(10_999);
    // The next poll after 10 s (every second) picks it up.
    expect(ran).toEqual(['ping:x']);
  });

  it('retries a timer whose handler failed once its claim runs out, and leaves it alone until then', async () => {
    const { timers, advance, errors, store } = timerHarness();
    let calls = 0;
    timers.handle('flaky', async (t) => {
      calls++;
      if (calls === 1) throw new Error('store hiccup');
      await timers.finish(t, null);
    });
    timers.start();
    await timers.put({ key: 'flaky:1', kind: 'flaky', dueAt: 1_000, data: {} });
    await advance(20_000);
    expect(calls).toBe(1);
    expect(errors).toHaveLength(1);
    await advance(12_000); // the 30 s claim ran out at 31 s
    expect(calls).toBe(2);
    expect(await store.getTimer('flaky:1')).toBeNull();
  });

  it('does not act on a timer changed after it was claimed', async () => {
    const { timers, store, clock } = timerHarness();
    let claimed: TimerRecord | undefined;
    timers.handle('t', async (t) => {
      claimed = t;
    });
    await store.putTimer({ key: 't:1', kind: 't', dueAt: 0, data: { v: 1 } });
    await timers.runDue();
    expect(claimed?.leaseOwner).toBe('node-a');
    await store.putTimer({ key: 't:1', kind: 't', dueAt: clock.now() + 60_000, data: { v: 2 } });
    expect(await timers.finish(claimed!, null)).toBe(false);
    expect(await store.getTimer('t:1')).toMatchObject({ data: { v: 2 } });
  });

  it('mutates a timer with a compare-and-set, retrying when someone else wrote first', async () => {
    const { timers, store } = timerHarness();
    await Promise.all(
      Array.from({ length: 10 }, () =>
        timers.mutate('count', 'counter', (current) => {
          const n = ((current?.data.n as number | undefined) ?? 0) + 1;
          return { next: { dueAt: null, data: { n } }, result: n };
        }),
      ),
    );
    expect(await store.getTimer('count')).toMatchObject({ kind: 'counter', dueAt: null, data: { n: 10 } });
  });

  it('refuses a second handler for one kind and nonsense options', () => {
    const { timers, store, clock } = timerHarness();
    timers.handle('x', async () => {});
    expect(() => timers.handle('x', async () => {})).toThrow(/kind x/);
    expect(
      () =>
        new DurableTimers({
          store,
          clock,
          owner: 'n',
          leaseMs: 0,
          onError: () => {},
        }),
    ).toThrow(RangeError);
  });
});
