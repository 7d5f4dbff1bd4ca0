import { describe, expect, it } from 'vitest';
import { createBatchQueue, oneByOne, type Settled } from './batch-queue.ts';

/** A queue whose writes are recorded; each write waits for `release` when one is given. */
function recordingQueue(
  answer: (n: number) => Settled<string> = (n) => ({ value: `stored ${n}` }),
  options: Parameters<typeof createBatchQueue<number, string>>[1] = { max: 100 },
) {
  const batches: number[][] = [];
  let gate: Promise<void> | undefined;
  const queue = createBatchQueue<number, string>(async (items) => {
    batches.push(items);
    await gate;
    return items.map(answer);
  }, options);
  return {
    queue,
    batches,
    hold(): () => void {
      let open!: () => void;
      gate = new Promise((resolve) => {
        open = resolve;
      });
      return open;
    },
  };
}

describe('createBatchQueue', () => {
  it('keeps lazy items until an item that is not lazy comes, then writes them with it, in order', async () => {
    // Negative items are lazy; their wait is far longer than the test.
    const { queue, batches } = recordingQueue(undefined, { max: 100, lazy: (n) => n < 0, lazyMs: 600_000 });
    const lazy = [queue.push(-1), queue.push(-2)];
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(batches).toEqual([]);
    await Promise.all([...lazy, queue.push(3)]);
    expect(batches).toEqual([[-1, -2, 3]]);
  });

  it('writes lazy items alone once nothing came along for lazyMs', async () => {
    const { queue, batches } = recordingQueue(undefined, { max: 100, lazy: (n) => n < 0, lazyMs: 1 });
    expect(await queue.push(-1)).toBe('stored -1');
    expect(batches).toEqual([[-1]]);
  });

  it('writes what is pushed in one turn as one batch, in push order', async () => {
    const { queue, batches } = recordingQueue();
    const results = await Promise.all([1, 2, 3, 4].map((n) => queue.push(n)));
    expect(batches).toEqual([[1, 2, 3, 4]]);
    expect(results).toEqual(['stored 1', 'stored 2', 'stored 3', 'stored 4']);
  });

  it('writes what arrives while a batch is in flight together in the next one, in order', async () => {
    const { queue, batches, hold } = recordingQueue();
    const release = hold();
    const first = queue.push(1);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[1]]);
    const later = [2, 3, 4].map((n) => queue.push(n));
    release();
    await Promise.all([first, ...later]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('splits at `max` by weight, and never holds back an item heavier than max', async () => {
    const { queue, batches } = recordingQueue(undefined, { max: 10, weight: (n) => n });
    await Promise.all([4, 5, 2, 20, 1].map((n) => queue.push(n)));
    expect(batches).toEqual([[4, 5], [2], [20], [1]]);
  });

  it('fails an item alone when the write answers it with an error', async () => {
    const { queue } = recordingQueue((n) =>
      n === 2 ? { error: new Error('bad 2') } : { value: `stored ${n}` },
    );
    const results = await Promise.allSettled([1, 2, 3].map((n) => queue.push(n)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'stored 1',
      'bad 2',
      'stored 3',
    ]);
  });

  it('fails the whole batch when the write throws, and goes on with the next one', async () => {
    let calls = 0;
    const queue = createBatchQueue<number, number>(
      async (items) => {
        if (++calls === 1) throw new Error('connection lost');
        return items.map((value) => ({ value }));
      },
      { max: 2 },
    );
    const results = await Promise.allSettled([1, 2, 3].map((n) => queue.push(n)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
  });

  it('is idle only once everything pushed so far is written', async () => {
    const { queue, batches, hold } = recordingQueue();
    const release = hold();
    void queue.push(1);
    let idle = false;
    const done = queue.idle().then(() => {
      idle = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    void queue.push(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(idle).toBe(false);
    release();
    await done;
    expect(batches.flat()).toEqual([1, 2]);
  });
});

describe('oneByOne', () => {
  it('runs each item in order and keeps each outcome, failures included', async () => {
    const seen: number[] = [];
    const outcomes = await oneByOne([1, 2, 3], async (n) => {
      seen.push(n);
      if (n === 2) throw new Error('no 2');
      return n * 10;
    });
    expect(seen).toEqual([1, 2, 3]);
    expect(outcomes).toEqual([{ value: 10 }, { error: new Error('no 2') }, { value: 30 }]);
  });
});
