import { describe, expect, it } from 'vitest';
import { EVENTS_STORED, type EventRecord } from '../store/store.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { until } from '../testing/until.ts';
import { EVENT_BATCH, EventLogWriter } from './event-log-writer.ts';

const event = (n: number): EventRecord => ({
  id: `e_${n}`,
  at: n,
  kind: 'message',
  conversationId: `c_${n}`,
});

describe('EventLogWriter', () => {
  it('writes events in order, what arrives during a write in the next batch, at most EVENT_BATCH a batch', async () => {
    const batches: string[][] = [];
    const log = new EventLogWriter(
      { appendEvents: async (events) => void batches.push(events.map((e) => e.id)) },
      () => {},
      { clock: new ManualClock(0) },
    );
    const total = 1 + 2 * EVENT_BATCH + 201;
    for (let n = 1; n <= total; n++) log.add(event(n));
    await log.flushed();
    expect(batches.map((b) => b.length)).toEqual([1, EVENT_BATCH, EVENT_BATCH, 201]);
    expect(batches.flat()).toEqual(Array.from({ length: total }, (_, i) => `e_${i + 1}`));
  });

  it('hands a store that stores at once (EVENTS_STORED) each event as it is added, without a turn between', async () => {
    const batches: string[][] = [];
    const log = new EventLogWriter(
      {
        appendEvents: (events) => {
          batches.push(events.map((e) => e.id));
          return EVENTS_STORED;
        },
      },
      () => {},
      { clock: new ManualClock(0) },
    );
    for (let n = 1; n <= 3; n++) {
      log.add(event(n));
      expect(batches.flat()).toHaveLength(n);
    }
    expect(batches).toEqual([['e_1'], ['e_2'], ['e_3']]);
    await log.flushed();
  });

  it('keeps pace with a slow store: what a 3,000-event second brings goes in the next round trip', async () => {
    // A hub on PostgreSQL under load: 1,000 msg/s, three events each, a round trip of a second.
    // With 500 a batch the log fell behind by 2,500 events a second until it dropped events.
    const batches: number[] = [];
    let finish: (() => void) | undefined;
    const log = new EventLogWriter(
      {
        appendEvents: (events) => {
          batches.push(events.length);
          return new Promise<void>((resolve) => {
            finish = resolve;
          });
        },
      },
      () => {},
      { clock: new ManualClock(0) },
    );
    let n = 0;
    log.add(event(++n));
    for (let second = 0; second < 3; second++) {
      for (let i = 0; i < 3000; i++) log.add(event(++n));
      const done = finish!;
      finish = undefined;
      done();
      await until(() => finish !== undefined, 'the next batch handed to the store');
    }
    expect(batches).toEqual([1, 3000, 3000, 3000]);
    finish!();
    await log.flushed();
  });

  it('hands the store frozen events, data too, so it may keep them without a copy', async () => {
    const frozen: boolean[] = [];
    const log = new EventLogWriter(
      {
        appendEvents: async (events) =>
          void frozen.push(...events.map((e) => Object.isFrozen(e) && (!e.data || Object.isFrozen(e.data)))),
      },
      () => {},
      { clock: new ManualClock(0) },
    );
    log.add(event(1));
    log.add({ ...event(2), data: { seq: 2 } });
    log.add(event(3));
    await log.flushed();
    expect(frozen).toEqual([true, true, true]);
  });

  it('writes a failed batch again after a wait, before anything newer, and reports the outage once', async () => {
    const clock = new ManualClock(0);
    const errors: string[] = [];
    const written: string[] = [];
    let failuresLeft = 3;
    const log = new EventLogWriter(
      {
        appendEvents: (events) => {
          if (failuresLeft-- > 0) return Promise.reject(new Error('Connection terminated unexpectedly'));
          written.push(...events.map((e) => e.id));
          return Promise.resolve();
        },
      },
      (error, conversationId) => errors.push(`${(error as Error).message} ${conversationId}`),
      { clock, retryMs: [1000, 2000] },
    );
    log.add(event(1));
    log.add(event(2));
    await until(() => clock.pending === 1, 'the first retry scheduled');
    log.add(event(3));
    clock.advance(1000);
    await until(() => clock.pending === 1 && failuresLeft === 1, 'the second retry scheduled');
    clock.advance(2000);
    // The schedule's last wait repeats while the store is away.
    await until(() => clock.pending === 1 && failuresLeft === 0, 'the third retry scheduled');
    clock.advance(2000);
    await log.flushed();
    expect(written).toEqual(['e_1', 'e_2', 'e_3']);
    expect(errors).toEqual(['Connection terminated unexpectedly c_1']);
    expect(log.dropped).toBe(0);
  });

  it('keeps at most maxPending events while the store is away, and counts and reports the ones it drops', async () => {
    const clock = new ManualClock(0);
    const errors: string[] = [];
    const written: string[] = [];
    let down = true;
    const log = new EventLogWriter(
      {
        appendEvents: async (events) => {
          if (down) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
          written.push(...events.map((e) => e.id));
        },
      },
      (error) => errors.push((error as Error).message),
      { clock, retryMs: [1000], maxPending: 3 },
    );
    log.add(event(1));
    await until(() => clock.pending === 1, 'a retry scheduled');
    for (let n = 2; n <= 6; n++) log.add(event(n));
    expect(log.dropped).toBe(2);
    down = false;
    clock.advance(1000);
    await log.flushed();
    expect(written).toEqual(['e_1', 'e_2', 'e_3', 'e_4']);
    expect(errors).toEqual([
      'connect ECONNREFUSED',
      'event log: 3 events wait for the store; dropping new ones',
      'event log: 2 events were dropped while the store was away',
    ]);
  });

  it('drops a batch the store keeps refusing for good after the schedule, and goes on with the next', async () => {
    const clock = new ManualClock(0);
    const errors: string[] = [];
    const written: string[] = [];
    const log = new EventLogWriter(
      {
        appendEvents: async (events) => {
          if (events.some((e) => e.id === 'e_1'))
            throw Object.assign(new Error('value too long'), { code: '22001' });
          written.push(...events.map((e) => e.id));
        },
      },
      (error) => errors.push((error as Error).message),
      { clock, retryMs: [1000] },
    );
    log.add(event(1));
    await until(() => clock.pending === 1, 'a retry scheduled');
    log.add(event(2));
    clock.advance(1000);
    await log.flushed();
    expect(written).toEqual(['e_2']);
    expect(log.dropped).toBe(1);
    expect(errors).toEqual([
      'value too long',
      'event log: 1 events dropped (the store refused them 2 times)',
    ]);
  });

  it('tries a waiting batch at once when flushed, and resolves after that try whatever it gave', async () => {
    const clock = new ManualClock(0);
    let down = true;
    const written: string[] = [];
    let tries = 0;
    const log = new EventLogWriter(
      {
        appendEvents: async (events) => {
          tries++;
          if (down) throw new Error('Query read timeout');
          written.push(...events.map((e) => e.id));
        },
      },
      () => {},
      { clock },
    );
    log.add(event(1));
    await until(() => clock.pending === 1, 'a retry scheduled');
    await log.flushed();
    expect(tries).toBe(2);
    expect(written).toEqual([]);
    down = false;
    await log.flushed();
    expect(written).toEqual(['e_1']);
  });

  it('closes after one more try, dropping (and reporting) what the store still did not take, with no timer left', async () => {
    const clock = new ManualClock(0);
    const errors: string[] = [];
    const log = new EventLogWriter(
      { appendEvents: () => Promise.reject(new Error('Connection terminated unexpectedly')) },
      (error) => errors.push((error as Error).message),
      { clock },
    );
    log.add(event(1));
    log.add(event(2));
    await until(() => clock.pending === 1, 'a retry scheduled');
    await log.close();
    expect(clock.pending).toBe(0);
    expect(log.dropped).toBe(2);
    expect(errors.at(-1)).toBe('event log: 2 events dropped (the hub closed before the store came back)');
  });

  it('closes while the batch after one it gave up on is in flight, and that write failing later is no crash', async () => {
    // A hub closing on a store its owner closed too: the pool refuses for good, the log drops the
    // batch and writes the next one, and close() returns meanwhile. That write's failure found no
    // batch (close had dropped it) and threw, an unhandled rejection that ends the process.
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const clock = new ManualClock(0);
    const errors: string[] = [];
    let fail: ((error: Error) => void) | undefined;
    let calls = 0;
    const log = new EventLogWriter(
      {
        appendEvents: () => {
          calls++;
          if (calls <= 2) return Promise.reject(new Error('Cannot use a pool after calling end on the pool'));
          return new Promise<void>((_, reject) => {
            fail = reject;
          });
        },
      },
      (error) => errors.push((error as Error).message),
      { clock, retryMs: [1000] },
    );
    log.add(event(1));
    await until(() => clock.pending === 1, 'a retry scheduled');
    log.add(event(2));
    await log.close();
    expect(calls).toBe(3);
    fail!(new Error('Cannot use a pool after calling end on the pool'));
    // Node reports an unhandled rejection once the microtasks of the turn it happened in are done.
    await new Promise((r) => setImmediate(r));
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
    expect(log.dropped).toBe(2);
    expect(clock.pending).toBe(0);
  });
});
