import {
  type AgentContent,
  type AgentsOnlineFrame,
  type AgentToHub,
  type KbCheckFrame,
  type KbEntriesFrame,
  type KbEntry,
  type KbEntryFrame,
  type KbProposalsFrame,
  KefuError,
  LIMITS,
  type Message,
  type Note,
  type ReportFrame,
} from '@kefu/protocol';
import { randomToken } from '../ids.ts';
import type { AgentRequest } from './agent-requests.ts';
import type { AgentView } from './agent-view.ts';
import { type OpenConversation, replaceMessage } from './open-conversation.ts';

/**
 * What an agent does inside a conversation: open it, write in it, read it, leave it. Documented
 * where the client exposes them (agent-client.ts).
 */
export function conversationActions(request: AgentRequest, view: AgentView) {
  return {
    accept(conversationId: string): Promise<OpenConversation> {
      return request({ type: 'accept', conversationId });
    },
    join(conversationId: string): Promise<OpenConversation> {
      return request({ type: 'join', conversationId });
    },
    async leave(conversationId: string): Promise<void> {
      view.open.delete(conversationId);
      await request({ type: 'leave', conversationId });
    },
    send(
      conversationId: string,
      content: string | AgentContent,
      options: {
        override?: boolean;
        suggestion?: { kind: 'kb' | 'canned'; id: string };
        /**
         * Only while the conversation is still yours: once a colleague has it (handed on while you
         * were offline, say), the hub refuses it with `conflict` naming them, even to a supervisor,
         * who may otherwise write there. Nothing is stored.
         */
        asOwner?: boolean;
        /**
         * Give a retry the id of the send that failed: one cut short by `disconnect()` may still
         * have been stored, and the hub stores a message once per id, so the shopper never gets it twice.
         */
        clientMsgId?: string;
      } = {},
    ): Promise<{ seq: number; messageId: string }> {
      const c: AgentContent = typeof content === 'string' ? { kind: 'text', text: content } : content;
      return request(
        {
          type: 'send',
          conversationId,
          clientMsgId: options.clientMsgId ?? randomToken(),
          content: c,
          ...(options.override ? { override: true } : {}),
          ...(options.suggestion ? { suggestion: options.suggestion } : {}),
          ...(options.asOwner ? { asOwner: true } : {}),
        },
        { resendOnReconnect: true },
      );
    },
    note(conversationId: string, text: string): Promise<Note> {
      return request(
        { type: 'note', conversationId, clientMsgId: randomToken(), text },
        { resendOnReconnect: true },
      );
    },
    markRead(conversationId: string, seq: number): Promise<void> {
      return request({ type: 'read', conversationId, seq });
    },
    loadOlder(conversationId: string, limit = 50): Promise<{ messages: Message[]; hasMore: boolean }> {
      const c = view.open.get(conversationId);
      const before = c?.messages[0]?.seq ?? 1;
      return request({ type: 'history', conversationId, before, limit });
    },
    loadEarlier(
      conversationId: string,
      before?: number,
    ): Promise<{ earlier: NonNullable<OpenConversation['earlier']>; hasMore: boolean }> {
      const held = view.open.get(conversationId)?.earlier;
      const at = before ?? held?.at(-1)?.createdAt ?? LIMITS.maxTimestamp;
      return request({ type: 'earlier', conversationId, before: at });
    },
    async refreshMessage(conversationId: string, seq: number): Promise<Message | undefined> {
      const page = await request<{ messages: Message[] }>({
        type: 'history',
        conversationId,
        before: seq + 1,
        limit: 1,
      });
      const fresh = page.messages.find((m) => m.seq === seq);
      const c = view.open.get(conversationId);
      if (fresh && c) replaceMessage(c, fresh);
      return fresh;
    },
  };
}

/** What an agent does with the case as a whole: hand it on, wait, ticket, tag, close; and reports. */
export function caseActions(request: AgentRequest) {
  return {
    transfer(
      conversationId: string,
      to: { agentId: string } | { group: string },
      note?: string,
    ): Promise<void> {
      return request({ type: 'transfer', conversationId, to, ...(note ? { note } : {}) });
    },
    assign(
      conversationId: string,
      agentId: string,
      options: { force?: boolean; note?: string } = {},
    ): Promise<void> {
      const { force, note } = options;
      return request({
        type: 'assign',
        conversationId,
        agentId,
        ...(force ? { force } : {}),
        ...(note ? { note } : {}),
      });
    },
    pending(conversationId: string, dueAt: number, note?: string): Promise<void> {
      return request({ type: 'pending', conversationId, dueAt, ...(note ? { note } : {}) });
    },
    ticket(
      conversationId: string,
      action: 'create' | 'progress' | 'workaround' | 'resolve',
      note?: string,
    ): Promise<void> {
      return request({ type: 'ticket', conversationId, action, ...(note ? { note } : {}) });
    },
    tags(conversationId: string, tags: string[]): Promise<void> {
      return request({ type: 'tags', conversationId, tags });
    },
    handback(conversationId: string): Promise<void> {
      return request({ type: 'handback', conversationId });
    },
    close(conversationId: string, resolution?: string): Promise<void> {
      // The shopper client's close() ends its connection; called so here (plain JavaScript), the
      // hub's "conversationId: expected string" did not say that disconnect() was meant.
      if (typeof conversationId !== 'string')
        return Promise.reject(
          new KefuError(
            'invalid_frame',
            'agent.close(conversationId) closes a conversation and needs its id; to end the connection, call agent.disconnect()',
          ),
        );
      return request({ type: 'close', conversationId, ...(resolution ? { resolution } : {}) });
    },
    report(
      from: number,
      to: number,
      groupBy?: 'group' | 'agent' | 'day',
    ): Promise<Omit<ReportFrame, 'v' | 'type' | 're'>> {
      return request({ type: 'report', from, to, ...(groupBy ? { groupBy } : {}) });
    },
    /** Supervisors: knowledge proposals learned from traffic, most asked first. */
    knowledgeProposals(): Promise<Omit<KbProposalsFrame, 'v' | 'type' | 're'>> {
      return request({ type: 'kb.proposals' });
    },
    /** Supervisors: approve (optionally edited) or reject a proposal; resolves once the knowledge base has it. */
    decideProposal(
      proposalId: string,
      decision: Omit<Extract<AgentToHub, { type: 'kb.decide' }>, 'v' | 'type' | 'id' | 'proposalId'>,
    ): Promise<void> {
      return request({ type: 'kb.decide', proposalId, ...decision });
    },
    /** Supervisors: the knowledge-base doctor's findings. */
    checkKnowledge(): Promise<Omit<KbCheckFrame, 'v' | 'type' | 're'>> {
      return request({ type: 'kb.check' });
    },
    /** Supervisors: the knowledge-base entries (those mentioning `query`: id, question, alternates, answer). */
    knowledgeEntries(query?: string): Promise<Omit<KbEntriesFrame, 'v' | 'type' | 're'>> {
      return request({ type: 'kb.entries', ...(query ? { query } : {}) });
    },
    /** Supervisors: one entry to edit, and its `fingerprint` (what it was) for the save. `not_found` if none. */
    knowledgeEntry(entryId: string): Promise<Omit<KbEntryFrame, 'v' | 'type' | 're'>> {
      return request({ type: 'kb.entry', entryId });
    },
    /**
     * Supervisors: save an entry; the bot answers with it at once. With the `fingerprint` it was read
     * with, replaces it (`not_found` once deleted, `conflict` once changed meanwhile); without, creates
     * it (`conflict` if the id is taken). Resolves with the entry as saved and its new fingerprint.
     */
    saveKnowledgeEntry(
      entry: KbEntry,
      fingerprint?: string,
    ): Promise<Omit<KbEntryFrame, 'v' | 'type' | 're'>> {
      return request({ type: 'kb.save', entry, ...(fingerprint ? { fingerprint } : {}) });
    },
    /** Supervisors: delete an entry (`conflict` if changed since `fingerprint`, `not_found` if gone). */
    deleteKnowledgeEntry(entryId: string, fingerprint?: string): Promise<void> {
      return request({ type: 'kb.delete', entryId, ...(fingerprint ? { fingerprint } : {}) });
    },
    /** The agents online now, anywhere in the cluster (whom a transfer or an assign can reach), with their load. */
    async agentsOnline(): Promise<AgentsOnlineFrame['agents']> {
      const answer: Omit<AgentsOnlineFrame, 'v' | 'type' | 're'> = await request({ type: 'agents.online' });
      return answer.agents;
    },
  };
}
