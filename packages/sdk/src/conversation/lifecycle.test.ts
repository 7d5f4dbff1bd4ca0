import { CONVERSATION_STATUSES, ConversationState, type ConversationStatus, LIMITS } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store.ts';
import { allows, LIFECYCLE, openingState, planTransition, type TransitionName } from './lifecycle.ts';

const NAMES = Object.keys(LIFECYCLE) as TransitionName[];
const HELD: readonly ConversationStatus[] = ['assigned', 'pending'];
const mei = { id: 'mei', name: 'Mei' };

/** A stored conversation in `status`; held ones belong to Mei. */
async function conversationIn(status: ConversationStatus) {
  const store = createMemoryStore();
  const c = await store.createConversation({
    id: `c_${status}`,
    siteKey: 'shop',
    shopperId: 's_1',
    createdAt: 1,
    state: { status, ...(HELD.includes(status) ? { agent: mei } : {}) },
  });
  return { store, c };
}

/** Applies a transition the way the hub does: the planned patch under the planned expectation. */
async function apply(name: TransitionName, from: ConversationStatus, ownerId: string | null = 'mei') {
  const { store, c } = await conversationIn(from);
  const { patch, expect } = planTransition(name, { reason: 'test' }, { ownerId });
  return store.updateConversation(c.id, patch, expect);
}

const cases = NAMES.flatMap((name) => CONVERSATION_STATUSES.map((from) => ({ name, from })));

describe('the lifecycle table', () => {
  it('starts every conversation with the bot, from where only the bot’s transitions lead on', () => {
    expect(openingState()).toEqual({ status: 'bot' });
    const fromBot = (Object.keys(LIFECYCLE) as TransitionName[]).filter((n) => allows(n, 'bot'));
    expect(fromBot).toEqual(['escalate', 'escalateOffline', 'accept', 'close']);
  });

  it.each(cases.filter(({ name, from }) => allows(name, from)))(
    '$name is allowed from $from and lands in the table’s status',
    async ({ name, from }) => {
      const updated = await apply(name, from);
      expect(updated?.state.status).toBe(LIFECYCLE[name].to);
    },
  );

  it.each(cases.filter(({ name, from }) => !allows(name, from)))(
    '$name is refused from $from, and nothing changes',
    async ({ name, from }) => {
      const { store, c } = await conversationIn(from);
      const { patch, expect: expectation } = planTransition(name, { reason: 'test' }, { ownerId: 'mei' });
      expect(await store.updateConversation(c.id, patch, expectation)).toBeNull();
      expect((await store.getConversation(c.id))?.state.status).toBe(from);
    },
  );

  it.each(NAMES.filter((name) => 'owned' in LIFECYCLE[name]))(
    '%s is refused once the conversation changed hands',
    async (name) => {
      expect(await apply(name, 'assigned', 'lei')).toBeNull();
      expect(await apply(name, 'assigned', 'mei')).not.toBeNull();
    },
  );

  it('narrows the table’s starting statuses to what the caller read (close after a queued read)', async () => {
    const { store, c } = await conversationIn('assigned');
    const { patch, expect: expectation } = planTransition('close', {}, { onlyFrom: ['queued'] });
    expect(await store.updateConversation(c.id, patch, expectation)).toBeNull();
    expect(() => planTransition('close', {}, { onlyFrom: ['closed'] })).toThrow(
      'close cannot start from closed',
    );
  });

  it('carries the assignment’s load check with the write', async () => {
    const { store, c } = await conversationIn('queued');
    await store.createConversation({
      id: 'c_other',
      siteKey: 'shop',
      shopperId: 's_2',
      createdAt: 1,
      state: { status: 'assigned', agent: mei },
    });
    const full = planTransition('autoAssign', { agent: mei }, { agentLoad: { agentId: 'mei', max: 1 } });
    expect(await store.updateConversation(c.id, full.patch, full.expect)).toBeNull();
    const room = planTransition('autoAssign', { agent: mei }, { agentLoad: { agentId: 'mei', max: 2 } });
    expect((await store.updateConversation(c.id, room.patch, room.expect))?.state.agent?.id).toBe('mei');
  });

  it('cuts a reason to what the frames allow, never inside an emoji', () => {
    // A reason over maxTitleChars made every frame carrying the state unreadable to agents.
    const reason = `self-service requestReturn for ${'😀'.repeat(150)}x ineligible: ${'😀'.repeat(150)}`;
    const { state } = planTransition('escalate', { group: 'default', reason }).patch;
    expect(state.reason!.length).toBeLessThanOrEqual(LIMITS.maxTitleChars);
    expect(ConversationState.safeParse(state).success).toBe(true);
    expect(state.reason!.endsWith('😀')).toBe(true);
    expect(planTransition('wait', { reason: 'waiting on the courier' }).patch.state.reason).toBe(
      'waiting on the courier',
    );
  });

  it('writes the table’s system line in the conversation’s language', () => {
    const line = (name: TransitionName, locale?: string, who?: string) =>
      planTransition(name, {}, { locale, ...(who ? { who } : {}) }).line;
    expect(line('accept', 'zh-CN', 'Mei')).toEqual({
      kind: 'system',
      event: 'agent_joined',
      agentName: 'Mei',
      text: '客服 Mei 已加入会话',
    });
    expect(line('escalate', 'en')).toEqual({
      kind: 'system',
      event: 'queued',
      text: 'Waiting for an agent…',
    });
    expect(line('transferToGroup', 'en', 'vip')).toEqual({
      kind: 'system',
      event: 'transferred',
      // Not the group's name: the shopper reads this line, and groups are internal.
      text: 'Transferred to a colleague in another team',
    });
    expect(line('close', 'zh')?.text).toBe('会话已结束');
    for (const name of NAMES)
      expect(line(name, 'en', 'Mei')?.event).toBe((LIFECYCLE[name] as { line?: string }).line);
  });
});
