import {
  type Content,
  type ConversationState,
  type ConversationStatus,
  KefuError,
  LIMITS,
  toStoredText,
} from '@kefu/protocol';
import type { AgentProfile } from '../seams/agents.ts';
import type { StoredConversation } from '../store/store.ts';

// The views of a conversation: what an agent may see and do (the owner rule, and one
// visibility rule for inbox lines and alerts) and the state with its live queue place.

/** Statuses in which a conversation shows in agents' inboxes. */
export const INBOX_STATUSES: readonly ConversationStatus[] = ['queued', 'assigned', 'pending', 'ticket'];

/** Who something is for: an agent by id, and/or everyone in some groups. */
export interface Audience {
  groups: readonly string[];
  agentId?: string;
}

/** Whether the agent is a supervisor: reports, the knowledge base, and every conversation. */
export const isSupervisor = (agent: Pick<AgentProfile, 'supervisor'>): boolean => agent.supervisor === true;

/** The one visibility rule: supervisors see everything, an agent what is theirs or their groups'. */
export function reaches(agent: AgentProfile, audience: Audience): boolean {
  return (
    isSupervisor(agent) ||
    audience.agentId === agent.id ||
    audience.groups.some((g) => agent.groups.includes(g))
  );
}

/** What an agent may do to a conversation; each frame that touches one names its act. */
export type AgentAct =
  | 'read'
  | 'accept'
  | 'send'
  | 'typing'
  | 'receipt'
  | 'note'
  | 'tags'
  | 'ticket'
  | 'pending'
  | 'transfer'
  | 'handback'
  | 'close';

const VERBS: Record<AgentAct, string> = {
  read: 'read it',
  accept: 'take it',
  send: 'write to its shopper',
  typing: 'show typing to its shopper',
  receipt: 'send read receipts to its shopper',
  note: 'add notes to it',
  tags: 'tag it',
  ticket: 'work its ticket',
  pending: 'set it pending',
  transfer: 'transfer it',
  handback: 'hand it back',
  close: 'close it',
};

/** Statuses in which a conversation waits for someone in its group to take it. */
export const WAITING_STATUSES = ['queued', 'ticket'] as const satisfies readonly ConversationStatus[];

/** Waits for a person nobody has given it yet: queued, or a ticket no agent owns. */
export function isWaiting(state: Pick<ConversationState, 'status' | 'agent'>): boolean {
  return (
    state.agent === undefined && (WAITING_STATUSES as readonly ConversationStatus[]).includes(state.status)
  );
}

/** A ticket waiting in a group is worked offline by the group, without taking the chat. */
const TICKET_WORK: readonly AgentAct[] = ['ticket', 'close', 'note', 'tags'];

/**
 * The owner rule, the one home of what agents may do to a conversation:
 * - its owner (the agent its state names) and supervisors may do anything;
 * - while it waits for someone (queued, or a ticket no agent owns), members of its group may
 *   read it (join, history, transcript, notes) and accept it, so they can decide to take it;
 *   a waiting ticket they may also work (ticket actions, notes, tags, close) without taking it;
 * - once an agent owns it, nobody else but supervisors may read it or do anything the shopper
 *   sees or that changes it (send, typing, read receipts, notes, tags, tickets, pending,
 *   transfer, handback, close);
 * - once closed, members of its group may read it (a shopper's earlier conversations, for
 *   whoever helps them next), and only its last owner and supervisors change it.
 */
export function mayAgent(agent: AgentProfile, act: AgentAct, c: Pick<StoredConversation, 'state'>): boolean {
  const { state } = c;
  if (isSupervisor(agent) || state.agent?.id === agent.id) return true;
  if (state.group === undefined || !agent.groups.includes(state.group)) return false;
  if (state.status === 'closed') return act === 'read';
  if (!isWaiting(state)) return false;
  return act === 'read' || act === 'accept' || (state.status === 'ticket' && TICKET_WORK.includes(act));
}

/**
 * Why {@link mayAgent} refuses, as the error to answer with; undefined when it allows. A
 * conversation that waits in the agent's group is a `conflict` (accept it first), anything
 * else `forbidden`.
 */
export function agentRefusal(
  agent: AgentProfile,
  act: AgentAct,
  c: Pick<StoredConversation, 'id' | 'state'>,
): KefuError | undefined {
  if (mayAgent(agent, act, c)) return undefined;
  const rule = `only its owner or a supervisor may ${VERBS[act]}`;
  const { state } = c;
  if (state.agent)
    return new KefuError('forbidden', `conversation ${c.id} belongs to ${state.agent.name}; ${rule}`);
  if (mayAgent(agent, 'accept', c))
    return new KefuError('conflict', `conversation ${c.id} has no agent; accept it first (${rule})`);
  return new KefuError('forbidden', `conversation ${c.id} is not waiting in your groups; ${rule}`);
}

/** Throws {@link agentRefusal}'s error unless the agent may do `act`. */
export function requireMay(
  agent: AgentProfile,
  act: AgentAct,
  c: Pick<StoredConversation, 'id' | 'state'>,
): void {
  const refusal = agentRefusal(agent, act, c);
  if (refusal) throw refusal;
}

/** The owner rule, for acts that also need the conversation to have an owner (a supervisor's too). */
export function requireOwner(agent: AgentProfile, act: AgentAct, c: StoredConversation): void {
  requireMay(agent, act, c);
  if (!c.state.agent) throw new KefuError('conflict', `conversation ${c.id} has no agent; accept it first`);
}

/** An agent as the dispatcher records who acted (waits, tickets). */
export function actor(agent: AgentProfile) {
  return { kind: 'agent' as const, id: agent.id, name: agent.name };
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

/** The state as agents see it, with the live queue place while it waits; the shopper gets `shopperState` of it. */
export function publicState(
  c: StoredConversation,
  wait: { position: number; etaSeconds?: number } | undefined,
): ConversationState {
  const { queue: _stale, ...state } = c.state;
  // Transitions cut the reason (lifecycle.ts); one stored before they did would make every frame
  // carrying this state unreadable to the agent client, the welcome's inbox among them.
  if (state.reason !== undefined && state.reason.length > LIMITS.maxTitleChars)
    state.reason = toStoredText(state.reason, LIMITS.maxTitleChars);
  if (c.state.status !== 'queued') return state;
  return wait ? { ...state, queue: wait } : state;
}

/** An agent as the conversation's state names them. */
export function agentRef(agent: AgentProfile) {
  return { id: agent.id, name: agent.name, ...(agent.avatar ? { avatar: agent.avatar } : {}) };
}

/** A one-line preview of a message for the inbox list. */
export function preview(content: Content): string {
  // Cut by UTF-16 units as the frame counts them, but never between an emoji's two halves.
  return toStoredText(line(content), 140);
}

function line(content: Content): string {
  switch (content.kind) {
    case 'text':
      return content.text;
    case 'quick_replies':
      return content.text ?? content.replies.map((r) => r.label).join(' / ');
    case 'product':
      return `[product] ${content.product.title}`;
    case 'order':
      return `[order] ${content.order.id}`;
    case 'image':
      return `[photo] ${content.caption ?? ''}`.trimEnd();
    case 'system':
      return content.text ?? content.event;
  }
}
