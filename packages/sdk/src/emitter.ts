/**
 * A small typed event emitter for browsers and Node alike. A listener that throws is reported
 * to `onListenerError` instead of breaking the emitter or the other listeners.
 * @example
 * const e = createEmitter<{ message: string }>();
 * const off = e.on('message', (m) => console.log(m));
 * e.emit('message', 'hi'); off();
 */
export interface Emitter<Events extends object> {
  on<K extends keyof Events>(event: K, listener: (payload: Events[K]) => void): () => void;
  off<K extends keyof Events>(event: K, listener: (payload: Events[K]) => void): void;
  emit<K extends keyof Events>(event: K, payload: Events[K]): void;
  listenerCount(event: keyof Events): number;
}

export function createEmitter<Events extends object>(
  onListenerError: (error: unknown) => void = (error) =>
    queueMicrotask(() => {
      throw error;
    }),
): Emitter<Events> {
  const listeners = new Map<keyof Events, Set<(payload: never) => void>>();
  // Plain functions, not methods: `const { on } = emitter` must keep working.
  const off: Emitter<Events>['off'] = (event, listener) => {
    listeners.get(event)?.delete(listener as (payload: never) => void);
  };
  return {
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: never) => void);
      return () => off(event, listener);
    },
    off,
    emit(event, payload) {
      const set = listeners.get(event);
      if (!set) return;
      for (const listener of [...set]) {
        try {
          (listener as (p: typeof payload) => void)(payload);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    listenerCount(event) {
      return listeners.get(event)?.size ?? 0;
    },
  };
}
