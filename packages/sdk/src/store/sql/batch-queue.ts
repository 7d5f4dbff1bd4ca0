/** One item's outcome in a batch: its value, or the error that failed it alone. */
export type Settled<Result> = { value: Result } | { error: unknown };

export interface BatchQueue<Item, Result> {
  /** Queues `item`; resolves or rejects with its own outcome once its batch is written. */
  push(item: Item): Promise<Result>;
  /** Resolves once every item pushed so far is written (at close). */
  idle(): Promise<void>;
}

interface Entry<Item, Result> {
  item: Item;
  resolve(value: Result): void;
  reject(error: unknown): void;
}

/**
 * Group commit: items pushed while a batch is in flight, or during the same turn of the event
 * loop, are handed to `write` together, so many callers share one statement (one round trip, one
 * commit) instead of one each. One batch is in flight at a time and batches are written in push
 * order, so items keep their order. Before each batch the queue yields one macrotask: on an
 * in-process database (PGlite), whose queries complete without ever returning to the event loop,
 * that is what lets the frames already received join the batch. `write` answers each item on its
 * own; if it throws, every item of the batch fails with that error. Items `lazy` picks (work
 * nobody waits on, such as the event log) do not start a batch of their own at once: they wait up
 * to `lazyMs` for an item that does, and go with it.
 * @example
 * const reads = createBatchQueue<string, Row | null>(async (ids) => (await fetchAll(ids)).map((value) => ({ value })), { max: 256 });
 * const row = await reads.push('c_1');
 */
export function createBatchQueue<Item, Result>(
  write: (items: Item[]) => Promise<Array<Settled<Result>>>,
  options: { max: number; weight?: (item: Item) => number; lazy?: (item: Item) => boolean; lazyMs?: number },
): BatchQueue<Item, Result> {
  const weight = options.weight ?? (() => 1);
  const lazy = options.lazy ?? (() => false);
  let queue: Array<Entry<Item, Result>> = [];
  let running: Promise<void> | undefined;
  /** Ends the wait of a queue holding only lazy items. */
  let wake: (() => void) | undefined;

  /** Resolves when an item that is not lazy is pushed, or after `lazyMs`. */
  function company(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => wake?.(), options.lazyMs ?? 0);
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
    });
  }

  /** The longest prefix of the queue within `max` (at least one item, however heavy). */
  function take(): Array<Entry<Item, Result>> {
    let total = weight(queue[0]!.item);
    let n = 1;
    while (n < queue.length && total + weight(queue[n]!.item) <= options.max)
      total += weight(queue[n++]!.item);
    const batch = queue.slice(0, n);
    queue = queue.slice(n);
    return batch;
  }

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (queue.every((entry) => lazy(entry.item))) await company();
      const batch = take();
      try {
        const outcomes = await write(batch.map((e) => e.item));
        batch.forEach((entry, i) => {
          const outcome = outcomes[i]!;
          if ('error' in outcome) entry.reject(outcome.error);
          else entry.resolve(outcome.value);
        });
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    running = undefined;
  }

  return {
    push: (item) =>
      new Promise<Result>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (wake && !lazy(item)) wake();
        running ??= drain();
      }),
    idle: async () => {
      while (running) await running;
    },
  };
}

/** Runs `fn` for each item, one after the other, each outcome its own (the fallback of a failed batch). */
export async function oneByOne<Item, Result>(
  items: readonly Item[],
  fn: (item: Item) => Promise<Result>,
): Promise<Array<Settled<Result>>> {
  const outcomes: Array<Settled<Result>> = [];
  for (const item of items) {
    try {
      outcomes.push({ value: await fn(item) });
    } catch (error) {
      outcomes.push({ error });
    }
  }
  return outcomes;
}
