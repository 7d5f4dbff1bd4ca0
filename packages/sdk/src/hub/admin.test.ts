import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { Store } from '../store/store.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { trackHub } from '../testing/started.ts';
import { createHub } from './create-hub.ts';

const sites = [{ key: 'shop', origins: ['https://shop.test'] }];
/** Lets what a fired timer started run before the clock moves on. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A memory store that notes the cut-off of every retention query. */
function watchedStore(): { store: Store; retentionCutoffs: number[] } {
  const inner = createMemoryStore();
  const retentionCutoffs: number[] = [];
  const store = new Proxy(inner, {
    get(target, key: keyof Store) {
      const value = target[key];
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const filter = args[0] as { updatedBefore?: number } | undefined;
        if (key === 'listConversations' && filter?.updatedBefore !== undefined)
          retentionCutoffs.push(filter.updatedBefore);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store, retentionCutoffs };
}

describe('hub.admin', () => {
  it('is what the deprecated top-level methods call', async () => {
    const hub = trackHub(createHub({ sites, logger: silentLogger }));
    for (const name of [
      'report',
      'metrics',
      'serveMetrics',
      'exportShopper',
      'eraseShopper',
      'applyRetention',
      'draftKnowledgeEntry',
      'knowledgeDrafts',
      'tickets',
    ] as const)
      expect(hub[name], name).toBe(hub.admin[name]);
    expect(await hub.admin.metrics()).toContain('# TYPE kefu_conversations gauge');
    await hub.close();
  });

  it('runs the retention job on the injected clock, and not after close', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const { store, retentionCutoffs } = watchedStore();
    const hub = trackHub(
      createHub({
        sites,
        store,
        clock,
        logger: silentLogger,
        retention: { closedDays: 30, everyMs: 60_000 },
      }),
    );
    await clock.advanceAsync(120_000, settle);
    const start = Date.UTC(2026, 0, 1);
    expect(retentionCutoffs).toEqual([start + 60_000 - 30 * 86_400_000, start + 120_000 - 30 * 86_400_000]);
    await hub.close();
    await clock.advanceAsync(600_000, settle);
    expect(retentionCutoffs).toHaveLength(2);
  });

  it('closes abandoned conversations on its own, hourly by default, and never when turned off', async () => {
    const start = Date.UTC(2026, 0, 10);
    const statusAfterAnHour = async (abandonment?: false) => {
      const clock = new ManualClock(start);
      const store = createMemoryStore();
      // Last touched eight days ago; the default idle time is seven.
      await store.createConversation({
        id: 'c_old',
        siteKey: 'shop',
        shopperId: 'd:old',
        state: { status: 'bot' },
        createdAt: start - 8 * 86_400_000,
      });
      const hub = trackHub(
        createHub({
          sites,
          store,
          clock,
          logger: silentLogger,
          ...(abandonment === false ? { abandonment } : {}),
        }),
      );
      await clock.advanceAsync(3_600_000, settle);
      const status = (await store.getConversation('c_old'))?.state.status;
      await hub.close();
      return status;
    };
    expect(await statusAfterAnHour()).toBe('closed');
    expect(await statusAfterAnHour(false)).toBe('bot');
  });

  it('asks the store and the bus once for readiness probes that come while one is running', async () => {
    const inner = createMemoryStore();
    let calls = 0;
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // A store whose readiness answers only when the test says: every probe asked meanwhile waits.
    const store: Store = Object.assign(Object.create(inner) as Store, {
      ready: async () => {
        calls++;
        await gate;
      },
    });
    const hub = trackHub(createHub({ sites, store, logger: silentLogger }));
    // /readyz needs no key: one address pipelining probes must not start a store query for each.
    const probes = Array.from({ length: 20 }, () => hub.admin.ready());
    release();
    const answers = await Promise.all(probes);
    expect(calls).toBe(1);
    for (const answer of answers) expect(answer.ready).toBe(true);
    // Once it has answered, the next probe asks afresh.
    await hub.admin.ready();
    expect(calls).toBe(2);
  });
});
