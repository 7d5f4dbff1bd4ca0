/**
 * The most recent handling times (assignment → close, in ms) per group: the input of
 * {@link estimateWait}. A bounded ring per group, so memory stays flat on a busy hub and the
 * estimate follows today's pace rather than last month's.
 * @example
 * const handling = new HandlingTimes();
 * handling.record('logistics', closedAt - assignedAt);
 * estimateWait(position, online, handling.recent('logistics'));
 */
export class HandlingTimes {
  private readonly rings = new Map<string, { values: number[]; next: number }>();

  /** @param window how many recent conversations per group count (default 50). */
  constructor(private readonly window = 50) {
    if (!(window >= 1)) throw new RangeError(`window must be ≥ 1, got ${window}`);
  }

  record(group: string, ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    let ring = this.rings.get(group);
    if (!ring) {
      ring = { values: [], next: 0 };
      this.rings.set(group, ring);
    }
    if (ring.values.length < this.window) ring.values.push(ms);
    else ring.values[ring.next] = ms;
    ring.next = (ring.next + 1) % this.window;
  }

  /** The recent handling times of a group (in no particular order). */
  recent(group: string): readonly number[] {
    return this.rings.get(group)?.values ?? [];
  }
}
