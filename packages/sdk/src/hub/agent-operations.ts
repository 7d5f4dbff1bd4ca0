import { type AgentContent, type Author, KefuError, type Note, type QaViolation } from '@kefu/protocol';
import { channels } from '../bus/bus.ts';
import { agentRef, canSee } from '../conversation/views.ts';
import { inspect } from '../quality/inspect.ts';
import type { TicketAction } from '../routing/service-promises.ts';
import type { AgentProfile } from '../seams/agents.ts';
import type { StoredConversation } from '../store/store.ts';
import type { Conversations } from './conversations.ts';

export type TransferTarget = { agentId: string } | { group: string };

/** What agents do to conversations. Every change of owner is a compare-and-set on the store. */
export class AgentOperations {
  constructor(private readonly c: Conversations) {}

  /** Takes a conversation. Atomic: of two agents accepting at once, exactly one wins. */
  async accept(agent: AgentProfile, conversationId: string): Promise<StoredConversation> {
    const { store } = this.c.o;
    const conversation = await this.c.requireConversation(conversationId);
    if (!canSee(agent, conversation))
      throw new KefuError('forbidden', `conversation ${conversationId} is not in your groups`);
    if (conversation.state.status === 'assigned' && conversation.state.agent?.id === agent.id) {
      await this.c.bookkeep('accept timer', conversationId, this.c.dispatcher.opened(conversationId));
      return conversation;
    }
    const capacity = agent.capacity ?? this.c.o.policy.defaultCapacity;
    const full = new KefuError('conflict', `you already have ${capacity} conversations (your capacity)`);
    const mine = await store.listConversations({ statuses: ['assigned', 'pending'], agentId: agent.id });
    if (mine.length >= capacity) throw full;
    const updated = await this.c.assign(conversation, agent, 'accept');
    if (!updated) {
      const now = await store.listConversations({ statuses: ['assigned', 'pending'], agentId: agent.id });
      if (now.length >= capacity) throw full;
      throw new KefuError('conflict', `conversation ${conversationId} was taken by someone else`);
    }
    this.c.dispatcher.assigned(conversationId, agent.id, true);
    await this.c.bookkeep('accept timer', conversationId, this.c.dispatcher.opened(conversationId));
    if (conversation.state.status === 'queued' && conversation.state.group)
      await this.c.refreshQueue(conversation.state.group);
    return updated;
  }

  /**
   * Sends an agent message. Quality inspection runs first: a `block` violation holds the message
   * back (a {@link QaHold} is thrown and nothing is stored) unless `override` is set; what is sent
   * is scored either way.
   */
  async send(
    agent: AgentProfile,
    conversationId: string,
    clientMsgId: string,
    content: AgentContent,
    override = false,
    suggestion?: { kind: 'kb' | 'canned'; id: string },
  ) {
    const violations = content.kind === 'text' ? await this.inspect(conversationId, content.text) : [];
    if (!override && violations.some((v) => v.severity === 'block'))
      throw new QaHold(conversationId, clientMsgId, violations);
    const author: Author = {
      kind: 'agent',
      id: agent.id,
      name: agent.name,
      ...(agent.avatar ? { avatar: agent.avatar } : {}),
    };
    try {
      const result = await this.c.post(conversationId, author, content, {
        clientMsgId: `a:${agent.id}:${clientMsgId}`.slice(0, 64),
        expect: { statuses: ['assigned', 'pending'], agentId: agent.id },
      });
      if (!result.duplicate) {
        await this.c.dispatcher.agentReplied(conversationId);
        if (suggestion)
          this.c.record('assist.used', conversationId, {
            agentId: agent.id,
            data: { kind: suggestion.kind, id: suggestion.id },
          });
        if (content.kind === 'text')
          this.c.record('qa', conversationId, {
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
      if (error instanceof KefuError && error.code === 'conflict')
        throw new KefuError(
          'conflict',
          `conversation ${conversationId} is not assigned to you; accept it first`,
        );
      throw error;
    }
  }

  async note(agent: AgentProfile, conversationId: string, clientMsgId: string, text: string): Promise<Note> {
    const conversation = await this.c.requireConversation(conversationId);
    if (!canSee(agent, conversation))
      throw new KefuError('forbidden', `conversation ${conversationId} is not yours`);
    const { note, duplicate } = await this.c.o.store.appendNote({
      id: this.c.o.ids('n'),
      conversationId,
      clientMsgId,
      author: { id: agent.id, name: agent.name },
      text,
      createdAt: this.c.o.clock.now(),
    });
    if (!duplicate)
      await this.c.o.bus.publish(channels.notes(conversationId), { kind: 'note', conversationId, note });
    return note;
  }

  async transfer(
    agent: AgentProfile,
    conversationId: string,
    to: TransferTarget,
    note?: string,
  ): Promise<void> {
    const conversation = await this.c.requireConversation(conversationId);
    requireOwner(agent, conversation);
    const from = conversation.state.agent?.id ?? null;
    if ('agentId' in to) {
      const target = this.c.findAgent(to.agentId);
      if (!target) throw new KefuError('not_found', `agent ${to.agentId} is not online`);
      const updated = await this.c.move(
        'transferToAgent',
        conversationId,
        { ...conversation.state, agent: agentRef(target), reason: `transferred by ${agent.name}` },
        { ownerId: from, locale: conversation.locale, who: target.name },
      );
      if (!updated) throw new KefuError('conflict', `conversation ${conversationId} changed meanwhile`);
      this.recordTransfer(updated, from, target.id);
      if (from) this.c.dispatcher.released(updated, from);
      this.c.dispatcher.assigned(conversationId, target.id, true);
      this.c.lastAgent.set(conversationId, target.id);
      this.c.recordAssigned(updated, target.id);
    } else {
      const { agent: _old, ...state } = conversation.state;
      const updated = await this.c.move(
        'transferToGroup',
        conversationId,
        { ...state, group: to.group, reason: `transferred by ${agent.name}` },
        {
          ownerId: from,
          patch: { queuedAt: this.c.o.clock.now() },
          locale: conversation.locale,
          who: to.group,
        },
      );
      if (!updated) throw new KefuError('conflict', `conversation ${conversationId} changed meanwhile`);
      this.recordTransfer(updated, from, to.group);
      if (from) this.c.dispatcher.released(updated, from);
      this.c.dispatcher.enqueue(updated, {
        group: to.group,
        priority: updated.priority,
        reason: 'transferred',
      });
      await this.c.refreshQueue(to.group);
    }
    if (note) await this.note(agent, conversationId, this.c.o.ids('t'), note);
  }

  async handback(agent: AgentProfile, conversationId: string): Promise<void> {
    const conversation = await this.c.requireConversation(conversationId);
    requireOwner(agent, conversation);
    const name = conversation.state.agent?.name ?? agent.name;
    const from = conversation.state.agent?.id ?? null;
    const updated = await this.c.move(
      'handback',
      conversationId,
      { reason: `handed back by ${agent.name}` },
      { ownerId: from, patch: { failedBotTurns: 0 }, locale: conversation.locale, who: name },
    );
    if (!updated) throw new KefuError('conflict', `conversation ${conversationId} changed meanwhile`);
    if (from) {
      this.c.record('released', conversationId, {
        agentId: from,
        group: updated.state.group,
        data: { reason: 'handback' },
      });
      this.c.dispatcher.released(updated, from);
    }
    await this.c.dispatcher.handedBack(conversationId);
  }

  async close(agent: AgentProfile, conversationId: string, resolution?: string): Promise<void> {
    const conversation = await this.c.requireConversation(conversationId);
    const status = conversation.state.status;
    if (status === 'closed') return;
    if (status === 'assigned' || status === 'pending') requireOwner(agent, conversation);
    else if (!canSee(agent, conversation))
      throw new KefuError('forbidden', `conversation ${conversationId} is not yours`);
    const { queue: _q, followUpAt: _f, ...state } = conversation.state;
    // Who may close depended on the status read: a change meanwhile refuses the close.
    const updated = await this.c.move(
      'close',
      conversationId,
      { ...state, reason: resolution ?? `closed by ${agent.name}` },
      { onlyFrom: [status], locale: conversation.locale },
    );
    if (!updated) throw new KefuError('conflict', `conversation ${conversationId} changed meanwhile`);
    const owner = conversation.state.agent?.id;
    const held = owner && (status === 'assigned' || status === 'pending') ? owner : undefined;
    this.c.record('closed', conversationId, {
      agentId: held ?? agent.id,
      group: conversation.state.group,
      data: { resolution: resolution ?? null, status },
    });
    if (held) this.c.dispatcher.released(updated, held);
    await this.c.dispatcher.closed(conversationId, actor(agent), resolution);
    if (status === 'queued' && conversation.state.group) await this.c.refreshQueue(conversation.state.group);
  }

  private async inspect(conversationId: string, text: string): Promise<QaViolation[]> {
    if (this.c.o.qaRules.length === 0) return [];
    const understanding = this.c.understandings.get(conversationId);
    const timer = (await this.c.dispatcher.slaTimers(conversationId)).find(
      (t) => t.metric === 'first_response' || t.metric === 'next_response',
    );
    const now = this.c.o.clock.now();
    return inspect(
      text,
      {
        angry: (understanding?.anger ?? 0) >= this.c.o.policy.angerThreshold,
        ...(understanding ? { intent: understanding.intent } : {}),
        ...(timer ? { waitedMs: now - timer.startedAt, slaMs: timer.dueAt - timer.startedAt } : {}),
      },
      this.c.o.qaRules,
    );
  }

  private recordTransfer(c: StoredConversation, from: string | null, to: string): void {
    this.c.record('transferred', c.id, { agentId: from ?? undefined, group: c.state.group, data: { to } });
    if (from)
      this.c.record('released', c.id, { agentId: from, group: c.state.group, data: { reason: 'transfer' } });
  }

  /** Replaces the conversation's tags (any agent who may see it). */
  async tags(agent: AgentProfile, conversationId: string, tags: string[]): Promise<void> {
    const conversation = await this.c.requireConversation(conversationId);
    if (!canSee(agent, conversation))
      throw new KefuError('forbidden', `conversation ${conversationId} is not yours`);
    const unique = [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
    await this.c.republish(conversationId, (state) => ({ ...state, tags: unique }));
  }

  /** Waits on the shopper or a follow-up; the hub alerts the agent at `dueAt` unless the shopper writes first. */
  async pending(agent: AgentProfile, conversationId: string, dueAt: number, note?: string): Promise<void> {
    const conversation = await this.c.requireConversation(conversationId);
    requireOwner(agent, conversation);
    if (dueAt <= this.c.o.clock.now()) throw new KefuError('invalid_frame', 'dueAt must be in the future');
    const updated = await this.c.move(
      'wait',
      conversationId,
      { ...conversation.state, followUpAt: dueAt, reason: note ?? 'waiting on a follow-up' },
      { ownerId: conversation.state.agent?.id ?? null },
    );
    if (!updated) throw new KefuError('conflict', `conversation ${conversationId} changed meanwhile`);
    await this.c.dispatcher.waiting(conversationId, dueAt, actor(agent), note);
  }

  /** Opens, updates or resolves the conversation's ticket; the shopper sees its progress. */
  async ticket(
    agent: AgentProfile,
    conversationId: string,
    action: TicketAction,
    note?: string,
  ): Promise<void> {
    const conversation = await this.c.requireConversation(conversationId);
    if (!canSee(agent, conversation))
      throw new KefuError('forbidden', `conversation ${conversationId} is not yours`);
    await this.c.dispatcher.ticketAction(conversation, actor(agent), action, note);
  }
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

function actor(agent: AgentProfile) {
  return { kind: 'agent' as const, id: agent.id, name: agent.name };
}

function requireOwner(agent: AgentProfile, c: StoredConversation): void {
  if (c.state.agent?.id === agent.id) return;
  if (agent.supervisor && c.state.agent) return;
  throw new KefuError(
    c.state.agent ? 'forbidden' : 'conflict',
    c.state.agent
      ? `conversation ${c.id} belongs to ${c.state.agent.name}`
      : `conversation ${c.id} has no agent; accept it first`,
  );
}
