import { describe, expect, it } from 'vitest';
import type { NewTimer, Store, TimerRecord } from './store.ts';

/**
 * The durable-timer part of `storeContract`: what every engine's timers must do, run against
 * `store()`, the store of the current test.
 * @example
 * timerContract(() => store); // inside storeContract's describe
 */
export function timerContract(store: () => Store): void {
  const timer = (key: string, dueAt: number | null, extra: Partial<NewTimer> = {}): NewTimer => ({
    key,
    kind: 'sla',
    dueAt,
    data: {},
    ...extra,
  });
  const keys = (timers: TimerRecord[]) => timers.map((t) => t.key);
  // Versions come from one sequence per store: only their order is promised.
  const anyVersion = expect.any(Number);
  const addAll = async (timers: NewTimer[]) => {
    for (const t of timers) await store().addTimer(t);
  };

  describe('timers', () => {
    it('adds a timer only when its key is free, giving back the stored one either way', async () => {
      const first = await store().addTimer(timer('sla:c_1', 1_000, { data: { stage: 'first' } }));
      expect(first).toEqual({
        created: true,
        timer: { key: 'sla:c_1', kind: 'sla', dueAt: 1_000, data: { stage: 'first' }, version: anyVersion },
      });
      for (const key of ['leaseOwner', 'leaseUntil']) expect(key in first.timer).toBe(false);
      const again = await store().addTimer(timer('sla:c_1', 9_000, { kind: 'other', data: { stage: 'x' } }));
      expect(again).toEqual({ created: false, timer: first.timer });
      expect(await store().getTimer('sla:c_1')).toEqual(first.timer);
    });

    it('gives back the claimed timer, lease and all, when adding over it', async () => {
      await store().addTimer(timer('sla:c_1', 100));
      const [claimed] = await store().claimDueTimers(100, 'node_a', 1_000, 10);
      expect((await store().addTimer(timer('sla:c_1', 500))).timer).toEqual(claimed);
    });

    it('puts a timer over an existing one, replacing it, clearing its claim, moving its version on', async () => {
      expect(await store().putTimer(timer('sla:c_1', 100, { data: { n: 1 } }))).toEqual({
        key: 'sla:c_1',
        kind: 'sla',
        dueAt: 100,
        data: { n: 1 },
        version: anyVersion,
      });
      const [claimed] = await store().claimDueTimers(100, 'node_a', 1_000, 10);
      expect(claimed).toMatchObject({ leaseOwner: 'node_a', leaseUntil: 1_100 });
      const replaced = await store().putTimer(timer('sla:c_1', 700, { kind: 'follow_up', data: { n: 2 } }));
      expect(replaced).toEqual({
        key: 'sla:c_1',
        kind: 'follow_up',
        dueAt: 700,
        data: { n: 2 },
        version: anyVersion,
      });
      expect(replaced.version).toBeGreaterThan(claimed!.version);
      expect(await store().getTimer('sla:c_1')).toEqual(replaced);
    });

    it('updates a timer at the version it was read at, once; a stale version changes nothing', async () => {
      const { timer: added } = await store().addTimer(timer('sla:c_1', 100, { data: { n: 1 } }));
      const next = { kind: 'sla', dueAt: 200, data: { n: 2 } };
      expect(await store().updateTimer('sla:c_1', added.version, next)).toBe(true);
      const updated = (await store().getTimer('sla:c_1'))!;
      expect(updated).toEqual({ key: 'sla:c_1', ...next, version: anyVersion });
      expect(updated.version).toBeGreaterThan(added.version);
      expect(await store().updateTimer('sla:c_1', added.version, { ...next, dueAt: 300 })).toBe(false);
      expect(await store().updateTimer('sla:c_1', added.version, null)).toBe(false);
      expect(await store().getTimer('sla:c_1')).toEqual(updated);
      expect(await store().updateTimer('sla:c_missing', 1, next)).toBe(false);
      expect(await store().getTimer('sla:c_missing')).toBeNull();
    });

    it('clears a claim when updating at the claimed version, and deletes for null', async () => {
      await store().addTimer(timer('sla:c_1', 100));
      const [claimed] = await store().claimDueTimers(150, 'node_a', 1_000, 10);
      expect(
        await store().updateTimer('sla:c_1', claimed!.version, { kind: 'sla', dueAt: 900, data: {} }),
      ).toBe(true);
      const moved = (await store().getTimer('sla:c_1'))!;
      expect(moved).toEqual({ key: 'sla:c_1', kind: 'sla', dueAt: 900, data: {}, version: anyVersion });
      expect(moved.version).toBeGreaterThan(claimed!.version);
      expect(await store().updateTimer('sla:c_1', moved.version, null)).toBe(true);
      expect(await store().getTimer('sla:c_1')).toBeNull();
      expect(await store().updateTimer('sla:c_1', moved.version, null)).toBe(false);
    });

    it('lets one of ten racing updates at one version win', async () => {
      const { timer: added } = await store().addTimer(timer('sla:c_1', 100));
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          store().updateTimer('sla:c_1', added.version, { kind: 'sla', dueAt: 1_000 + i, data: { i } }),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true);
      expect(await store().getTimer('sla:c_1')).toMatchObject({ dueAt: 1_000 + winner, data: { i: winner } });
    });

    it('gives data back as JSON: nested objects and arrays, any text, undefined dropped', async () => {
      const data = {
        stage: '首次响应',
        agent: { id: 'agent_mei', name: '小美 🙂', groups: ['presale', 'after_sale'] },
        nested: { list: [1, 'two', { three: null, four: [true, false] }], n: 12.5 },
        text: '"quoted" \\ back\u0000slash \ud800 end',
        skipped: undefined,
      };
      const json = JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
      expect((await store().addTimer(timer('sla:c_1', null, { data }))).timer.data).toStrictEqual(json);
      expect((await store().getTimer('sla:c_1'))?.data).toStrictEqual(json);
      expect((await store().putTimer(timer('sla:c_2', 5, { data }))).data).toStrictEqual(json);
      expect((await store().listTimers({ prefix: 'sla:c_2' }))[0]?.data).toStrictEqual(json);
      expect((await store().claimDueTimers(5, 'node_a', 10, 10))[0]?.data).toStrictEqual(json);
    });

    it('hands out copies: changing a returned timer changes nothing stored', async () => {
      const { timer: added } = await store().addTimer(timer('sla:c_1', 100, { data: { list: [1] } }));
      (added.data.list as number[]).push(2);
      added.dueAt = 5;
      expect(await store().getTimer('sla:c_1')).toMatchObject({ dueAt: 100, data: { list: [1] } });
    });

    it('lists by prefix, soonest first, parked ones last, ties by key', async () => {
      await addAll([
        timer('sla:c_1', 300),
        timer('sla:c_3', null),
        timer('sla:c_2', 100),
        timer('sla:c_0', 100),
        timer('follow_up:c_1', 50, { kind: 'follow_up' }),
        timer('slab', 1),
        timer('sla:c_4', null),
      ]);
      expect(keys(await store().listTimers({ prefix: 'sla:' }))).toEqual([
        'sla:c_0',
        'sla:c_2',
        'sla:c_1',
        'sla:c_3',
        'sla:c_4',
      ]);
      expect(keys(await store().listTimers({}))).toEqual([
        'slab',
        'follow_up:c_1',
        'sla:c_0',
        'sla:c_2',
        'sla:c_1',
        'sla:c_3',
        'sla:c_4',
      ]);
      expect(keys(await store().listTimers({ prefix: 'sla:c_1' }))).toEqual(['sla:c_1']);
      expect(await store().listTimers({ prefix: 'nothing:' })).toEqual([]);
    });

    it('treats _ and % in a prefix as plain characters, not wildcards', async () => {
      await addAll(
        ['a_b:1', 'axb:1', 'a%:1', 'az%:1', 'a_', 'a\\b', 'ab', '工单:1', '工单x'].map((key, i) =>
          timer(key, i),
        ),
      );
      expect(keys(await store().listTimers({ prefix: 'a_' }))).toEqual(['a_b:1', 'a_']);
      expect(keys(await store().listTimers({ prefix: 'a%' }))).toEqual(['a%:1']);
      expect(keys(await store().listTimers({ prefix: 'a\\' }))).toEqual(['a\\b']);
      expect(keys(await store().listTimers({ prefix: '工单:' }))).toEqual(['工单:1']);
      expect(await store().listTimers({ prefix: '' })).toHaveLength(9);
      expect(await store().deleteTimers('a_')).toBe(2);
      expect(await store().deleteTimers('a%')).toBe(1);
      expect(keys(await store().listTimers({ prefix: 'a' }))).toEqual(['axb:1', 'az%:1', 'a\\b', 'ab']);
    });

    it('finds keys with the highest character right after the prefix', async () => {
      const top = String.fromCodePoint(0x10ffff);
      await addAll([`x${top}`, `x${top}y`, `x${top}${top}`, 'y', `w${top}`].map((key, i) => timer(key, i)));
      expect(keys(await store().listTimers({ prefix: 'x' }))).toEqual([
        `x${top}`,
        `x${top}y`,
        `x${top}${top}`,
      ]);
      expect(keys(await store().listTimers({ prefix: `x${top}` }))).toEqual([
        `x${top}`,
        `x${top}y`,
        `x${top}${top}`,
      ]);
      expect(keys(await store().listTimers({ prefix: `x${top}${top}` }))).toEqual([`x${top}${top}`]);
      expect(await store().deleteTimers('x')).toBe(3);
      expect(keys(await store().listTimers({}))).toEqual(['y', `w${top}`]);
    });

    it('lists by kind, alone or with a prefix', async () => {
      await addAll([
        timer('sla:c_1', 200),
        timer('follow_up:c_1', 100, { kind: 'follow_up' }),
        timer('sla:c_2', 100),
        timer('ticket:t_1', 50, { kind: 'ticket' }),
      ]);
      expect(keys(await store().listTimers({ kind: 'sla' }))).toEqual(['sla:c_2', 'sla:c_1']);
      expect(keys(await store().listTimers({ kind: 'sla', prefix: 'sla:c_1' }))).toEqual(['sla:c_1']);
      expect(keys(await store().listTimers({ kind: 'follow_up', prefix: 'sla:' }))).toEqual([]);
      expect(await store().listTimers({ kind: 'nothing' })).toEqual([]);
    });

    it('deletes a timer, giving back what it was, and null when there was none', async () => {
      await store().addTimer(timer('sla:c_1', 100, { data: { stage: '首次' } }));
      const [claimed] = await store().claimDueTimers(100, 'node_a', 50, 1);
      expect(await store().deleteTimer('sla:c_1')).toEqual(claimed);
      expect(await store().getTimer('sla:c_1')).toBeNull();
      expect(await store().deleteTimer('sla:c_1')).toBeNull();
    });

    it('deletes every timer under a prefix and says how many', async () => {
      await addAll(
        ['sla:c_1', 'sla:c_1:first', 'sla:c_10', 'sla:c_2', 'follow_up:c_1'].map((k) => timer(k, 1)),
      );
      expect(await store().deleteTimers('sla:c_1')).toBe(3);
      expect(keys(await store().listTimers({}))).toEqual(['follow_up:c_1', 'sla:c_2']);
      expect(await store().deleteTimers('sla:c_1')).toBe(0);
      expect(await store().deleteTimers('')).toBe(2);
      expect(await store().listTimers({})).toEqual([]);
    });
  });

  describe('claimDueTimers', () => {
    it('claims only due, unparked, unclaimed timers, soonest first, up to the limit', async () => {
      await addAll([
        timer('t_held', 10),
        timer('t_100b', 100),
        timer('t_50', 50),
        timer('t_200', 200),
        timer('t_100a', 100),
        timer('t_300', 300),
        timer('t_parked', null),
      ]);
      expect(keys(await store().claimDueTimers(10, 'node_b', 10_000, 1))).toEqual(['t_held']);
      const first = await store().claimDueTimers(250, 'node_a', 1_000, 3);
      const claimedAs = (key: string, dueAt: number) => ({
        key,
        kind: 'sla',
        dueAt,
        data: {},
        version: anyVersion,
        leaseOwner: 'node_a',
        leaseUntil: 1_250,
      });
      expect(first).toEqual([claimedAs('t_50', 50), claimedAs('t_100a', 100), claimedAs('t_100b', 100)]);
      expect(keys(await store().claimDueTimers(250, 'node_a', 1_000, 10))).toEqual(['t_200']);
      expect(await store().claimDueTimers(250, 'node_a', 1_000, 10)).toEqual([]);
      expect(await store().getTimer('t_300')).toEqual({
        key: 't_300',
        kind: 'sla',
        dueAt: 300,
        data: {},
        version: anyVersion,
      });
      expect(await store().getTimer('t_parked')).toEqual({
        key: 't_parked',
        kind: 'sla',
        dueAt: null,
        data: {},
        version: anyVersion,
      });
      expect(await store().getTimer('t_50')).toEqual(first[0]);
    });

    it('never repeats a version, not even for a timer deleted and made again', async () => {
      const { timer: first } = await store().addTimer(timer('sla:c_1', 100));
      const [claimed] = await store().claimDueTimers(100, 'node_a', 1_000, 10);
      await store().deleteTimer('sla:c_1');
      await store().addTimer(timer('sla:c_1', 100));
      const [again] = await store().claimDueTimers(100, 'node_b', 1_000, 10);
      expect(new Set([first.version, claimed!.version, again!.version]).size).toBe(3);
      // The slow node that claimed the first one cannot finish the second.
      expect(await store().updateTimer('sla:c_1', claimed!.version, null)).toBe(false);
      expect(await store().getTimer('sla:c_1')).toMatchObject({ leaseOwner: 'node_b' });
    });

    it('claims nothing for a limit of 0', async () => {
      const { timer: added } = await store().addTimer(timer('t_1', 1));
      expect(await store().claimDueTimers(10, 'node_a', 100, 0)).toEqual([]);
      expect(await store().getTimer('t_1')).toEqual(added);
    });

    it('does not claim a claimed timer again until its lease has expired, then does', async () => {
      await store().addTimer(timer('t_1', 100));
      const [first] = await store().claimDueTimers(100, 'node_a', 50, 10);
      expect(first).toMatchObject({ key: 't_1', leaseOwner: 'node_a', leaseUntil: 150 });
      expect(await store().claimDueTimers(120, 'node_b', 50, 10)).toEqual([]);
      // The claim holds through its last millisecond.
      expect(await store().claimDueTimers(150, 'node_b', 50, 10)).toEqual([]);
      const [second] = await store().claimDueTimers(151, 'node_b', 50, 10);
      expect(second).toMatchObject({ key: 't_1', leaseOwner: 'node_b', leaseUntil: 201 });
      expect(second!.version).toBeGreaterThan(first!.version);
      expect(await store().getTimer('t_1')).toMatchObject({ leaseOwner: 'node_b', leaseUntil: 201 });
    });

    it('makes a claimed timer claimable at once when it is put again', async () => {
      await store().addTimer(timer('t_1', 100));
      await store().claimDueTimers(100, 'node_a', 10_000, 10);
      await store().putTimer(timer('t_1', 100));
      expect(keys(await store().claimDueTimers(100, 'node_b', 10_000, 10))).toEqual(['t_1']);
    });

    it('gives ten concurrent claims of 50 due timers disjoint sets covering all 50', async () => {
      const all = Array.from({ length: 50 }, (_, i) => `t_${String(i).padStart(2, '0')}`);
      await Promise.all(all.map((key, i) => store().addTimer(timer(key, i % 7))));
      const claims = await Promise.all(
        Array.from({ length: 10 }, (_, n) => store().claimDueTimers(100, `node_${n}`, 60_000, 5)),
      );
      const claimed = claims.flatMap(keys);
      expect(claimed.sort()).toEqual(all);
      claims.forEach((batch, n) => {
        for (const t of batch) expect(t).toMatchObject({ leaseOwner: `node_${n}` });
        // Each batch is soonest first.
        expect(batch.map((t) => t.dueAt)).toEqual(batch.map((t) => t.dueAt).sort((a, b) => a! - b!));
      });
      expect(await store().claimDueTimers(100, 'node_x', 60_000, 50)).toEqual([]);
    });
  });
}
