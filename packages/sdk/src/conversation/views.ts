import type { Content, ConversationState, ConversationStatus } from '@kefu/protocol';
import type { AgentProfile } from '../seams/agents.ts';
import type { StoredConversation } from '../store/store.ts';

// The two views of a conversation: what an agent may see (one visibility rule for
// conversations, inbox lines and alerts) and what the shopper sees of its state.

/** Statuses in which a conversation shows in agents' inboxes. */
export const INBOX_STATUSES: readonly ConversationStatus[] = ['queued', 'assigned', 'pending', 'ticket'];

/** Who something is for: an agent by id, and/or everyone in some groups. */
export interface Audience {
  groups: readonly string[];
  agentId?: string;
}

/** The one visibility rule: supervisors see everything, an agent what is theirs or their groups'. */
export function reaches(agent: AgentProfile, audience: Audience): boolean {
  return (
    agent.supervisor === true ||
    audience.agentId === agent.id ||
    audience.groups.some((g) => agent.groups.includes(g))
  );
}

/** Whether an agent may open, note or tag a conversation: its owner, its group, or a supervisor. */
export function canSee(agent: AgentProfile, c: StoredConversation): boolean {
  return reaches(agent, {
    groups: c.state.group === undefined ? [] : [c.state.group],
    ...(c.state.agent ? { agentId: c.state.agent.id } : {}),
  });
}

/**
 * Who sees a conversation in their inbox: while it waits (queued, ticket) its group; once a
 * person owns it, that person. Supervisors see everything.
 */
export function inboxAudience(c: StoredConversation): Audience & { groups: string[] } {
  const waiting = c.state.status === 'queued' || c.state.status === 'ticket';
  return {
    groups: waiting && c.state.group ? [c.state.group] : [],
    ...(c.state.agent && !waiting ? { agentId: c.state.agent.id } : {}),
  };
}

/** Who an alert is for: the agent it names, else its group. */
export function alertAudience(target: { agentId?: string; group?: string }): Audience {
  if (target.agentId !== undefined) return { groups: [], agentId: target.agentId };
  return { groups: target.group === undefined ? [] : [target.group] };
}

/** The state as the shopper and agents see it: with the live queue place while it waits. */
export function publicState(
  c: StoredConversation,
  wait: { position: number; etaSeconds?: number } | undefined,
): ConversationState {
  const { queue: _stale, ...state } = c.state;
  if (c.state.status !== 'queued') return state;
  return wait ? { ...state, queue: wait } : state;
}

/** An agent as the conversation's state names them. */
export function agentRef(agent: AgentProfile) {
  return { id: agent.id, name: agent.name, ...(agent.avatar ? { avatar: agent.avatar } : {}) };
}

/** A one-line preview of a message for the inbox list. */
export function preview(content: Content): string {
  switch (content.kind) {
    case 'text':
      return content.text.slice(0, 140);
    case 'quick_replies':
      return (content.text ?? content.replies.map((r) => r.label).join(' / ')).slice(0, 140);
    case 'product':
      return `[product] ${content.product.title}`.slice(0, 140);
    case 'order':
      return `[order] ${content.order.id}`.slice(0, 140);
    case 'system':
      return (content.text ?? content.event).slice(0, 140);
  }
}
