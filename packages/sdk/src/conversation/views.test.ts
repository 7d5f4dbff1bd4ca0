import type { ConversationState } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import type { AgentProfile } from '../seams/agents.ts';
import type { StoredConversation } from '../store/store.ts';
import { alertAudience, canSee, inboxAudience, preview, publicState, reaches } from './views.ts';

const mei: AgentProfile = { id: 'mei', name: 'Mei', groups: ['default'] };
const lei: AgentProfile = { id: 'lei', name: 'Lei', groups: ['vip'] };
const boss: AgentProfile = { id: 'boss', name: 'Boss', groups: [], supervisor: true };

const conversation = (state: ConversationState): StoredConversation =>
  ({ id: 'c_1', siteKey: 'shop', shopperId: 's_1', state, priority: 0, lastSeq: 0 }) as StoredConversation;

describe('what an agent may see', () => {
  it.each([
    ['queued in default', { status: 'queued', group: 'default' }, [true, false, true]],
    ['assigned to Lei in default', { status: 'assigned', group: 'default', agent: lei }, [true, true, true]],
    ['in the bot, no group', { status: 'bot' }, [false, false, true]],
  ] as const)('a conversation %s: Mei, Lei, a supervisor', (_, state, expected) => {
    const c = conversation(state as ConversationState);
    expect([mei, lei, boss].map((a) => canSee(a, c))).toEqual(expected);
  });

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

describe('what the shopper sees', () => {
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

  it('previews a message in one short line', () => {
    expect(preview({ kind: 'text', text: 'x'.repeat(300) })).toHaveLength(140);
    expect(preview({ kind: 'system', event: 'closed' })).toBe('closed');
  });
});
