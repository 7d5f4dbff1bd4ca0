import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock.ts';
import { AgentDirectory, type AgentInput, pickAgent } from './agent-directory.ts';

function setup(agents: AgentInput[]) {
  const clock = new ManualClock(1_000);
  const directory = new AgentDirectory({ clock });
  for (const a of agents) directory.upsert({ status: 'online', ...a });
  return { clock, directory };
}

describe('pickAgent', () => {
  it('least-busy picks the lowest load, weighing capacity', () => {
    const { directory } = setup([
      { id: 'a', groups: ['g'], capacity: 2, active: 1 }, // 50 %
      { id: 'b', groups: ['g'], capacity: 8, active: 3 }, // 37.5 %
    ]);
    expect(pickAgent(directory.inGroup('g'))?.id).toBe('b');
  });

  it('never picks an agent at capacity, away or offline', () => {
    const { directory } = setup([
      { id: 'full', groups: ['g'], capacity: 2, active: 2 },
      { id: 'away', groups: ['g'], status: 'away' },
      { id: 'off', groups: ['g'], status: 'offline' },
    ]);
    for (const strategy of ['least-busy', 'round-robin', 'longest-idle'] as const)
      expect(pickAgent(directory.inGroup('g'), strategy)).toBeUndefined();
  });

  it('round-robin rotates through the group in order', () => {
    const { clock, directory } = setup([
      { id: 'a', groups: ['g'] },
      { id: 'b', groups: ['g'] },
      { id: 'c', groups: ['g'] },
    ]);
    const picked: string[] = [];
    for (let i = 0; i < 6; i++) {
      const agent = pickAgent(directory.inGroup('g'), 'round-robin')!;
      directory.reserve(agent.id);
      picked.push(agent.id);
      clock.advance(1);
    }
    expect(picked).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('round-robin skips an agent who is full and comes back to them later', () => {
    const { clock, directory } = setup([
      { id: 'a', groups: ['g'], capacity: 1 },
      { id: 'b', groups: ['g'] },
    ]);
    const picked: string[] = [];
    for (let i = 0; i < 3; i++) {
      const agent = pickAgent(directory.inGroup('g'), 'round-robin')!;
      directory.reserve(agent.id);
      picked.push(agent.id);
      clock.advance(1);
    }
    directory.release('a');
    picked.push(pickAgent(directory.inGroup('g'), 'round-robin')!.id);
    expect(picked).toEqual(['a', 'b', 'b', 'a']);
  });

  it('longest-idle picks the agent free the longest, then falls back to least-busy', () => {
    const { clock, directory } = setup([{ id: 'a', groups: ['g'] }]);
    clock.advance(10);
    directory.upsert({ id: 'b', groups: ['g'], status: 'online' });
    clock.advance(10);
    directory.upsert({ id: 'c', groups: ['g'], status: 'online' });
    expect(pickAgent(directory.inGroup('g'), 'longest-idle')?.id).toBe('a');
    directory.reserve('a');
    directory.reserve('b');
    expect(pickAgent(directory.inGroup('g'), 'longest-idle')?.id).toBe('c');
    directory.reserve('c');
    directory.reserve('c');
    // Nobody idle: the least busy (a and b have one each; a was assigned first).
    expect(pickAgent(directory.inGroup('g'), 'longest-idle')?.id).toBe('a');
    clock.advance(5);
    directory.release('b'); // b is idle again, since now
    expect(pickAgent(directory.inGroup('g'), 'longest-idle')?.id).toBe('b');
  });

  it('honours senior and language requirements, matching en-US to en', () => {
    const { directory } = setup([
      { id: 'junior-en', groups: ['g'], languages: ['zh', 'en'] },
      { id: 'senior-zh', groups: ['g'], level: 'senior', languages: ['zh'] },
      { id: 'senior-en', groups: ['g'], level: 'senior', languages: ['EN'], active: 4 },
    ]);
    const g = directory.inGroup('g');
    expect(pickAgent(g, 'least-busy', { requires: { level: 'senior' } })?.id).toBe('senior-zh');
    expect(pickAgent(g, 'least-busy', { requires: { language: 'en-US' } })?.id).toBe('junior-en');
    expect(pickAgent(g, 'least-busy', { requires: { level: 'senior', language: 'en' } })?.id).toBe(
      'senior-en',
    );
    expect(pickAgent(g, 'least-busy', { requires: { language: 'ja' } })).toBeUndefined();
  });

  it('gives a returning shopper their last agent when that agent is online with room', () => {
    const { directory } = setup([
      { id: 'idle', groups: ['g'] },
      { id: 'last', groups: ['g'], active: 4 },
    ]);
    expect(pickAgent(directory.inGroup('g'), 'least-busy', { preferAgentId: 'last' })?.id).toBe('last');
    directory.reserve('last'); // now at capacity 5
    expect(pickAgent(directory.inGroup('g'), 'least-busy', { preferAgentId: 'last' })?.id).toBe('idle');
    directory.setStatus('idle', 'away');
    expect(pickAgent(directory.inGroup('g'), 'least-busy', { preferAgentId: 'last' })).toBeUndefined();
  });
});

describe('AgentDirectory', () => {
  it('reserves up to capacity (default 5) and no further', () => {
    const { directory } = setup([{ id: 'a', groups: ['g'] }]);
    const results = Array.from({ length: 7 }, () => directory.reserve('a'));
    expect(results).toEqual([true, true, true, true, true, false, false]);
    expect(directory.get('a')?.active).toBe(5);
  });

  it('tracks lastAssignedAt and idleSince through reserve, release and status changes', () => {
    const { clock, directory } = setup([{ id: 'a', groups: ['g'] }]);
    expect(directory.get('a')?.idleSince).toBe(1_000);
    clock.advance(500);
    directory.reserve('a');
    expect(directory.get('a')).toMatchObject({ lastAssignedAt: 1_500, active: 1 });
    expect(directory.get('a')?.idleSince).toBeUndefined();
    clock.advance(500);
    directory.release('a');
    expect(directory.get('a')?.idleSince).toBe(2_000);
    directory.setStatus('a', 'offline');
    expect(directory.get('a')?.idleSince).toBeUndefined();
  });

  it('keeps the live load when a profile is updated and reindexes groups', () => {
    const { directory } = setup([{ id: 'a', groups: ['g'] }]);
    directory.reserve('a');
    directory.upsert({ id: 'a', groups: ['h'], level: 'senior' });
    expect(directory.inGroup('g')).toEqual([]);
    expect(directory.inGroup('h').map((a) => a.id)).toEqual(['a']);
    expect(directory.get('a')).toMatchObject({ active: 1, level: 'senior', status: 'online' });
  });

  it('reports staffing per group for the wait estimate', () => {
    const { directory } = setup([
      { id: 'a', groups: ['g'], capacity: 3, active: 1 },
      { id: 'b', groups: ['g'], capacity: 5, active: 5 },
      { id: 'c', groups: ['g'], status: 'offline' },
    ]);
    expect(directory.staffing('g')).toEqual({ online: 2, slots: 8, free: 2 });
  });

  it('refuses a capacity below zero with a precise error', () => {
    const { directory } = setup([]);
    expect(() => directory.upsert({ id: 'x', groups: [], capacity: -1 })).toThrow(
      /agent x: capacity must be ≥ 0/,
    );
  });
});
