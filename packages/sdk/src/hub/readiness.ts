import type { Bus } from '../bus/bus.ts';
import type { Clock } from '../clock.ts';
import type { Store } from '../store/store.ts';

/** One dependency's state: reachable, or why not. */
export type ReadinessCheck = { ok: true } | { ok: false; error: string };

/** What `/readyz` reports: ready only when every part is. */
export interface Readiness {
  ready: boolean;
  checks: { store: ReadinessCheck; bus: ReadinessCheck };
}

/**
 * Asks the store (reachable, migrations applied) and the bus (reachable) at once, each within
 * `timeoutMs`: a database that hangs must make the node unready, not hang the probe.
 * @example
 * const { ready, checks } = await checkReadiness({ store, bus, clock, timeoutMs: 2000 });
 */
export async function checkReadiness(deps: {
  store: Pick<Store, 'ready'>;
  bus: Pick<Bus, 'ping'>;
  clock: Clock;
  timeoutMs: number;
}): Promise<Readiness> {
  const check = async (what: string, probe: () => Promise<void>): Promise<ReadinessCheck> => {
    let timer: unknown;
    const timeout = new Promise<never>((_, reject) => {
      timer = deps.clock.setTimeout(
        () => reject(new Error(`${what} did not answer within ${deps.timeoutMs} ms`)),
        deps.timeoutMs,
      );
    });
    try {
      await Promise.race([probe(), timeout]);
      return { ok: true };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    } finally {
      deps.clock.clearTimeout(timer);
    }
  };
  const [store, bus] = await Promise.all([
    check('the store', () => deps.store.ready()),
    check('the bus', async () => {
      await deps.bus.ping?.();
    }),
  ]);
  return { ready: store.ok && bus.ok, checks: { store, bus } };
}
