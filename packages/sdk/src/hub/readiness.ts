import type { Bus } from '../bus/bus.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
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

/**
 * One probe at a time: a check asked while another runs gets that one's answer. `/readyz` needs no
 * key, and each request started its own store query and bus ping, so one address pipelining
 * requests could hold the store's connections that shoppers' messages wait for.
 * @example
 * const ready = sharedReadiness(() => checkReadiness({ store, bus, clock, timeoutMs: 2000 }));
 * await Promise.all([ready(), ready()]); // one store query, one ping
 */
export function sharedReadiness(check: () => Promise<Readiness>): () => Promise<Readiness> {
  let running: Promise<Readiness> | undefined;
  return () => {
    running ??= check().finally(() => {
      running = undefined;
    });
    return running;
  };
}

/**
 * Logs readiness once per change of state, not once per probe: a balancer asks every few
 * seconds, and an outage would fill the log with the same 503. Going unready (or a different part
 * failing) is a `hub.unready` warning naming the failing parts; coming back is `hub.ready`, at the
 * same level with how long the hub was unready (`unreadyMs`), so a log kept at `warn` shows the
 * outage's end as well as its start. The first result logs only when it is unready. Returns the
 * result it is given.
 * @example
 * const watch = watchReadiness(logger, () => clock.now());
 * const readiness = watch(await checkReadiness({ store, bus, clock, timeoutMs: 2000 }));
 */
export function watchReadiness(
  logger: Logger,
  now: () => number = Date.now,
): (readiness: Readiness) => Readiness {
  let last = 'ready';
  let unreadySince = 0;
  return (readiness) => {
    const { store, bus } = readiness.checks;
    const state = readiness.ready ? 'ready' : `${store.ok ? '' : 'store'} ${bus.ok ? '' : 'bus'}`;
    if (state === last) return readiness;
    if (last === 'ready') unreadySince = now();
    last = state;
    if (readiness.ready) logger.log('warn', 'hub.ready', { unreadyMs: now() - unreadySince });
    else
      logger.log('warn', 'hub.unready', {
        store: store.ok ? 'ok' : store.error,
        bus: bus.ok ? 'ok' : bus.error,
      });
    return readiness;
  };
}
