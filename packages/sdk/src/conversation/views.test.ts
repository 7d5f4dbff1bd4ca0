import { ConversationState } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import type { AgentProfile } from '../seams/agents.ts';
import type { StoredConversation } from '../store/store.ts';
import {
  type AgentAct,
  agentRefusal,
  alertAudience,
  inboxAudience,
  mayAgent,
  preview,
  publicState,
  reaches,
  requireMay,
} from './views.ts';

const mei: AgentProfile = { id: 'mei', name: 'Mei', groups: ['default'] };
const lei: AgentProfile = { id: 'lei', name: 'Lei', groups: ['vip'] };
const boss: AgentProfile = { id: 'boss', name: 'Boss', groups: [], supervisor: true };

const conversation = (state: ConversationState): StoredConversation =>
  ({ id: 'c_1', siteKey: 'shop', shopperId: 's_1', state, priority: 0, lastSeq: 0 }) as StoredConversation;

const ACTS: readonly AgentAct[] = [
  'read',
  'accept',
  'send',
  'typing',
  'receipt',
  'note',
  'tags',
  'ticket',
  'pending',
  'transfer',
  'handback',
  'close',
];
const everything = Object.fromEntries(ACTS.map((a) => [a, true]));
const nothing = Object.fromEntries(ACTS.map((a) => [a, false]));
const only = (...acts: AgentAct[]) => ({ ...nothing, ...Object.fromEntries(acts.map((a) => [a, true])) });

// Mei and Ann are in `default`, Lei in `vip`; Boss supervises.
const ann: AgentProfile = { id: 'ann', name: 'Ann', groups: ['default'] };

describe('the owner rule: what an agent may do to a conversation', () => {
  it.each([
    ['assigned to Mei', { status: 'assigned', group: 'default', agent: mei }, everything, nothing, nothing],
    ['pending with Mei', { status: 'pending', group: 'default', agent: mei }, everything, nothing, nothing],
    ['closed by Mei', { status: 'closed', group: 'default', agent: mei }, everything, only('read'), nothing],
    [
      'queued in default',
      { status: 'queued', group: 'default' },
      only('read', 'accept'),
      only('read', 'accept'),
      nothing,
    ],
    [
      'a ticket waiting in default',
      { status: 'ticket', group: 'default' },
      only('read', 'accept', 'ticket', 'close', 'note', 'tags'),
      only('read', 'accept', 'ticket', 'close', 'note', 'tags'),
      nothing,
    ],
    ['with the bot in default', { status: 'bot', group: 'default' }, nothing, nothing, nothing],
  ] as const)(
    'a conversation %s: Mei (owner or group), Ann (same group), Lei (other group), a supervisor',
    (_, state, forMei, forAnn, forLei) => {
      const c = conversation(state as ConversationState);
      const acts = (agent: AgentProfile) => Object.fromEntries(ACTS.map((a) => [a, mayAgent(agent, a, c)]));
      expect(acts(mei)).toEqual(forMei);
      expect(acts(ann)).toEqual(forAnn);
      expect(acts(lei)).toEqual(forLei);
      expect(acts(boss)).toEqual(everything);
    },
  );

  it('refuses with an error naming the owner rule', () => {
    const owned = conversation({ status: 'assigned', group: 'default', agent: mei });
    expect(agentRefusal(ann, 'typing', owned)).toMatchObject({
      code: 'forbidden',
      message:
        'conversation c_1 belongs to Mei; only its owner or a supervisor may show typing to its shopper',
    });
    expect(agentRefusal(mei, 'typing', owned)).toBeUndefined();
    const queued = conversation({ status: 'queued', group: 'default' });
    expect(agentRefusal(ann, 'send', queued)).toMatchObject({
      code: 'conflict',
      message:
        'conversation c_1 has no agent; accept it first (only its owner or a supervisor may write to its shopper)',
    });
    expect(agentRefusal(lei, 'read', queued)).toMatchObject({
      code: 'forbidden',
      message: 'conversation c_1 is not waiting in your groups; only its owner or a supervisor may read it',
    });
    expect(() => requireMay(ann, 'note', owned)).toThrow(/belongs to Mei/);
  });
});

describe('who sees what in their inbox', () => {
  it('shows a waiting conversation to its group and an owned one to its owner only', () => {
    const waiting = inboxAudience(conversation({ status: 'ticket', group: 'default' }));
    expect(waiting).toEqual({ groups: ['default'] });
    const owned = inboxAudience(conversation({ status: 'pending', group: 'default', agent: lei }));
    expect(owned).toEqual({ groups: [], agentId: 'lei' });
    expect([mei, lei, boss].map((a) => reaches(a, owned))).toEqual([false, true, true]);
  });

  it('sends an alert to the agent it names, else to its group', () => {
    expect(alertAudience({ agentId: 'mei', group: 'vip' })).toEqual({ groups: [], agentId: 'mei' });
    expect([mei, lei].map((a) => reaches(a, alertAudience({ group: 'vip' })))).toEqual([false, true]);
    expect(reaches(mei, alertAudience({}))).toBe(false);
    expect(reaches(boss, alertAudience({}))).toBe(true);
  });
});

describe('the state agents see', () => {
  it('carries the live queue place only while queued, never a stale one', () => {
    const stale = { position: 9 };
    expect(
      publicState(conversation({ status: 'queued', queue: stale }), { position: 2, etaSeconds: 30 }),
    ).toEqual({
      status: 'queued',
      queue: { position: 2, etaSeconds: 30 },
    });
    expect(publicState(conversation({ status: 'assigned', queue: stale }), { position: 1 })).toEqual({
      status: 'assigned',
    });
  });

  it('cuts a reason stored longer than the frames allow (before transitions cut it)', () => {
    const state = publicState(
      conversation({ status: 'pending', reason: `note: ${'😀'.repeat(400)}` }),
      undefined,
    );
    expect(ConversationState.safeParse(state).success).toBe(true);
    expect(state.reason!.endsWith('😀')).toBe(true);
  });

  it('previews a message in one short line', () => {
    expect(preview({ kind: 'text', text: 'x'.repeat(300) })).toHaveLength(140);
    // Never half an emoji: 139 letters and one emoji is 141 UTF-16 units.
    expect(preview({ kind: 'text', text: `${'x'.repeat(139)}😀` })).toBe('x'.repeat(139));
    const photo = {
      kind: 'image',
      id: 'i',
      mediaType: 'image/png',
      width: 1,
      height: 1,
      size: 1,
      url: '/i',
      thumbnailUrl: '/t',
    } as const;
    expect(preview({ ...photo, caption: `${'x'.repeat(131)}😀` })).toBe(`[photo] ${'x'.repeat(131)}`);
    expect(preview({ kind: 'system', event: 'closed' })).toBe('closed');
  });
});
