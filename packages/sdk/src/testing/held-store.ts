import type { Store } from '../store/store.ts';

type Method = {
  [K in keyof Store]: Store[K] extends (...args: never[]) => Promise<unknown> ? K : never;
}[keyof Store];

/**
 * A real store whose first call of `method` for which `when(...args)` holds waits for `release()`
 * before it reaches the store: a read held at the moment a race needs it. `reached` says that call
 * came, `answered` that it has returned; every other call goes through.
 * @example
 * const gate = heldStore(createMemoryStore(), 'listConversations', (q) => q?.agentId === 'mei');
 * startHub({ store: gate.store });
 */
export function heldStore<M extends Method>(
  real: Store,
  method: M,
  when: (...args: Parameters<Store[M]>) => boolean,
) {
  let release = () => {};
  const opened = new Promise<void>((r) => {
    release = r;
  });
  const gate = { reached: false, answered: false };
  const store = new Proxy(real, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop);
      if (prop !== method || typeof value !== 'function') return value;
      const call = value as (...args: Parameters<Store[M]>) => Promise<unknown>;
      return async (...args: Parameters<Store[M]>) => {
        if (gate.reached || !when(...args)) return call.apply(target, args);
        gate.reached = true;
        await opened;
        const answer = await call.apply(target, args);
        gate.answered = true;
        return answer;
      };
    },
  });
  return {
    store,
    release: () => release(),
    get reached() {
      return gate.reached;
    },
    get answered() {
      return gate.answered;
    },
  };
}
