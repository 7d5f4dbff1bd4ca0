import type { KefuEvents } from '../types.ts';

type Listener = (payload: never) => void;

/**
 * The page's `Kefu('on', …)` listeners. A listener that throws is reported asynchronously, so
 * a merchant's bug never breaks the widget or the other listeners.
 */
export function createListeners() {
  const map = new Map<keyof KefuEvents, Set<Listener>>();
  return {
    on(event: keyof KefuEvents, fn: Listener) {
      const set = map.get(event) ?? new Set();
      map.set(event, set);
      set.add(fn);
    },
    off(event: keyof KefuEvents, fn: Listener) {
      map.get(event)?.delete(fn);
    },
    emit<E extends keyof KefuEvents>(event: E, payload: KefuEvents[E]) {
      for (const fn of map.get(event) ?? []) {
        try {
          (fn as (p: KefuEvents[E]) => void)(payload);
        } catch (error) {
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    },
    clear() {
      map.clear();
    },
  };
}
