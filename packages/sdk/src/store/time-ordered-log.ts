/**
 * Records a chunk holds before it splits in two: an insertion out of time order moves at most
 * this many, and growing the log never copies more than the list of chunks.
 */
const CHUNK = 1024;

/**
 * Records kept in time order, ties in the order they were added, in chunks of at most about
 * {@link CHUNK}: adding one in order is a push, one out of order a binary search and a short
 * splice, and a window is read from its first record on. One array of every record grew for the
 * life of the process (each doubling copied it on the event loop) and spliced the whole tail on
 * a late record.
 * @example
 * const log = new TimeOrderedLog<{ at: number; id: string }>();
 * log.add({ at: 20, id: 'b' });
 * log.add({ at: 10, id: 'a' });
 * log.range(10, 20); // → [{ at: 10, id: 'a' }]
 */
export class TimeOrderedLog<T extends { readonly at: number }> {
  /** Each non-empty and in order; every record of a chunk at or before the next chunk's first. */
  private readonly chunks: T[][] = [];

  /** Adds `record` after every record at its time or before. */
  add(record: T): void {
    const { chunks } = this;
    const last = chunks[chunks.length - 1];
    if (!last || last[last.length - 1]!.at <= record.at) {
      // The usual case: records come almost in time order.
      if (last && last.length < CHUNK) last.push(record);
      else chunks.push([record]);
      return;
    }
    const c = this.lastChunkFrom(record.at);
    const chunk = chunks[c]!;
    chunk.splice(after(chunk, record.at), 0, record);
    if (chunk.length > CHUNK) chunks.splice(c + 1, 0, chunk.splice(chunk.length >> 1));
  }

  /** The records with `from <= at < to` (either bound left out: unbounded), in order. */
  range(from?: number, to?: number): T[] {
    const { chunks } = this;
    const out: T[] = [];
    let c = from === undefined ? 0 : this.firstChunkTo(from);
    let i = from === undefined || c === chunks.length ? 0 : before(chunks[c]!, from);
    for (; c < chunks.length; c++, i = 0) {
      const chunk = chunks[c]!;
      for (; i < chunk.length; i++) {
        const record = chunk[i]!;
        if (to !== undefined && record.at >= to) return out;
        out.push(record);
      }
    }
    return out;
  }

  /** Puts `next` in the place of `old` (the same object, found by its time); false if absent. */
  replace(old: T, next: T): boolean {
    const { chunks } = this;
    let c = this.firstChunkTo(old.at);
    let i = c === chunks.length ? 0 : before(chunks[c]!, old.at);
    for (; c < chunks.length; c++, i = 0) {
      const chunk = chunks[c]!;
      for (; i < chunk.length && chunk[i]!.at === old.at; i++)
        if (chunk[i] === old) {
          chunk[i] = next;
          return true;
        }
      if (i < chunk.length) return false;
    }
    return false;
  }

  /** The last chunk whose first record is at `at` or before (the first chunk if none is). */
  private lastChunkFrom(at: number): number {
    return Math.max(0, partition(this.chunks, (chunk) => chunk[0]!.at <= at) - 1);
  }

  /** The first chunk whose last record is at `at` or after (the number of chunks if none is). */
  private firstChunkTo(at: number): number {
    return partition(this.chunks, (chunk) => chunk[chunk.length - 1]!.at < at);
  }
}

/** The index of the first record at `at` or after. */
const before = (records: readonly { at: number }[], at: number) => partition(records, (r) => r.at < at);

/** The index of the first record after `at`. */
const after = (records: readonly { at: number }[], at: number) => partition(records, (r) => r.at <= at);

/** The first index whose item fails `test`, for items that pass it up to some index and fail after. */
function partition<T>(items: readonly T[], test: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (test(items[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
