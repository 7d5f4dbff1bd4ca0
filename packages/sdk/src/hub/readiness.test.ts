import { describe, expect, it } from 'vitest';
import { createJsonLogger } from '../logger.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { checkReadiness, type Readiness, sharedReadiness, watchReadiness } from './readiness.ts';

describe('checkReadiness', () => {
  it('is ready when the store is and the bus has nothing to ping', async () => {
    const clock = new ManualClock();
    expect(
      await checkReadiness({ store: { ready: async () => {} }, bus: {}, clock, timeoutMs: 100 }),
    ).toEqual({
      ready: true,
      checks: { store: { ok: true }, bus: { ok: true } },
    });
  });

  it('names the part that failed', async () => {
    const clock = new ManualClock();
    const result = await checkReadiness({
      store: { ready: async () => {} },
      bus: { ping: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')) },
      clock,
      timeoutMs: 100,
    });
    expect(result).toEqual({
      ready: false,
      checks: { store: { ok: true }, bus: { ok: false, error: 'connect ECONNREFUSED 127.0.0.1:6379' } },
    });
  });

  it('is not ready when a part does not answer in time', async () => {
    const clock = new ManualClock();
    const pending = checkReadiness({
      store: { ready: () => new Promise<void>(() => {}) },
      bus: {},
      clock,
      timeoutMs: 2_000,
    });
    await Promise.resolve();
    clock.advance(2_000);
    expect(await pending).toEqual({
      ready: false,
      checks: { store: { ok: false, error: 'the store did not answer within 2000 ms' }, bus: { ok: true } },
    });
  });
});

describe('watchReadiness', () => {
  it('logs once per change of state: unready at warn naming the parts, ready again at info', () => {
    const lines: Record<string, unknown>[] = [];
    let now = 1_000;
    const watch = watchReadiness(createJsonLogger({ write: (l) => lines.push(JSON.parse(l)) }), () => now);
    const ok = { ok: true } as const;
    const down = (error: string) => ({ ok: false, error }) as const;
    watch({ ready: true, checks: { store: ok, bus: ok } });
    for (let i = 0; i < 3; i++) watch({ ready: false, checks: { store: down('ECONNREFUSED'), bus: ok } });
    now += 1_500;
    watch({ ready: false, checks: { store: down('ECONNREFUSED'), bus: down('timeout') } });
    now += 2_000;
    watch({ ready: true, checks: { store: ok, bus: ok } });
    watch({ ready: true, checks: { store: ok, bus: ok } });
    // Back at the outage's own level, with how long it lasted: a log kept at warn shows its end too.
    expect(
      lines.map(({ level, event, store, bus, unreadyMs }) => ({ level, event, store, bus, unreadyMs })),
    ).toEqual([
      { level: 'warn', event: 'hub.unready', store: 'ECONNREFUSED', bus: 'ok', unreadyMs: undefined },
      { level: 'warn', event: 'hub.unready', store: 'ECONNREFUSED', bus: 'timeout', unreadyMs: undefined },
      { level: 'warn', event: 'hub.ready', store: undefined, bus: undefined, unreadyMs: 3_500 },
    ]);
  });
});

describe('sharedReadiness', () => {
  it('gives probes asked while one runs that one’s answer, and runs a fresh one after it', async () => {
    let calls = 0;
    let answer = (_: Readiness) => {};
    const ready = sharedReadiness(() => {
      calls++;
      return new Promise<Readiness>((resolve) => {
        answer = resolve;
      });
    });
    const first = ready();
    const second = ready();
    expect(calls).toBe(1);
    const result: Readiness = { ready: true, checks: { store: { ok: true }, bus: { ok: true } } };
    answer(result);
    expect(await first).toBe(result);
    expect(await second).toBe(result);
    void ready();
    expect(calls).toBe(2);
  });
});
