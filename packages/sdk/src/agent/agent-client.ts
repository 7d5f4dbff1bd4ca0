import {
  type AgentStatus,
  type AgentWelcome,
  type AssistFrame,
  type CannedReply,
  type ImageContent,
  type InboxItem,
  PROTOCOL_VERSION,
} from '@kefu/protocol';
import { createEmitter } from '../emitter.ts';
import type { ConnectionStatus } from '../transport/socket.ts';
import { caseActions, conversationActions } from './agent-actions.ts';
import type { AgentClientEvents } from './agent-client-events.ts';
import type { AgentClientOptions, ConnectOptions } from './agent-client-options.ts';
import { createAgentConnection } from './agent-connection.ts';
import { hubHttpOrigin, type UploadBody, uploadImage } from './agent-upload.ts';
import { createAgentView } from './agent-view.ts';
import type { OpenConversation } from './open-conversation.ts';

// Kept importable from here, where they were defined before the client was split up.
export type { AgentClientEvents } from './agent-client-events.ts';
export type { AgentClientOptions, ConnectOptions } from './agent-client-options.ts';
export type { OpenConversation } from './open-conversation.ts';
export { QaHeldError } from './qa-held-error.ts';

/**
 * The agent client: for agent consoles and for external bots that act as agents. Every action
 * returns a promise that settles with the hub's answer, or rejects with a KefuError: with
 * `connection_lost` (retryable) the moment the connection it went out on drops, or at once when
 * there is none (the hub answers only on the connection that asked), except `send` and `note`,
 * which are re-sent on the next connection. A hello the hub refuses for good (an unknown token, an
 * agent profile the merchant's plug-in rejects) stops the client: status `failed`, with the reason.
 * @example
 * const agent = createAgentClient({ url: 'wss://hub.example', token: process.env.AGENT_TOKEN! });
 * agent.on('inbox', (items) => console.log(items.length, 'waiting'));
 * await agent.connect();
 * const [waiting] = agent.inbox;
 * const c = await agent.accept(waiting!.conversationId); // KefuError `conflict`: taken, or you are at capacity
 * await agent.send(c.id, '您好，我是客服小美');
 */
export function createAgentClient(options: AgentClientOptions) {
  const events = createEmitter<AgentClientEvents>();
  const view = createAgentView();
  const connection = createAgentConnection(options, events, view);
  const { socket, requests } = connection;
  const conversation = conversationActions(requests.request, view);
  const cases = caseActions(requests.request);
  const httpOrigin = options.httpOrigin ?? hubHttpOrigin(options.url);
  return {
    on: events.on,
    off: events.off,
    /**
     * Connects; resolves on the hub's welcome (at once if welcomed already), rejects if the token is
     * refused. Waits for as long as the hub takes to come back, unless bounded: past `timeoutMs`, or
     * when `signal` aborts, it rejects with `connection_lost` and the client stops (as disconnect()).
     * @example
     * await bot.connect({ timeoutMs: 15_000 }); // KefuError connection_lost: hub unreachable
     * await bot.connect({ signal: AbortSignal.timeout(15_000) });
     */
    connect(how?: ConnectOptions): Promise<void> {
      return connection.connect(how);
    },
    /** Takes a queued conversation; rejects with `conflict` if another agent was faster. */
    accept: conversation.accept,
    /** Opens a conversation to read it without taking it. */
    join: conversation.join,
    leave: conversation.leave,
    /**
     * Sends a message; delivered exactly once even across reconnects. It is re-sent (same
     * clientMsgId) after a reconnect and when the hub refuses it for now (rate limited, store
     * down), with no deadline, in the order sent: the promise resolves on the hub's ack, rejects
     * when the hub refuses it for good (or quality inspection holds it) or on `disconnect()`.
     */
    send: conversation.send,
    /** Supervisors: service metrics between two times, in total and per group, agent or day. */
    report: cases.report,
    /** Supervisors: knowledge proposals learned from traffic (questions the bot missed, agents answered). */
    knowledgeProposals: cases.knowledgeProposals,
    /** Supervisors: approve (optionally edited) or reject a knowledge proposal. */
    decideProposal: cases.decideProposal,
    /** Supervisors: what the knowledge-base doctor finds in the live knowledge base. */
    checkKnowledge: cases.checkKnowledge,
    /** Supervisors: the knowledge-base entries, those mentioning `query` when given. */
    knowledgeEntries: cases.knowledgeEntries,
    /** Supervisors: one entry to edit, with its `fingerprint` for the save. */
    knowledgeEntry: cases.knowledgeEntry,
    /** Supervisors: create or replace an entry, as the HTTP API does (the bot answers with it at once). */
    saveKnowledgeEntry: cases.saveKnowledgeEntry,
    /** Supervisors: delete an entry. */
    deleteKnowledgeEntry: cases.deleteKnowledgeEntry,
    /** The shop's canned replies (from the welcome). */
    get canned(): CannedReply[] {
      return view.canned;
    },
    /** False when the hub takes no photo uploads (no `images`): `uploadImage` would be refused. */
    get photos(): boolean | undefined {
      return view.photos;
    },
    /** The hub's groups, for a transfer (those of colleagues online come with `agentsOnline`); undefined from an older hub. */
    get groups(): string[] | undefined {
      return view.groups;
    },
    /** The latest assist for a conversation, if any. */
    assistFor(conversationId: string): Omit<AssistFrame, 'v' | 'type'> | undefined {
      return view.assists.get(conversationId);
    },
    note: conversation.note,
    typing(conversationId: string, on: boolean): void {
      socket.send({ v: PROTOCOL_VERSION, type: 'typing', conversationId, on });
    },
    markRead: conversation.markRead,
    /**
     * Moves a conversation you hold to an online colleague (`{ agentId }`) or to a group's queue
     * (`{ group }`). Rejects with `forbidden` (not yours), `not_found` (unknown agent or group) or
     * `conflict` (the colleague is away or signed out, or the conversation changed meanwhile).
     * @example
     * await agent.transfer(conversationId, { group: 'returns' }, 'wants a refund for order 1042');
     */
    transfer: cases.transfer,
    /**
     * Hands a waiting conversation (queued, or a ticket nobody holds) to an online colleague:
     * supervisors to anyone (`force`: past their capacity), agents whose welcome says `mayAssign`
     * to a colleague of its group. Rejects with `forbidden`, `not_found` (unknown agent) or
     * `conflict` (not online, full, already taken or closed).
     * @example
     * await agent.assign(conversationId, 'lei', { note: 'VIP, refund question' });
     */
    assign: cases.assign,
    /**
     * The agents online now, anywhere in the cluster: whom `transfer({ agentId })` and `assign` can
     * reach, with `active` (conversations they hold) and `capacity`.
     * @example
     * const colleagues = (await agent.agentsOnline()).filter((a) => a.id !== me);
     */
    agentsOnline: cases.agentsOnline,
    /** Waits on the shopper or a follow-up; the hub raises an `alert` at `dueAt` unless the shopper writes first. */
    pending: cases.pending,
    /** Opens, updates or resolves the conversation's ticket; `note` is what the shopper sees. */
    ticket: cases.ticket,
    /** Replaces the conversation's tags. */
    tags: cases.tags,
    handback: cases.handback,
    close: cases.close,
    loadOlder: conversation.loadOlder,
    /**
     * The next page of the shopper's earlier conversations (those created before the oldest held,
     * or before `before`), added to the open conversation's `earlier`; `hasMore` while older remain.
     * @example
     * if (c.earlierMore) await agent.loadEarlier(c.id);
     */
    loadEarlier: conversation.loadEarlier,
    /**
     * Reads one message again, so its image URLs are signed anew (they expire: `images.urlTtlMs`),
     * and puts it in place of the copy held. Resolves undefined when the hub no longer has it.
     */
    refreshMessage: conversation.refreshMessage,
    /**
     * Uploads an image to a conversation the agent may write in; resolves with the `image` content
     * to send (add a `caption`). Rejects with the hub's KefuError when it refuses the file.
     * @example
     * const image = await agent.uploadImage(c.id, file);
     * await agent.send(c.id, { ...image, caption: '尺码表' });
     */
    uploadImage(
      conversationId: string,
      body: UploadBody,
      how: { signal?: AbortSignal } = {},
    ): Promise<ImageContent> {
      return uploadImage({ origin: httpOrigin, token: options.token, conversationId, body, ...how });
    },
    /** An image URL from a message (a path on the hub) as an absolute URL, for an `<img>` on another origin. */
    imageSrc(url: string): string {
      return new URL(url, httpOrigin).href;
    },
    /**
     * Sets the agent's status on every connection of theirs: the hub tells the others
     * (`agentStatus` event), and a reconnect or a new tab takes it.
     */
    async setStatus(next: AgentStatus): Promise<void> {
      await requests.request({ type: 'status', status: next });
      connection.setStatus(next);
    },
    /**
     * The agent's status as the hub holds it (`online` takes new shoppers, `away` does not), whichever
     * connection of theirs chose it. `status` is the connection's.
     * @example
     * agent.on('agentStatus', (s) => render(s === 'away' ? '离开' : '在线'));
     */
    get agentStatus(): AgentStatus {
      return connection.status;
    },
    get inbox(): InboxItem[] {
      return [...view.inbox.values()];
    },
    conversation(id: string): OpenConversation | undefined {
      return view.open.get(id);
    },
    get profile(): AgentWelcome['agent'] | undefined {
      return view.profile;
    },
    get status(): ConnectionStatus {
      return socket.status;
    },
    /**
     * Asks the hub for a word now and reconnects if none comes within `liveness.answerMs`, or, while
     * waiting for the next reconnect attempt, tries at once: call it when the page becomes visible
     * again or the browser is back online, when a connection may have died without anyone hearing
     * of it, or the hub may be back before the backoff says to look. Not before the time the hub
     * named when it refused a sign-in for now (`retryAfterMs`, a throttled address): it would refuse again.
     * @example
     * document.addEventListener('visibilitychange', () => document.hidden || agent.checkConnection());
     */
    checkConnection(): void {
      connection.checkConnection();
    },
    /**
     * Disconnects. Requests still waiting for the hub's answer reject with `connection_lost` (their fate
     * is unknown: a send repeated after reconnecting is de-duplicated), so no promise is left
     * hanging and no timer outlives the client.
     */
    disconnect(): void {
      connection.disconnect();
    },
  };
}

export type AgentClient = ReturnType<typeof createAgentClient>;
