import type { HubEvents } from '../conversation/hub-events.ts';
import type { EventRecord, Store } from '../store/store.ts';
import { shopper, startHub, until } from '../testing/hub-fixture.ts';
import type { Report } from './report.ts';

/**
 * A real store whose first `appendEvents` call that `when` picks writes its events and then
 * fails, as a connection cut after COMMIT does: the events are stored, the caller sees a reset
 * connection, so it writes them again. `lost`: how many such calls happened.
 * @example
 * const lost = lostCommitStore(createMemoryStore(), (events) => events.length > 0);
 */
export function lostCommitStore(real: Store, when: (events: readonly EventRecord[]) => boolean) {
  let lost = 0;
  const store: Store = new Proxy(real, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop);
      if (prop !== 'appendEvents' || typeof value !== 'function') return value;
      return async (events: readonly EventRecord[]) => {
        await real.appendEvents(events);
        if (lost > 0 || !when(events)) return;
        lost++;
        throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
      };
    },
  });
  return {
    store,
    get lost() {
      return lost;
    },
  };
}

/**
 * A shopper's question answered by the bot on a hub over `real`, whose event log's batch with the
 * answer in it committed but was acknowledged as a failure; then the report of the last hour,
 * which flushes the event log (its retry of that batch) first. The hub is closed on return; `real` is not.
 */
export async function reportAfterLostCommit(real: Store): Promise<{
  report: Report;
  events: EventRecord[];
  errors: HubEvents['error'][];
}> {
  const lost = lostCommitStore(real, (events) => events.some((e) => e.kind === 'bot.answer'));
  const { hub, url } = await startHub({
    store: lost.store,
    answer: async (q) => ({ content: [{ kind: 'text', text: `A: ${q.text}` }], confidence: 0.9 }),
  });
  const errors: HubEvents['error'][] = [];
  hub.on('error', (e) => errors.push(e));
  try {
    const s = shopper(url);
    s.connect();
    await until(() => s.status === 'open' && s.messages.length > 0, 'welcome and greeting');
    s.send('can I pay by invoice?');
    await until(() => lost.lost === 1, "the answer's events committed, then reported failed");
    const now = Date.now();
    const report = await hub.admin.report({ from: now - 3_600_000, to: now + 60_000 });
    const events = await real.listEvents({ conversationId: s.conversationId! });
    return { report, events, errors };
  } finally {
    await hub.close();
  }
}
