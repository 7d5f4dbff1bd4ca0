/**
 * Runs tasks one at a time per key, in the order they were queued: messages of one
 * conversation are stored, answered and fanned out in order, while other conversations
 * proceed in parallel.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    // Runs on every message (its write, the bot's turn): the tail the next task waits for is the
    // cleanup itself, not a promise of its own with the cleanup chained after. Its callbacks are
    // arguments, not a named function: a bundler keeping names wraps each named closure per call.
    const previous = this.tails.get(key) ?? SETTLED;
    const result = previous.then(task, task);
    const tail: Promise<void> = result.then(
      () => this.settled(key, tail),
      () => this.settled(key, tail),
    );
    this.tails.set(key, tail);
    return result;
  }

  private settled(key: string, tail: Promise<void>): void {
    if (this.tails.get(key) === tail) this.tails.delete(key);
  }

  /** Resolves when every queued task has finished. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all(this.tails.values());
  }
}

const SETTLED: Promise<unknown> = Promise.resolve();
