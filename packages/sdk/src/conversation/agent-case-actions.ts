import { KefuError, LIMITS } from '@kefu/protocol';
import type { TicketAction } from '../routing/service-promises.ts';
import type { AgentProfile } from '../seams/agents.ts';
import type { AgentActionDeps } from './agent-action-deps.ts';
import { actor, requireMay, requireOwner } from './views.ts';

// What an agent does to a conversation's case rather than its owner or transcript: its tags, a
// wait on the shopper or a follow-up, its ticket.

/** Replaces the conversation's tags (its owner, a supervisor, or the group of a waiting ticket). */
export async function tags(
  d: AgentActionDeps,
  agent: AgentProfile,
  conversationId: string,
  tags: string[],
): Promise<void> {
  requireMay(agent, 'tags', await d.requireConversation(conversationId));
  const unique = normalizeTags(tags);
  await d.republish(conversationId, (state) => ({ ...state, tags: unique }));
}

/** Tags as stored: trimmed, without empty ones or repeats, in the order given. */
export function normalizeTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
}

/** Waits on the shopper or a follow-up; the hub alerts the agent at `dueAt` unless the shopper writes first. */
export async function pending(
  d: AgentActionDeps,
  agent: AgentProfile,
  conversationId: string,
  dueAt: number,
  note?: string,
): Promise<void> {
  const conversation = await d.requireConversation(conversationId);
  requireOwner(agent, 'pending', conversation);
  const now = d.o.clock.now();
  if (dueAt <= now) throw new KefuError('invalid_frame', 'dueAt must be in the future');
  // The schema bounds every ts; this bounds how far ahead, which needs the hub's clock.
  if (dueAt - now > LIMITS.maxFollowUpMs) {
    throw new KefuError('invalid_frame', `dueAt must be within ${LIMITS.maxFollowUpMs} ms (a year) from now`);
  }
  const updated = await d.move(
    'wait',
    conversationId,
    { ...conversation.state, followUpAt: dueAt, reason: note ?? 'waiting on a follow-up' },
    { ownerId: conversation.state.agent?.id ?? null },
  );
  if (!updated) throw new KefuError('conflict', `conversation ${conversationId} changed meanwhile`);
  await d.dispatcher.waiting(conversationId, dueAt, actor(agent), note);
}

/** Opens, updates or resolves the conversation's ticket; the shopper sees its progress. */
export async function ticket(
  d: AgentActionDeps,
  agent: AgentProfile,
  conversationId: string,
  action: TicketAction,
  note?: string,
): Promise<void> {
  const conversation = await d.requireConversation(conversationId);
  requireMay(agent, 'ticket', conversation);
  await d.dispatcher.ticketAction(conversation, actor(agent), action, note);
}
