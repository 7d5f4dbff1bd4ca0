import type {
  AgentStatus,
  AgentWelcome,
  AlertFrame,
  AssistFrame,
  ConversationState,
  ErrorCode,
  InboxItem,
  Message,
  Note,
} from '@kefu/protocol';
import type { ConnectionStatus } from '../transport/socket.ts';
import type { OpenConversation } from './open-conversation.ts';

/**
 * What one change did to the inbox: `item` was added or replaced, `removed` left it, or (`reset`,
 * on every welcome) the whole inbox was replaced: read `agent.inbox`.
 */
export interface InboxChange {
  reset: boolean;
  item?: InboxItem;
  removed?: string;
}

export interface AgentClientEvents {
  welcome: AgentWelcome['agent'];
  /**
   * The whole inbox, a new array at each change. Built only while someone listens: with thousands
   * waiting, prefer `inboxChange`.
   */
  inbox: InboxItem[];
  /**
   * What changed, without a copy of the inbox: a console that takes the whole list at each of the
   * thousands of updates one address's queueing sends copies and goes over it each time.
   */
  inboxChange: InboxChange;
  conversation: OpenConversation;
  message: { conversationId: string; message: Message };
  note: Note;
  state: { conversationId: string; state: ConversationState };
  typing: { conversationId: string; on: boolean };
  /** The shopper of an open conversation opened the chat or left it (closed every tab). */
  presence: { conversationId: string; online: boolean; at: number };
  read: { conversationId: string; seq: number };
  /**
   * The hub's error that answers no action of yours. With `conversationId`: re-opening that
   * conversation after a reconnect failed; on `not_found` (erased, or lost with the hub's store)
   * or `forbidden` (no longer yours to read) the client no longer holds it. A code this client
   * does not know (a newer hub's) arrives as `internal` when `retryable`, else as `invalid_frame`,
   * with the hub's message; a request refused with one rejects the same way.
   */
  error: { code: ErrorCode; message: string; retryable: boolean; conversationId?: string };
  /**
   * The connection's status. `failed` is final (a fatal close, or a hello the hub refused as not
   * retryable: `reason` is then `code: message`, e.g. `plugin_failed: your agent profile cannot be
   * used: …`); `connect()` tries again.
   */
  connection: { status: ConnectionStatus; code?: number; reason?: string };
  /**
   * The agent's status as the hub holds it: on every welcome (a reconnect or a new tab takes the
   * one chosen on another connection) and when another connection of theirs changes it.
   */
  agentStatus: AgentStatus;
  /** Needs attention now: an SLA about to breach, a ticket overdue, a follow-up due, a requeue. */
  alert: Omit<AlertFrame, 'v' | 'type'>;
  /** Suggestions for the shopper's latest message: intent, anger, knowledge-base answers, canned replies. */
  assist: Omit<AssistFrame, 'v' | 'type'>;
}
