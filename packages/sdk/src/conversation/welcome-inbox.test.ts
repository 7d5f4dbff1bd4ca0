import type { ConversationState } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import type { AgentProfile } from '../seams/agents.ts';
import type { StoredConversation } from '../store/store.ts';
import { MAX_WELCOME_WAITING, welcomeCandidates, welcomeInbox } from './welcome-inbox.ts';

const mei: AgentProfile = { id: 'mei', name: 'Mei', groups: ['default'] };
const boss: AgentProfile = { id: 'boss', name: 'Boss', groups: [], supervisor: true };

const conversation = (
  id: string,
  state: ConversationState,
  at: { createdAt: number; queuedAt?: number; priority?: number },
): StoredConversation =>
  ({
    id,
    siteKey: 'shop',
    shopperId: `s_${id}`,
    state,
    createdAt: at.createdAt,
    ...(at.queuedAt === undefined ? {} : { queuedAt: at.queuedAt }),
    priority: at.priority ?? 0,
    lastSeq: 0,
  }) as StoredConversation;

const queued = (id: string, at: number, priority = 0, group = 'default') =>
  conversation(id, { status: 'queued', group }, { createdAt: at, queuedAt: at, priority });

// The store lists by creation; a flood of waiting conversations is the case that matters.
const flood = Array.from({ length: MAX_WELCOME_WAITING + 50 }, (_, i) => queued(`q${i}`, 1_000 + i));

describe("an agent's welcome inbox", () => {
  it(`lists the first ${MAX_WELCOME_WAITING} waiting in the queue's order: priority, then the longest wait`, () => {
    const vip = queued('vip', 9_000, 5);
    // Created first, queued last (it went back to the queue): it waits the least.
    const back = conversation(
      'back',
      { status: 'queued', group: 'default' },
      { createdAt: 1, queuedAt: 9_500 },
    );
    const ids = welcomeInbox([back, ...flood, vip], mei).map((c) => c.id);
    expect(ids).toHaveLength(MAX_WELCOME_WAITING);
    expect(ids[0]).toBe('vip');
    expect(ids.slice(1)).toEqual(flood.slice(0, MAX_WELCOME_WAITING - 1).map((c) => c.id));
  });

  it('counts tickets waiting in a group among the waiting, and always lists what the agent holds', () => {
    const ticket = conversation('t', { status: 'ticket', group: 'default' }, { createdAt: 500 });
    const mine = conversation(
      'mine',
      { status: 'assigned', group: 'default', agent: mei },
      { createdAt: 9_999 },
    );
    const pending = conversation(
      'later',
      { status: 'pending', group: 'default', agent: mei },
      { createdAt: 9_998 },
    );
    const ids = welcomeInbox([ticket, ...flood, mine, pending], mei).map((c) => c.id);
    expect(ids).toHaveLength(MAX_WELCOME_WAITING + 2);
    expect(ids.slice(0, 3)).toEqual(['mine', 'later', 't']);
  });

  it("leaves out what the agent may not see: other groups' queues, colleagues' chats", () => {
    const elsewhere = queued('vip-queue', 1, 0, 'vip');
    const colleagues = conversation(
      'ann',
      { status: 'assigned', group: 'default', agent: { id: 'ann', name: 'Ann' } },
      { createdAt: 2 },
    );
    expect(welcomeInbox([elsewhere, colleagues, queued('q', 3)], mei).map((c) => c.id)).toEqual(['q']);
    // A supervisor sees every one, the waiting bounded the same way.
    const all = welcomeInbox([elsewhere, colleagues, ...flood], boss).map((c) => c.id);
    expect(all).toHaveLength(MAX_WELCOME_WAITING + 1);
    expect(all.slice(0, 2)).toEqual(['ann', 'vip-queue']);
  });
});

describe("an agent's welcome inbox, read from the store and the queue", () => {
  const store = (rows: StoredConversation[]) => {
    const filters: object[] = [];
    return {
      filters,
      listConversations: async (filter: { statuses?: readonly string[]; limit?: number }) => {
        filters.push(filter);
        return rows.filter((c) => filter.statuses?.includes(c.state.status)).slice(0, filter.limit);
      },
      getConversation: async (id: string) => rows.find((c) => c.id === id) ?? null,
    };
  };

  it('reads the queued ones the queue names first, never every waiting row, and drops one taken since', async () => {
    const taken = conversation(
      'taken',
      { status: 'assigned', group: 'default', agent: mei },
      { createdAt: 5 },
    );
    const rows = [...flood, taken];
    const s = store(rows);
    const asked: Array<readonly string[] | undefined> = [];
    const queue = {
      firstWaiting: (groups: readonly string[] | undefined, n: number) => {
        asked.push(groups);
        return ['taken', ...flood.map((c) => c.id)].slice(0, n);
      },
    };
    const candidates = await welcomeCandidates(s, queue, mei);
    // `taken` once, as the agent's own; the queue's first 200 less it; no store read of every queued row.
    expect(candidates.map((c) => c.id)).toEqual([
      'taken',
      ...flood.slice(0, MAX_WELCOME_WAITING - 1).map((c) => c.id),
    ]);
    expect(asked).toEqual([['default']]);
    expect(s.filters).not.toContainEqual(
      expect.objectContaining({ statuses: expect.arrayContaining(['queued']) }),
    );
    // A supervisor's: every group's queue.
    await welcomeCandidates(s, queue, boss);
    expect(asked).toEqual([['default'], undefined]);
  });
});
