import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock.ts';
import { AgentDirectory, type AgentInput } from './agent-directory.ts';
import { assignNext, estimateWait, type QueueEntry, RoutingQueue } from './queue.ts';
import { seededRandom } from './seeded-random.ts';

const entry = (conversationId: string, extra: Partial<QueueEntry> = {}): QueueEntry => ({
  conversationId,
  group: 'g',
  priority: 0,
  enqueuedAt: 0,
  ...extra,
});

function directoryWith(agents: AgentInput[], clock = new ManualClock(0)) {
  const directory = new AgentDirectory({ clock });
  for (const a of agents) directory.upsert({ status: 'online', ...a });
  return directory;
}

describe('RoutingQueue', () => {
  it('orders by priority, then by how long each has waited', () => {
    const queue = new RoutingQueue();
    queue.enqueue(entry('old', { enqueuedAt: 100 }));
    queue.enqueue(entry('new', { enqueuedAt: 300 }));
    queue.enqueue(entry('vip', { enqueuedAt: 500, priority: 20 }));
    queue.enqueue(entry('angry', { enqueuedAt: 400, priority: 10 }));
    queue.enqueue(entry('older', { enqueuedAt: 50 }));
    expect(queue.entries('g').map((e) => e.conversationId)).toEqual(['vip', 'angry', 'older', 'old', 'new']);
    expect(queue.position('vip')).toBe(1);
    expect(queue.position('new')).toBe(5);
  });

  it('counts the entries waiting per source however they leave', () => {
    const queue = new RoutingQueue();
    queue.enqueue(entry('a', { source: 'x' }));
    queue.enqueue(entry('b', { source: 'x' }));
    queue.enqueue(entry('c', { source: 'x', group: 'other' }));
    queue.enqueue(entry('d', { source: 'y' }));
    queue.enqueue(entry('e'));
    expect([queue.waitingFrom('x'), queue.waitingFrom('y')]).toEqual([3, 1]);
    // Re-placed (a requeue) without a source: no longer counted.
    queue.enqueue(entry('a'));
    expect(queue.waitingFrom('x')).toBe(2);
    queue.remove('b');
    queue.removeMany(['c', 'd', 'e']);
    expect([queue.waitingFrom('x'), queue.waitingFrom('y')]).toEqual([0, 0]);
  });

  it('keeps arrival order between entries that tie on priority and time', () => {
    const queue = new RoutingQueue();
    for (const id of ['a', 'b', 'c']) queue.enqueue(entry(id));
    expect(queue.entries('g').map((e) => e.conversationId)).toEqual(['a', 'b', 'c']);
  });

  it('moves everyone behind up when an entry leaves', () => {
    const queue = new RoutingQueue();
    for (let i = 0; i < 4; i++) queue.enqueue(entry(`c${i}`, { enqueuedAt: i }));
    expect(queue.remove('c1')).toBe(true);
    expect([...queue.positions('g')]).toEqual([
      ['c0', 1],
      ['c2', 2],
      ['c3', 3],
    ]);
    expect(queue.position('c1')).toBeUndefined();
    expect(queue.remove('c1')).toBe(false);
  });

  it('keeps positions per group and merges groups in serving order for supervisors', () => {
    const queue = new RoutingQueue();
    queue.enqueue(entry('l1', { group: 'logistics', enqueuedAt: 10 }));
    queue.enqueue(entry('a1', { group: 'after-sale', enqueuedAt: 5 }));
    queue.enqueue(entry('l2', { group: 'logistics', enqueuedAt: 20, priority: 5 }));
    expect(queue.position('a1')).toBe(1);
    expect(queue.position('l1')).toBe(2);
    expect(queue.entries().map((e) => e.conversationId)).toEqual(['l2', 'a1', 'l1']);
    expect(queue.size()).toBe(3);
    expect(queue.size('logistics')).toBe(2);
  });

  it('gives a requeued conversation its old place back when it keeps its enqueuedAt', () => {
    const queue = new RoutingQueue();
    for (let i = 0; i < 3; i++) queue.enqueue(entry(`c${i}`, { enqueuedAt: i }));
    const taken = queue.claim('c0')!;
    expect(queue.position('c1')).toBe(1);
    // The agent disconnected before answering: back in line, at the front again.
    expect(queue.enqueue(taken)).toBe(1);
    expect(queue.entries('g').map((e) => e.conversationId)).toEqual(['c0', 'c1', 'c2']);
  });

  it('tells the place an entry not yet enqueued would take, behind its ties', () => {
    const queue = new RoutingQueue();
    queue.enqueue(entry('a', { enqueuedAt: 1 }));
    queue.enqueue(entry('b', { enqueuedAt: 2 }));
    queue.enqueue(entry('c', { enqueuedAt: 5 }));
    const late = entry('late', { enqueuedAt: 2 });
    expect(queue.placeOf(late)).toBe(3);
    expect(queue.placeOf(entry('vip', { enqueuedAt: 9, priority: 5 }))).toBe(1);
    expect(queue.placeOf(entry('other', { group: 'h' }))).toBe(1);
    expect(queue.size()).toBe(3);
    expect(queue.enqueue(late)).toBe(3);
    expect(queue.placeOf(entry('b'))).toBe(2);
  });

  it('re-places a conversation enqueued twice instead of listing it twice', () => {
    const queue = new RoutingQueue();
    queue.enqueue(entry('a', { enqueuedAt: 1 }));
    queue.enqueue(entry('b', { enqueuedAt: 2 }));
    queue.enqueue(entry('a', { enqueuedAt: 1, priority: 1, group: 'g' }));
    expect(queue.size()).toBe(2);
    expect(queue.position('a')).toBe(1);
    queue.enqueue(entry('a', { enqueuedAt: 1, group: 'h' }));
    expect(queue.size('g')).toBe(1);
    expect(queue.position('a')).toBe(1);
  });
});

describe('assignNext', () => {
  it('assigns in queue order and never beyond capacity', () => {
    const queue = new RoutingQueue();
    for (let i = 0; i < 5; i++) queue.enqueue(entry(`c${i}`, { enqueuedAt: i }));
    const directory = directoryWith([
      { id: 'a', groups: ['g'], capacity: 1 },
      { id: 'b', groups: ['g'], capacity: 2 },
    ]);
    const assignments = assignNext(queue, directory);
    expect(assignments.map((a) => [a.conversationId, a.agentId])).toEqual([
      ['c0', 'a'],
      ['c1', 'b'],
      ['c2', 'b'],
    ]);
    expect(queue.entries('g').map((e) => e.conversationId)).toEqual(['c3', 'c4']);
    expect(directory.get('a')?.active).toBe(1);
    expect(directory.get('b')?.active).toBe(2);
    expect(assignNext(queue, directory)).toEqual([]);
  });

  it('offers a conversation to an agent it passed over only when nobody else can take it, never to one with no console open', () => {
    const queue = new RoutingQueue();
    queue.enqueue(entry('lapsed', { passedOver: ['a'] }));
    queue.enqueue(entry('fresh', { enqueuedAt: 1 }));
    const directory = directoryWith([
      { id: 'a', groups: ['g'], capacity: 1 },
      { id: 'b', groups: ['g'], capacity: 1 },
      { id: 'gone', groups: ['g'], connected: false },
    ]);
    // B takes the lapsed one (A let it go), A the next.
    expect(assignNext(queue, directory).map((a) => [a.conversationId, a.agentId])).toEqual([
      ['lapsed', 'b'],
      ['fresh', 'a'],
    ]);
    expect(directory.staffing('g')).toMatchObject({ online: 2 });

    // A alone, back at the desk with room: she gets it again rather than nobody.
    const alone = new RoutingQueue();
    alone.enqueue(entry('lapsed', { passedOver: ['a'] }));
    expect(
      assignNext(alone, directoryWith([{ id: 'a', groups: ['g'] }])).map((a) => [
        a.conversationId,
        a.agentId,
      ]),
    ).toEqual([['lapsed', 'a']]);
  });

  it('lets later conversations past one whose requirement nobody meets, which keeps its place', () => {
    const queue = new RoutingQueue();
    queue.enqueue(entry('needs-senior', { priority: 10, requires: { level: 'senior' } }));
    queue.enqueue(entry('anyone', { enqueuedAt: 5 }));
    queue.enqueue(entry('english', { enqueuedAt: 6, requires: { language: 'en' } }));
    const directory = directoryWith([
      { id: 'junior', groups: ['g'], languages: ['zh'] },
      { id: 'junior-en', groups: ['g'], languages: ['zh', 'en'], active: 1 },
    ]);
    const assignments = assignNext(queue, directory);
    expect(assignments.map((a) => [a.conversationId, a.agentId])).toEqual([
      ['anyone', 'junior'],
      ['english', 'junior-en'],
    ]);
    expect(queue.position('needs-senior')).toBe(1);
  });

  it('relaxes language after 60 s and seniority after 120 s of waiting, so nobody is stranded', () => {
    const clock = new ManualClock(0);
    const queue = new RoutingQueue();
    queue.enqueue(entry('english', { requires: { language: 'en' } }));
    queue.enqueue(entry('angry', { requires: { level: 'senior' } }));
    const directory = directoryWith([{ id: 'zh-junior', groups: ['g'], languages: ['zh'] }], clock);
    clock.advance(59_999);
    expect(assignNext(queue, directory)).toEqual([]);
    clock.advance(1);
    expect(assignNext(queue, directory).map((a) => a.conversationId)).toEqual(['english']);
    clock.advance(60_000);
    expect(assignNext(queue, directory).map((a) => a.conversationId)).toEqual(['angry']);
  });

  it('never relaxes when told not to', () => {
    const clock = new ManualClock(0);
    const queue = new RoutingQueue();
    queue.enqueue(entry('english', { requires: { language: 'en' } }));
    const directory = directoryWith([{ id: 'zh', groups: ['g'], languages: ['zh'] }], clock);
    clock.advance(3_600_000);
    expect(assignNext(queue, directory, { relax: false })).toEqual([]);
  });

  it('gives a returning shopper their last agent, unless switched off', () => {
    const make = () => {
      const queue = new RoutingQueue();
      queue.enqueue(entry('c', { lastAgentId: 'busy' }));
      const directory = directoryWith([
        { id: 'free', groups: ['g'] },
        { id: 'busy', groups: ['g'], active: 3 },
      ]);
      return { queue, directory };
    };
    const a = make();
    expect(assignNext(a.queue, a.directory)[0]?.agentId).toBe('busy');
    const b = make();
    expect(assignNext(b.queue, b.directory, { preferLastAgent: false })[0]?.agentId).toBe('free');
  });

  it('uses the chosen strategy', () => {
    const clock = new ManualClock(0);
    const queue = new RoutingQueue();
    for (let i = 0; i < 4; i++) queue.enqueue(entry(`c${i}`, { enqueuedAt: i }));
    const directory = directoryWith(
      [
        { id: 'a', groups: ['g'] },
        { id: 'b', groups: ['g'] },
      ],
      clock,
    );
    const agents: string[] = [];
    for (let i = 0; i < 4; i++) {
      clock.advance(1);
      agents.push(
        ...assignNext(queue, directory, { strategy: 'round-robin', limit: 1 }).map((a) => a.agentId),
      );
    }
    expect(agents).toEqual(['a', 'b', 'a', 'b']);
  });

  it('limits to the given groups', () => {
    const queue = new RoutingQueue();
    queue.enqueue(entry('l', { group: 'logistics' }));
    queue.enqueue(entry('p', { group: 'pre-sale' }));
    const directory = directoryWith([{ id: 'a', groups: ['logistics', 'pre-sale'] }]);
    expect(assignNext(queue, directory, { groups: ['pre-sale'] }).map((a) => a.conversationId)).toEqual([
      'p',
    ]);
    expect(queue.has('l')).toBe(true);
  });

  it('never assigns one conversation twice when two calls race', async () => {
    const queue = new RoutingQueue();
    for (let i = 0; i < 200; i++) queue.enqueue(entry(`c${i}`, { enqueuedAt: i, group: i % 2 ? 'g' : 'h' }));
    const directory = directoryWith(
      Array.from({ length: 30 }, (_, i) => ({
        id: `a${i}`,
        groups: i % 3 ? ['g', 'h'] : ['h'],
        capacity: 1 + (i % 4),
      })),
    );
    // Two nodes' timers (or two freed agents) fire in the same tick and both run a pass.
    const [first, second] = await Promise.all([
      Promise.resolve().then(() => assignNext(queue, directory, { limit: 20 })),
      Promise.resolve().then(() => assignNext(queue, directory)),
    ]);
    const all = [...first, ...second].map((a) => a.conversationId);
    expect(new Set(all).size).toBe(all.length);
    const capacity = [...directory.all()].reduce((sum, a) => sum + a.capacity, 0);
    expect(all.length).toBe(capacity);
    for (const agent of directory.all()) expect(agent.active).toBeLessThanOrEqual(agent.capacity);
    for (const id of all) expect(queue.has(id)).toBe(false);
  });

  it('keeps every conversation exactly once through random assign, close and requeue churn', () => {
    const random = seededRandom(7);
    const queue = new RoutingQueue();
    const directory = directoryWith(
      Array.from({ length: 12 }, (_, i) => ({
        id: `a${i}`,
        groups: ['g'],
        capacity: 2,
        level: i % 2 ? 'senior' : 'junior',
      })),
    );
    const owner = new Map<string, string>();
    for (let step = 0; step < 2_000; step++) {
      const r = random();
      if (r < 0.4) {
        const id = `c${step}`;
        queue.enqueue(
          entry(id, { enqueuedAt: step, ...(random() < 0.3 ? { requires: { level: 'senior' } } : {}) }),
        );
      } else if (r < 0.7) {
        for (const a of assignNext(queue, directory)) {
          expect(owner.has(a.conversationId)).toBe(false);
          owner.set(a.conversationId, a.agentId);
        }
      } else if (owner.size > 0) {
        const [id, agentId] = [...owner][Math.floor(random() * owner.size)]!;
        owner.delete(id);
        directory.release(agentId);
        if (random() < 0.3) queue.enqueue(entry(id, { enqueuedAt: 0 })); // agent left: requeue
      }
      if (step % 50 === 0) for (const id of owner.keys()) expect(queue.has(id)).toBe(false);
    }
    for (const agent of directory.all()) {
      expect(agent.active).toBe([...owner.values()].filter((a) => a === agent.id).length);
    }
  });

  it('assigns 10,000 queued conversations across 1,000 agents up to their total capacity', () => {
    const queue = new RoutingQueue();
    const groups = ['pre-sale', 'logistics', 'after-sale', 'complaints', 'vip'];
    for (let i = 0; i < 10_000; i++)
      queue.enqueue(entry(`c${i}`, { group: groups[i % 5]!, enqueuedAt: i, priority: i % 7 === 0 ? 10 : 0 }));
    const directory = directoryWith(
      Array.from({ length: 1_000 }, (_, i) => ({
        id: `a${i}`,
        groups: [groups[i % 5]!, groups[(i + 1) % 5]!],
      })),
    );
    const assignments = assignNext(queue, directory);
    expect(assignments).toHaveLength(5_000);
    expect(queue.size()).toBe(5_000);
  });
});

describe('estimateWait', () => {
  it('is position × mean handling ÷ (agents × concurrency)', () => {
    // 3 × 270 s ÷ (2 × 3) = 135 s
    expect(estimateWait(3, 2, [240_000, 300_000], { concurrency: 3 })).toBe(135);
  });

  it('grows with the position and shrinks with more agents online', () => {
    const times = [300_000];
    expect(estimateWait(10, 2, times)!).toBeGreaterThan(estimateWait(5, 2, times)!);
    expect(estimateWait(10, 4, times)!).toBeLessThan(estimateWait(10, 2, times)!);
  });

  it('clamps to the floor and the ceiling', () => {
    expect(estimateWait(1, 50, [60_000])).toBe(10);
    expect(estimateWait(1, 1, [60_000], { freeSlots: 2 })).toBe(10);
    expect(estimateWait(10_000, 1, [3_600_000], { concurrency: 1 })).toBe(7_200);
  });

  it('says nothing when no agent is online', () => {
    expect(estimateWait(1, 0, [60_000])).toBeUndefined();
  });

  it('uses the default handling time before any is measured, and trims the longest tenth', () => {
    expect(estimateWait(5, 1, [], { concurrency: 1 })).toBe(1_500);
    const times = [...Array.from({ length: 9 }, () => 100_000), 10_000_000];
    expect(estimateWait(1, 1, times, { concurrency: 1 })).toBe(100);
  });
});
