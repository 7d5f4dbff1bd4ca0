import { type AgentContent, type Author, KefuError, type Note, type QaViolation } from '@kefu/protocol';
import { inspect } from '../quality/inspect.ts';
import type { AgentProfile } from '../seams/agents.ts';
import type { TicketActor } from '../seams/tickets.ts';
import type { EventRecord, StoredConversation } from '../store/store.ts';
import type { AgentActionDeps, TransferTarget } from './agent-action-deps.ts';
import { pending, tags, ticket } from './agent-case-actions.ts';
import { assignTo } from './assign-to.ts';
import { requireNotBlank } from './blank-text.ts';
import { agentMessageKey } from './message-keys.ts';
import { requireRoomForNote, storeNote } from './store-note.ts';
import { actor, agentRef, agentRefusal, requireMay, requireOwner } from './views.ts';

export type { AgentActionDeps, TransferTarget };

// What agents do to conversations. Every change of owner is a compare-and-set on the store.

/** Takes a conversation. Atomic: of two agents accepting at once, exactly one wins. */
export async function accept(
  d: AgentActionDeps,
  agent: AgentProfile,
  conversationId: string,
): Promise<StoredConversation> {
  const { store } = d.o;
  const conversation = await d.requireConversation(conversationId);
  const refusal = agentRefusal(agent, 'accept', conversation);
  if (refusal) {
    const { agent: owner, group } = conversation.state;
    // Taken in the agent's own group: a lost race, answered as when the write itself loses it.
    if (owner && group !== undefined && agent.groups.includes(group))
      throw new KefuError('conflict', `conversation ${conversationId} was taken by someone else`);
    throw refusal;
  }
  if (conversation.state.status === 'assigned' && conversation.state.agent?.id === agent.id) {
    await d.dispatcher.opened(conversationId);
    return conversation;
  }
  const capacity = agent.capacity ?? d.o.policy.defaultCapacity;
  // Worded as the agent console reads it (its action-error.ts tells "full" from "taken" by it).
  const full = new KefuError('conflict', `you already have ${capacity} conversations (your capacity)`);
  const mine = await store.listConversations({ statuses: ['assigned', 'pending'], agentId: agent.id });
  if (mine.length >= capacity) throw full;
  const updated = await d.assign(conversation, agent, 'accept');
  if (!updated) {
    // Lost to the agent's own other tab, or to the dispatcher handing it to them: theirs all the same.
    const after = await store.getConversation(conversationId);
    if (after?.state.status === 'assigned' && after.state.agent?.id === agent.id) {
      await d.dispatcher.opened(conversationId);
      return after;
    }
    const now = await store.listConversations({ statuses: ['assigned', 'pending'], agentId: agent.id });
    if (now.length >= capacity) throw full;
    throw new KefuError('conflict', `conversation ${conversationId} was taken by someone else`);
  }
  d.dispatcher.assigned(conversationId, agent.id, true);
  await d.dispatcher.opened(conversationId);
  if (conversation.state.status === 'queued' && conversation.state.group)
    await d.refreshQueue(conversation.state.group);
  return updated;
}

/**
 * Sends an agent message. Quality inspection runs first: a `block` violation holds the message
 * back (a {@link QaHold} is thrown and nothing is stored) unless `override` is set; what is sent
 * is scored either way. With `asOwner`, only while the conversation is the agent's own: a
 * supervisor's reply written while it was hers, re-sent after a reconnect, is refused once a
 * colleague has it, instead of landing in their conversation.
 */
export async function send(
  d: AgentActionDeps,
  agent: AgentProfile,
  conversationId: string,
  clientMsgId: string,
  content: AgentContent,
  override = false,
  suggestion?: { kind: 'kb' | 'canned'; id: string },
  asOwner = false,
) {
  requireNotBlank(content);
  const conversation = await d.requireConversation(conversationId);
  requireMay(agent, 'send', conversation);
  const violations = content.kind === 'text' ? await inspectReply(d, conversationId, content.text) : [];
  if (!override && violations.some((v) => v.severity === 'block'))
    throw new QaHold(conversationId, clientMsgId, violations);
  const author: Author = {
    kind: 'agent',
    id: agent.id,
    name: agent.name,
    ...(agent.avatar ? { avatar: agent.avatar } : {}),
  };
  try {
    const result = await d.post(conversationId, author, content, {
      clientMsgId: agentMessageKey(agent.id, clientMsgId),
      // A supervisor writes in the owner's conversation; a change of hands meanwhile refuses it.
      // With `asOwner`, the sender: a message stored before comes back as the duplicate it is,
      // anything new is refused once someone else has the conversation.
      expect: {
        statuses: ['assigned', 'pending'],
        agentId: asOwner ? agent.id : (conversation.state.agent?.id ?? agent.id),
      },
    });
    if (!result.duplicate) {
      await d.dispatcher.agentReplied(conversationId);
      if (suggestion)
        d.record('assist.used', conversationId, {
          agentId: agent.id,
          data: { kind: suggestion.kind, id: suggestion.id },
        });
      if (content.kind === 'text')
        d.record('qa', conversationId, {
          agentId: agent.id,
          data: {
            violations: violations.length,
            rules: violations.map((v) => v.ruleId).join(','),
            overridden: override,
          },
        });
    }
    return result;
  } catch (error) {
    if (error instanceof KefuError && error.code === 'conflict') {
      // Its owner may still write until it is closed; "accept it first" would send them to an
      // action a closed conversation refuses too.
      const now = await d.requireConversation(conversationId);
      if (now.state.status === 'closed')
        throw new KefuError('conflict', `conversation ${conversationId} is closed`);
      if (asOwner) {
        const owner = now.state.agent;
        throw new KefuError(
          'conflict',
          owner && owner.id !== agent.id
            ? `conversation ${conversationId} is now ${owner.name}'s; your reply was not sent`
            : `conversation ${conversationId} is no longer yours; your reply was not sent`,
        );
      }
      throw new KefuError(
        'conflict',
        `conversation ${conversationId} is not assigned to you; accept it first`,
      );
    }
    throw error;
  }
}

/** Adds an internal note (never sent to the shopper), under the owner rule. */
export async function addNote(
  d: AgentActionDeps,
  agent: AgentProfile,
  conversationId: string,
  clientMsgId: string,
  text: string,
): Promise<Note> {
  requireNotBlank({ kind: 'text', text }, 'text');
  requireMay(agent, 'note', await d.requireConversation(conversationId));
  return storeNote(d, agent, conversationId, clientMsgId, text);
}

export async function transfer(
  d: AgentActionDeps,
  agent: AgentProfile,
  conversationId: string,
  to: TransferTarget,
  note?: string,
): Promise<void> {
  const conversation = await d.requireConversation(conversationId);
  requireOwner(agent, 'transfer', conversation);
  await requireRoomForNote(d, conversationId, note);
  const from = conversation.state.agent?.id ?? null;
  if ('agentId' in to) {
    // Never to someone away or signed out: nobody would answer, and no timer would requeue it.
    const target = d.onlineAgents().find((a) => a.id === to.agentId);
    if (!target) {
      // As `assign` answers: a colleague who is known but away or signed out is a conflict,
      // named as agents know them (a console shows it).
      const known = d.dispatcher.profile(to.agentId);
      if (!known) throw new KefuError('not_found', `agent ${to.agentId} is not known`);
      throw new KefuError('conflict', `${known.name} (agent ${to.agentId}) is not online`);
    }
    const updated = await d.move(
      'transferToAgent',
      conversationId,
      { ...conversation.state, agent: agentRef(target), reason: `transferred by ${agent.name}` },
      { ownerId: from, locale: conversation.locale, who: target.name },
    );
    if (!updated) throw new KefuError('conflict', `conversation ${conversationId} changed meanwhile`);
    recordTransfer(d, updated, from, target.id);
    if (from) d.dispatcher.released(updated, from);
    d.dispatcher.assigned(conversationId, target.id, true);
    d.lastAgent.set(conversationId, target.id);
    // Straight from one agent to the other: no queue wait (its queuedAt is the first wait's).
    await d.recordAssigned(updated, target.id, false);
  } else {
    // Only to a group the hub knows (configured, or of a signed-in agent): a mistyped name queued
    // the conversation where nobody would ever be offered it. The error goes to the agent only.
    if (!d.o.knownGroups.has(to.group) && !d.dispatcher.hasGroup(to.group))
      throw new KefuError('not_found', `no agent is in group ${JSON.stringify(to.group)}`);
    const { agent: _old, ...state } = conversation.state;
    const updated = await d.move(
      'transferToGroup',
      conversationId,
      { ...state, group: to.group, reason: `transferred by ${agent.name}` },
      {
        ownerId: from,
        patch: { queuedAt: d.o.clock.now() },
        // No `who`: the shopper's line does not name the group (see texts.transferredToTeam).
        locale: conversation.locale,
      },
    );
    if (!updated) throw new KefuError('conflict', `conversation ${conversationId} changed meanwhile`);
    recordTransfer(d, updated, from, to.group);
    if (from) d.dispatcher.released(updated, from);
    d.dispatcher.enqueue(updated, {
      group: to.group,
      priority: updated.priority,
      reason: 'transferred',
    });
    await d.refreshQueue(to.group);
  }
  // Checked as part of the transfer: the author no longer owns the conversation once it moved.
  if (note) await storeNote(d, agent, conversationId, d.o.ids('t'), note);
}

export async function handback(
  d: AgentActionDeps,
  agent: AgentProfile,
  conversationId: string,
): Promise<void> {
  const conversation = await d.requireConversation(conversationId);
  requireOwner(agent, 'handback', conversation);
  const name = conversation.state.agent?.name ?? agent.name;
  const from = conversation.state.agent?.id ?? null;
  const updated = await d.move(
    'handback',
    conversationId,
    { reason: `handed back by ${agent.name}` },
    { ownerId: from, patch: { failedBotTurns: 0 }, locale: conversation.locale, who: name },
  );
  if (!updated) throw new KefuError('conflict', `conversation ${conversationId} changed meanwhile`);
  if (from) {
    d.record('released', conversationId, {
      agentId: from,
      group: updated.state.group,
      data: { reason: 'handback' },
    });
    d.dispatcher.released(updated, from);
  }
  await d.dispatcher.handedBack(conversationId);
}

export async function close(
  d: AgentActionDeps,
  agent: AgentProfile,
  conversationId: string,
  resolution?: string,
): Promise<void> {
  const conversation = await d.requireConversation(conversationId);
  if (conversation.state.status === 'closed') return;
  requireMay(agent, 'close', conversation);
  const closed = await closeConversation(d, conversation, {
    reason: resolution ?? `closed by ${agent.name}`,
    by: actor(agent),
    recordedAgentId: agent.id,
    data: { resolution: resolution ?? null },
  });
  if (!closed) throw new KefuError('conflict', `conversation ${conversationId} changed meanwhile`);
}

/**
 * Closes `c` from the status it was read in (and, with `version`, only if nothing changed since):
 * records it, releases the agent who held it, stops its clocks and resolves its ticket, and
 * refreshes the queue it waited in. False when it changed meanwhile. An agent's close and the
 * abandonment job both close through here.
 */
export async function closeConversation(
  d: AgentActionDeps,
  c: StoredConversation,
  how: {
    reason: string;
    by: TicketActor;
    /** Who the event names when no agent held it (the agent who closed it). */
    recordedAgentId?: string;
    data: NonNullable<EventRecord['data']>;
    version?: number;
  },
): Promise<boolean> {
  const status = c.state.status;
  const { queue: _q, followUpAt: _f, ...state } = c.state;
  // Who may close depended on the status read: a change meanwhile refuses the close.
  const updated = await d.move(
    'close',
    c.id,
    { ...state, reason: how.reason },
    { onlyFrom: [status], locale: c.locale, ...(how.version === undefined ? {} : { version: how.version }) },
  );
  if (!updated) return false;
  const owner = c.state.agent?.id;
  const held = owner && (status === 'assigned' || status === 'pending') ? owner : undefined;
  d.record('closed', c.id, {
    agentId: held ?? how.recordedAgentId,
    group: c.state.group,
    data: { ...how.data, status },
  });
  const agentId = held ?? how.recordedAgentId;
  await d.notify('conversation.closed', () => ({
    conversationId: c.id,
    from: status,
    reason: how.reason,
    ...(agentId ? { agentId } : {}),
    ...(c.state.group ? { group: c.state.group } : {}),
  }));
  if (held) d.dispatcher.released(updated, held);
  // The resolution is the agents' (on the conversation and in the event log): resolving the
  // ticket with it would show it to the shopper as the ticket's last update.
  await d.dispatcher.closed(c.id, how.by);
  if (status === 'queued' && c.state.group) await d.refreshQueue(c.state.group);
  return true;
}

async function inspectReply(
  d: AgentActionDeps,
  conversationId: string,
  text: string,
): Promise<QaViolation[]> {
  if (d.o.qaRules.length === 0) return [];
  const understanding = d.understandings.get(conversationId);
  const timer = (await d.dispatcher.slaTimers(conversationId)).find(
    (t) => t.metric === 'first_response' || t.metric === 'next_response',
  );
  const now = d.o.clock.now();
  // The time before the conversation was the agent's (queued, or with a colleague) is not theirs.
  const heldSince = d.dispatcher.heldSince(conversationId);
  return inspect(
    text,
    {
      angry: (understanding?.anger ?? 0) >= d.o.policy.angerThreshold,
      ...(understanding ? { intent: understanding.intent } : {}),
      ...(timer ? { waitedMs: now - timer.startedAt, slaMs: timer.dueAt - timer.startedAt } : {}),
      ...(heldSince === undefined ? {} : { heldMs: now - heldSince }),
    },
    d.o.qaRules,
  );
}

function recordTransfer(d: AgentActionDeps, c: StoredConversation, from: string | null, to: string): void {
  d.record('transferred', c.id, { agentId: from ?? undefined, group: c.state.group, data: { to } });
  if (from) d.record('released', c.id, { agentId: from, group: c.state.group, data: { reason: 'transfer' } });
}

/** Quality inspection held a message back; the session answers with a `qa` frame. */
export class QaHold extends KefuError {
  constructor(
    readonly conversationId: string,
    readonly clientMsgId: string,
    readonly violations: QaViolation[],
  ) {
    super(
      'conflict',
      `quality inspection held the message back: ${violations.map((v) => v.ruleId).join(', ')}`,
    );
  }
}

/** The actions bound to one set of dependencies, as agent sessions call them. */
export function agentActions(d: AgentActionDeps) {
  return {
    accept: (agent: AgentProfile, conversationId: string) => accept(d, agent, conversationId),
    send: (...args: DropFirst<Parameters<typeof send>>) => send(d, ...args),
    note: (...args: DropFirst<Parameters<typeof addNote>>) => addNote(d, ...args),
    transfer: (...args: DropFirst<Parameters<typeof transfer>>) => transfer(d, ...args),
    assign: (...args: DropFirst<Parameters<typeof assignTo>>) => assignTo(d, ...args),
    handback: (agent: AgentProfile, conversationId: string) => handback(d, agent, conversationId),
    close: (...args: DropFirst<Parameters<typeof close>>) => close(d, ...args),
    tags: (...args: DropFirst<Parameters<typeof tags>>) => tags(d, ...args),
    pending: (...args: DropFirst<Parameters<typeof pending>>) => pending(d, ...args),
    ticket: (...args: DropFirst<Parameters<typeof ticket>>) => ticket(d, ...args),
  };
}

export type AgentActions = ReturnType<typeof agentActions>;

type DropFirst<T extends unknown[]> = T extends [unknown, ...infer Rest] ? Rest : never;
