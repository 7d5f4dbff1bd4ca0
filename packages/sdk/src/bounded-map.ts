/** Conversations each per-conversation cache remembers on one node, most recently used first. */
export const CONVERSATION_CACHE_SIZE = 10_000;

/**
 * A Map that keeps at most `max` entries, forgetting the least recently used first: for
 * per-conversation caches that must not grow for the life of the process. What it forgets
 * can be rebuilt or is only a hint (the last agent, the latest assist).
 * @example
 * const lastAgent = new BoundedMap<string, string>(10_000);
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly max: number) {
    if (!(Number.isInteger(max) && max > 0))
      throw new RangeError('BoundedMap: max must be a positive integer');
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      // Re-inserting moves the key to the young end of the Map's insertion order.
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  set(key: K, value: V): this {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as K);
    return this;
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }
}
