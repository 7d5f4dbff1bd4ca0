import type { Bus, BusEvent } from './bus.ts';

/**
 * The in-process bus, for a single hub node: publish delivers synchronously to every handler,
 * so events keep their order. A handler that throws is isolated from the others.
 */
export function createMemoryBus(onHandlerError: (error: unknown) => void = () => {}): Bus {
  const handlers = new Map<string, Set<(event: BusEvent) => void>>();
  return {
    async publish(channel, event) {
      const set = handlers.get(channel);
      if (!set) return;
      for (const handler of [...set]) {
        try {
          handler(event);
        } catch (error) {
          onHandlerError(error);
        }
      }
    },
    async subscribe(channel, handler) {
      const set = handlers.get(channel) ?? new Set();
      handlers.set(channel, set);
      set.add(handler);
      return async () => {
        set.delete(handler);
        if (set.size === 0 && handlers.get(channel) === set) handlers.delete(channel);
      };
    },
    async close() {
      handlers.clear();
    },
  };
}
