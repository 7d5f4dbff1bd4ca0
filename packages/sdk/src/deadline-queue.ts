import type { Clock } from './clock.ts';

/** One deadline in a {@link DeadlineQueue}; `cancel` it once what it guards is done. */
export interface Deadline {
  cancel(): void;
}

/**
 * Deadlines that all run for the same time on one clock (a plug-in's timeout, say), under one
 * timer instead of a timer each. Being of one length, they fall due in the order they were set:
 * a list, first due at its head. A cancelled deadline leaves the list at once; the timer is
 * re-armed for the next head when it fires, and left to run out rather than cleared when the list
 * empties, so a steady stream of short calls arms about one timer per `ms`, not one per call. The
 * timer does not keep a process alive on its own (on Node's clock the handle can unref).
 * @example
 * const deadlines = new DeadlineQueue(clock, 3000);
 * const deadline = deadlines.add(() => giveUp());
 * await work;
 * deadline.cancel();
 */
export class DeadlineQueue {
  private head: Entry | undefined;
  private tail: Entry | undefined;
  private armed = false;

  constructor(
    private readonly clock: Clock,
    readonly ms: number,
  ) {}

  /** `onExpire` runs `ms` from now, unless the deadline is cancelled first. */
  add(onExpire: () => void): Deadline {
    const entry = new Entry(this, this.clock.now() + this.ms, onExpire);
    entry.prev = this.tail;
    if (this.tail) this.tail.next = entry;
    else this.head = entry;
    this.tail = entry;
    if (!this.armed) this.arm(this.ms);
    return entry;
  }

  /** Takes an entry out of the list (cancelled, or expiring). */
  unlink(entry: Entry): void {
    if (entry.prev) entry.prev.next = entry.next;
    else if (this.head === entry) this.head = entry.next;
    else return; // not in the list (cancelled twice, or expired)
    if (entry.next) entry.next.prev = entry.prev;
    else this.tail = entry.prev;
    entry.prev = entry.next = undefined;
  }

  private arm(delay: number): void {
    this.armed = true;
    const handle = this.clock.setTimeout(() => this.fire(), delay);
    (handle as { unref?: () => void } | null)?.unref?.();
  }

  private fire(): void {
    this.armed = false;
    const now = this.clock.now();
    try {
      while (this.head && this.head.at <= now) {
        const due = this.head;
        this.unlink(due);
        due.onExpire();
      }
    } finally {
      // Armed again even if one of them threw: the others still fall due.
      if (this.head) this.arm(this.head.at - now);
    }
  }
}

class Entry implements Deadline {
  prev: Entry | undefined;
  next: Entry | undefined;

  constructor(
    private readonly queue: DeadlineQueue,
    readonly at: number,
    readonly onExpire: () => void,
  ) {}

  cancel(): void {
    this.queue.unlink(this);
  }
}
