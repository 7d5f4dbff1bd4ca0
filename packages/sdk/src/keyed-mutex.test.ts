import { describe, expect, it } from 'vitest';
import { KeyedMutex } from './keyed-mutex.ts';

/** A promise the test settles by hand. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every queued promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('KeyedMutex', () => {
  it('runs tasks of one key one at a time, in the order they were queued', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const first = deferred();
    const a = mutex.run('c1', async () => {
      log.push('a start');
      await first.promise;
      log.push('a end');
      return 'a';
    });
    const b = mutex.run('c1', async () => {
      log.push('b');
      return 'b';
    });
    await settle();
    expect(log).toEqual(['a start']);
    first.resolve();
    expect(await Promise.all([a, b])).toEqual(['a', 'b']);
    expect(log).toEqual(['a start', 'a end', 'b']);
  });

  it('starts a task at once when its key is free, and a turn later behind a busy one', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const gate = deferred();
    const a = mutex.run('c1', async () => {
      log.push('a');
      await gate.promise;
    });
    const b = mutex.run('c1', async () => {
      log.push('b');
    });
    // a runs in the caller's turn (no promise chain before it); b waits for a.
    expect(log).toEqual(['a']);
    gate.resolve();
    await Promise.all([a, b]);
    expect(log).toEqual(['a', 'b']);
    expect(mutex.busy('c1')).toBe(false);
    await settle();
    void mutex.run('c1', async () => log.push('c'));
    expect(log).toEqual(['a', 'b', 'c']);
  });

  it('queues a task that a starting task adds for its own key behind it, never beside it', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    let running = 0;
    let overlapped = false;
    const track = async (name: string, wait?: Promise<void>) => {
      if (running++ > 0) overlapped = true;
      log.push(`${name} start`);
      await wait;
      log.push(`${name} end`);
      running--;
    };
    const gate = deferred();
    let inner: Promise<void> | undefined;
    let second: Promise<void> | undefined;
    // The outer task queues two more for its key before its first await: started at once (its key
    // was free), it runs before the mutex knows its promise, which the inner ones must wait for.
    const outer = mutex.run('c1', () => {
      inner = mutex.run('c1', () => track('inner'));
      second = mutex.run('c1', () => track('second'));
      return track('outer', gate.promise);
    });
    const later = mutex.run('c1', () => track('later'));
    await settle();
    expect(log).toEqual(['outer start']);
    gate.resolve();
    await Promise.all([outer, inner, second, later]);
    expect(overlapped).toBe(false);
    expect(log.indexOf('inner start')).toBeGreaterThan(log.indexOf('outer end'));
    expect(log.indexOf('second start')).toBeGreaterThan(log.indexOf('inner end'));
    expect(mutex.busy('c1')).toBe(false);
    // A task queued now still waits for whatever runs: the lane's tail was not lost.
    const next = deferred();
    const a = mutex.run('c1', () => track('a', next.promise));
    const b = mutex.run('c1', () => track('b'));
    await settle();
    expect(log.at(-1)).toBe('a start');
    next.resolve();
    await Promise.all([a, b]);
    expect(overlapped).toBe(false);
  });

  it('lets other keys proceed while one key is busy', async () => {
    const mutex = new KeyedMutex();
    const blocker = deferred();
    const slow = mutex.run('c1', () => blocker.promise);
    const fast = await mutex.run('c2', async () => 'other conversation');
    expect(fast).toBe('other conversation');
    blocker.resolve();
    await slow;
  });

  it('rejects only the failing task and runs the next one of the same key', async () => {
    const mutex = new KeyedMutex();
    const failed = mutex.run('c1', async () => {
      throw new Error('store down');
    });
    const next = mutex.run('c1', async () => 'still served');
    await expect(failed).rejects.toThrow('store down');
    await expect(next).resolves.toBe('still served');
  });

  it('treats a task that throws synchronously like a rejected one', async () => {
    const mutex = new KeyedMutex();
    const failed = mutex.run('c1', () => {
      throw new Error('sync');
    });
    await expect(failed).rejects.toThrow('sync');
    await expect(mutex.run('c1', async () => 1)).resolves.toBe(1);
  });

  it('idle() resolves once every queued task of every key has finished', async () => {
    const mutex = new KeyedMutex();
    const gate = deferred();
    const done: string[] = [];
    void mutex.run('c1', async () => {
      await gate.promise;
      done.push('c1');
    });
    void mutex.run('c2', async () => {
      await gate.promise;
      done.push('c2');
    });
    let idle = false;
    const waiting = mutex.idle().then(() => {
      idle = true;
    });
    await settle();
    expect(idle).toBe(false);
    gate.resolve();
    await waiting;
    expect(done.sort()).toEqual(['c1', 'c2']);
  });

  it('idle() also waits for tasks queued while it was waiting', async () => {
    const mutex = new KeyedMutex();
    const gate = deferred();
    const done: string[] = [];
    void mutex.run('c1', async () => {
      await gate.promise;
      // A task that queues follow-up work on another key, as fan-out does.
      void mutex.run('c2', async () => {
        done.push('follow-up');
      });
    });
    const waiting = mutex.idle();
    gate.resolve();
    await waiting;
    expect(done).toEqual(['follow-up']);
  });

  it('idle() resolves at once when nothing is queued', async () => {
    await expect(new KeyedMutex().idle()).resolves.toBeUndefined();
  });

  describe('keeping idle lanes (keepIdle)', () => {
    it('still runs tasks of one key in order, and idle() resolves although idle lanes stay', async () => {
      const mutex = new KeyedMutex({ keepIdle: 4 });
      const log: string[] = [];
      const gate = deferred();
      await mutex.run('c1', async () => log.push('first'));
      const a = mutex.run('c1', async () => {
        await gate.promise;
        log.push('a');
      });
      const b = mutex.run('c1', async () => log.push('b'));
      const waiting = mutex.idle();
      gate.resolve();
      await Promise.all([a, b, waiting]);
      expect(log).toEqual(['first', 'a', 'b']);
      await expect(mutex.idle()).resolves.toBeUndefined();
    });

    it('sweeps out idle lanes once there are keepIdle of them, never a busy one', async () => {
      const mutex = new KeyedMutex({ keepIdle: 4 });
      const lanes = (mutex as unknown as { lanes: Map<string, unknown> }).lanes;
      const gate = deferred();
      const busy = mutex.run('busy', () => gate.promise);
      for (const key of ['a', 'b', 'c']) await mutex.run(key, async () => {});
      expect(lanes.size).toBe(4);
      await mutex.run('d', async () => {});
      expect([...lanes.keys()].sort()).toEqual(['busy', 'd']);
      gate.resolve();
      await busy;
    });

    it('sweeps again once a burst of busy lanes is over, though no new key comes (every lane stayed)', async () => {
      const mutex = new KeyedMutex({ keepIdle: 4 });
      const lanes = (mutex as unknown as { lanes: Map<string, unknown> }).lanes;
      const keys = Array.from({ length: 20 }, (_, i) => `c${i}`);
      const gate = deferred();
      const burst = keys.map((key) => mutex.run(key, () => gate.promise));
      expect(lanes.size).toBe(20);
      gate.resolve();
      await Promise.all(burst);
      for (const key of keys) await mutex.run(key, async () => {});
      expect(lanes.size).toBeLessThanOrEqual(4);
    });
  });
});
