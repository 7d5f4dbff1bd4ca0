import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock.ts';
import { until } from '../testing/until.ts';
import type { Connection } from './connection.ts';
import type { ResolvedHubOptions } from './hub-options.ts';
import { SWEEP_SLICE, startLivenessSweep } from './liveness-sweep.ts';

const limits = {
  heartbeatMs: 25_000,
  helloTimeoutMs: 10_000,
  idleTimeoutMs: 60_000,
} as ResolvedHubOptions['limits'];

/** What the sweep reads and does of a connection; `log` records each ping and close in order. */
function connection(
  clock: ManualClock,
  log: string[],
  name: string,
  welcomed = true,
  silentMs = limits.heartbeatMs,
) {
  const conn = {
    welcomed,
    // A connection not welcomed opened before the hello timeout: overdue at the first sweep.
    openedAt: welcomed ? clock.now() - silentMs : clock.now() - limits.helloTimeoutMs,
    // Heard from last `silentMs` ago: silent for a heartbeat by default, so the first sweep pings it.
    lastSeen: clock.now() - silentMs,
    beforeWelcome: { frames: 0, bytes: 0 },
    socket: { OPEN: 1, readyState: 1, ping: () => log.push(`ping ${name}`) },
    close: (code: string) => log.push(`${code} ${name}`),
  };
  return conn as unknown as Connection;
}

describe('the liveness sweep', () => {
  it('pings a crowd in slices, letting the event loop turn between them', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const log: string[] = [];
    const crowd = 2 * SWEEP_SLICE + 50;
    const connections = new Set(Array.from({ length: crowd }, (_, i) => connection(clock, log, `c${i}`)));
    const stop = startLivenessSweep(connections, { clock, limits });
    try {
      // The first slice goes at once; a message that arrived meanwhile waits for it, not for the crowd.
      clock.advance(2_500);
      expect(log).toHaveLength(SWEEP_SLICE);
      await until(() => log.length === crowd, 'every connection pinged');
      expect(new Set(log).size).toBe(crowd);
    } finally {
      stop();
    }
  });

  it('pings only the sockets silent for a heartbeat: one that spoke since (an SDK client pings every heartbeat) is alive', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const log: string[] = [];
    const talking = connection(clock, log, 'talking', true, 0);
    const silent = connection(clock, log, 'silent');
    const stop = startLivenessSweep(new Set([talking, silent]), { clock, limits });
    try {
      clock.advance(2_500);
      await until(() => log.length > 0, 'the silent socket pinged');
      expect(log).toEqual(['ping silent']);
    } finally {
      stop();
    }
  });

  it('counts closes of overdue connections in the slice, and stops mid-sweep when told to', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const log: string[] = [];
    const silent = Array.from({ length: SWEEP_SLICE + 10 }, (_, i) => connection(clock, log, `s${i}`, false));
    const stop = startLivenessSweep(new Set(silent), { clock, limits });
    clock.advance(2_500);
    expect(log).toHaveLength(SWEEP_SLICE);
    expect(log.every((line) => line.startsWith('idle_timeout'))).toBe(true);
    stop();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log).toHaveLength(SWEEP_SLICE);
  });
});
