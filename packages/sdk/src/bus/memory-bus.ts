import { type Bus, type BusEvent, DELIVERED } from './bus.ts';

/**
 * The in-process bus, for a single hub node: publish delivers synchronously to every handler,
 * so events keep their order. A handler that throws is isolated from the others.
 */
export function createMemoryBus(onHandlerError: (error: unknown) => void = () => {}): Bus {
  const handlers = new Map<string, Set<(event: BusEvent) => void>>();
  function deliver(handler: (event: BusEvent) => void, event: BusEvent): void {
    try {
      handler(event);
    } catch (error) {
      onHandlerError(error);
    }
  }
  return {
    // Not async: delivery is done when it returns, and every message is published on it.
    publish(channel, event) {
      const set = handlers.get(channel);
      if (!set) return DELIVERED;
      // Handlers as they were when publishing began (one subscribed meanwhile waits for the next
      // event); the common single subscriber without copying the set.
      if (set.size === 1) deliver(set.values().next().value!, event);
      else for (const handler of [...set]) deliver(handler, event);
      return DELIVERED;
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
