import { describe, expect, it } from 'vitest';
import { TimeOrderedLog } from './time-ordered-log.ts';

interface Rec {
  at: number;
  id: number;
}

/** What the log must hold: a stable sort by time of everything added, in the order added. */
const sorted = (records: readonly Rec[]) => [...records].sort((a, b) => a.at - b.at);

/** Deterministic pseudo-random times (a linear congruential generator), many of them tied. */
function times(n: number, spread: number): number[] {
  let x = 12_345;
  return Array.from({ length: n }, () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return x % spread;
  });
}

describe('TimeOrderedLog', () => {
  it('keeps records in time order, ties in the order added, across chunk splits', () => {
    const log = new TimeOrderedLog<Rec>();
    // Far more than a chunk, out of order and with many ties: chunks split in the middle of ties.
    const records = times(5_000, 300).map((at, id) => ({ at, id }));
    for (const r of records) log.add(r);
    expect(log.range()).toEqual(sorted(records));
  });

  it('reads a window from inclusive to exclusive, ties at its edges included or left out whole', () => {
    const log = new TimeOrderedLog<Rec>();
    const records = times(3_000, 100).map((at, id) => ({ at, id }));
    for (const r of records) log.add(r);
    const all = sorted(records);
    for (const [from, to] of [
      [0, 100],
      [10, 11],
      [37, 64],
      [99, undefined],
      [undefined, 1],
      [100, undefined],
      [50, 50],
    ] as const)
      expect(log.range(from, to)).toEqual(
        all.filter((r) => (from === undefined || r.at >= from) && (to === undefined || r.at < to)),
      );
  });

  it('adds a record late in time after its ties, even where a chunk ends within them', () => {
    const log = new TimeOrderedLog<Rec>();
    const records: Rec[] = [];
    const add = (r: Rec) => {
      records.push(r);
      log.add(r);
    };
    // A run of one time longer than a chunk, then later ones, then that time again.
    for (let id = 0; id < 2_500; id++) add({ at: 7, id });
    add({ at: 9, id: 2_500 });
    add({ at: 7, id: 2_501 });
    add({ at: 3, id: 2_502 });
    add({ at: 8, id: 2_503 });
    expect(log.range()).toEqual(sorted(records));
    expect(log.range(7, 8).at(-1)).toEqual({ at: 7, id: 2_501 });
  });

  it('replaces a record in its place, found among its ties by identity', () => {
    const log = new TimeOrderedLog<Rec>();
    const records = Array.from({ length: 3_000 }, (_, id) => ({ at: id % 3, id }));
    for (const r of records) log.add(r);
    const old = records[2_998]!;
    const next = { at: old.at, id: -1 };
    expect(log.replace(old, next)).toBe(true);
    expect(log.replace(old, next)).toBe(false);
    expect(log.replace({ at: 5, id: 0 }, next)).toBe(false);
    expect(log.range()).toEqual(sorted(records.map((r) => (r === old ? next : r))));
  });
});
