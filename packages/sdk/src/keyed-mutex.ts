/**
 * Runs tasks one at a time per key, in the order they were queued: messages of one
 * conversation are stored, answered and fanned out in order, while other conversations
 * proceed in parallel.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    // Runs on every message (its write, the bot's turn): no closures beyond the one that cleans up.
    const previous = this.tails.get(key) ?? SETTLED;
    const result = previous.then(task, task);
    const tail = result.then(ignore, ignore);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Resolves when every queued task has finished. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all(this.tails.values());
  }
}

const SETTLED: Promise<unknown> = Promise.resolve();
const ignore = (): void => {};
