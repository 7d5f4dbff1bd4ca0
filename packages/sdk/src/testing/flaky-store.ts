import type { Store } from '../store/store.ts';

type Method = {
  [K in keyof Store]: Store[K] extends (...args: never[]) => Promise<unknown> ? K : never;
}[keyof Store];

/**
 * A real store whose chosen calls fail, as a database that blinks does: `fail(method, times, when)`
 * makes the next `times` calls of `method` for which `when(...args)` holds reject with `error`
 * (a reset connection, by default), before reaching the store; every other call goes through.
 * @example
 * const flaky = flakyStore(createMemoryStore());
 * flaky.fail('appendMessage', 2, (m) => m.author.kind === 'bot');
 * startHub({ store: flaky.store });
 */
export function flakyStore(real: Store) {
  const rules: {
    method: string;
    times: number;
    when: (...args: never[]) => boolean;
    error: () => unknown;
  }[] = [];
  const store = new Proxy(real, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop);
      if (typeof value !== 'function') return value;
      return (...args: never[]) => {
        const rule = rules.find((r) => r.method === prop && r.times > 0 && r.when(...args));
        if (!rule) return (value as (...a: never[]) => unknown).apply(target, args);
        rule.times--;
        return Promise.reject(rule.error());
      };
    },
  });
  return {
    store,
    fail<M extends Method>(
      method: M,
      times: number,
      when: (...args: Parameters<Store[M]>) => boolean = () => true,
      error: () => unknown = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
    ): void {
      rules.push({ method, times, when: when as (...args: never[]) => boolean, error });
    },
    /** Calls still set to fail. */
    get armed(): number {
      return rules.reduce((sum, r) => sum + r.times, 0);
    },
  };
}
