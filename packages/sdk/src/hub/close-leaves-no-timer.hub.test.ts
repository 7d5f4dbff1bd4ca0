import { describe, expect, it } from 'vitest';
import type { Clock } from '../clock.ts';
import { agent, startHub, until } from '../testing/hub-fixture.ts';

// The hub and the client are closed after each test by test/close-started.ts.

/** The system clock, keeping the timers not yet fired or cleared: the ones that keep Node running are `ref`ed. */
function recordingClock() {
  const live = new Set<NodeJS.Timeout>();
  const clock: Clock = {
    now: () => Date.now(),
    setTimeout(fn, ms) {
      const handle = setTimeout(() => {
        live.delete(handle);
        fn();
      }, ms);
      live.add(handle);
      return handle;
    },
    clearTimeout(handle) {
      live.delete(handle as NodeJS.Timeout);
      clearTimeout(handle as NodeJS.Timeout);
    },
  };
  const holding = () => [...live].filter((t) => t.hasRef());
  const clearAll = () => {
    for (const t of live) clearTimeout(t);
  };
  return { clock, holding, clearAll };
}

describe('hub.close() with agents signed in', () => {
  it('leaves no timer that keeps the process alive, so a Node script that closed its hub exits', async () => {
    const { clock, holding, clearAll } = recordingClock();
    const { hub, url } = await startHub({ clock });
    const a = agent(url);
    await a.connect();
    await until(() => hub.onlineAgents().length === 1, 'agent online');
    await hub.close();
    // Before 2026-12-06 the agent's socket, cut during close, armed its 30 s reconnect grace.
    const left = holding().length;
    clearAll();
    expect(left).toBe(0);
  });
});
