import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock.ts';
import { type FollowUp, FollowUps } from './follow-ups.ts';

describe('FollowUps', () => {
  it('alerts when a pending conversation’s follow-up falls due', () => {
    const clock = new ManualClock(0);
    const due: FollowUp[] = [];
    const followUps = new FollowUps({ clock, onDue: (f) => due.push(f) });
    followUps.schedule({
      conversationId: 'c1',
      dueAt: 86_400_000,
      note: 'parcel stuck at the depot',
      agentId: 'a1',
    });
    clock.advance(86_399_999);
    expect(due).toEqual([]);
    clock.advance(1);
    expect(due).toEqual([
      { conversationId: 'c1', dueAt: 86_400_000, note: 'parcel stuck at the depot', agentId: 'a1' },
    ]);
    expect(followUps.list()).toEqual([]);
  });

  it('replaces a follow-up set again and forgets a cancelled one', () => {
    const clock = new ManualClock(0);
    const due: FollowUp[] = [];
    const followUps = new FollowUps({ clock, onDue: (f) => due.push(f) });
    followUps.schedule({ conversationId: 'c1', dueAt: 1_000 });
    followUps.schedule({ conversationId: 'c1', dueAt: 5_000, note: 'pushed back' });
    followUps.schedule({ conversationId: 'c2', dueAt: 2_000 });
    expect(followUps.list().map((f) => f.conversationId)).toEqual(['c2', 'c1']);
    expect(followUps.cancel('c2')).toBe(true);
    clock.advance(10_000);
    expect(due.map((f) => [f.conversationId, f.dueAt])).toEqual([['c1', 5_000]]);
  });
});
