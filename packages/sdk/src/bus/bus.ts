import type {
  AlertFrame,
  AssistFrame,
  ConversationState,
  InboxItem,
  Message,
  Note,
  TypingFrame,
} from '@kefu/protocol';
import type { AgentProfile, QueueEntry } from '../seams/agents.ts';

/** What one hub node tells the others (and itself) about a conversation. */
export type BusEvent =
  | { kind: 'message'; conversationId: string; message: Message }
  | {
      kind: 'state';
      conversationId: string;
      state: ConversationState;
      /**
       * The stored conversation's version this state was read at. Nodes publish states they read
       * at different moments, so one can arrive after a newer one: a feed drops it (see ConversationFeed).
       */
      version: number;
    }
  | { kind: 'typing'; conversationId: string; author: TypingFrame['author']; on: boolean }
  | { kind: 'read'; conversationId: string; by: 'shopper' | 'agent'; seq: number }
  | { kind: 'note'; conversationId: string; note: Note }
  | { kind: 'assist'; conversationId: string; assist: Omit<AssistFrame, 'v' | 'type'> }
  | {
      kind: 'inbox';
      item?: InboxItem;
      removed?: string;
      visibleTo?: { groups: string[]; agentId?: string };
      /** The stored conversation's version the item was read at (see the state event's). */
      version: number;
    }
  | { kind: 'alert'; alert: Omit<AlertFrame, 'v' | 'type'>; audience: { agentId?: string; group?: string } }
  | { kind: 'presence'; node: string; agent: AgentPresence }
  /** A node joined and asks the others for the agents connected to them. */
  | { kind: 'presence.sync'; node: string }
  | { kind: 'routing'; node: string; op: 'enqueue'; entry: QueueEntry }
  | { kind: 'routing'; node: string; op: 'dequeue'; conversationId: string }
  | { kind: 'sla'; node: string; breached: boolean; at: number }
  /** How many connections of a conversation's shopper one node holds now. */
  | { kind: 'shopper'; node: string; conversationId: string; connections: number; at: number }
  /** A node joined and asks the others for their shopper counts. */
  | { kind: 'shopper.sync'; node: string }
  /** `by` found that `node` died: forget its shopper connections. */
  | { kind: 'node.gone'; node: string; by: string; at: number }
  /** A conversation was erased: every node forgets what it remembers of it. */
  | { kind: 'erased'; conversationId: string }
  /** A shopper's sessions were ended: every node closes their connections (`key`: store/session-key.ts, no id in clear). */
  | { kind: 'sessions.ended'; key: string; why: 'ended' | 'erased' }
  /** An agent's consoles were signed out (`hub.admin.endAgentSessions`): every node closes them. */
  | { kind: 'agent.signed_out'; agentId: string };

/** An agent as every hub node's routing sees them. */
export interface AgentPresence {
  profile: AgentProfile;
  status: 'online' | 'away' | 'offline';
  /** Conversations the agent holds now (from the store). */
  active: number;
  /**
   * `false`: the agent has no console open on the node that says so and it waits out their grace
   * period; nothing new is offered to them meanwhile. Absent: connected.
   */
  connected?: boolean;
  /**
   * `true`: `status` is the one the agent chose (a status frame, a sign-in, a node vouching for a
   * connection of theirs); every node remembers it and every console of theirs shows it. Absent:
   * routing's view only (a load update, a grace period ending, a node found dead).
   */
  chosen?: true;
}

/**
 * Fans events out to every hub node. Channels: `conv:<id>` (what shoppers and agents of that
 * conversation see), `notes:<id>` (agents only: never subscribed by a shopper connection) and
 * `inbox` (agent inbox updates) and `alerts` (SLA, tickets, follow-ups). Delivery per channel keeps publish order.
 */
export interface Bus {
  /** Resolves once delivered; a bus that delivers before it returns answers {@link DELIVERED}. */
  publish(channel: string, event: BusEvent): Promise<void>;
  subscribe(channel: string, handler: (event: BusEvent) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /**
   * Resolves once the bus reached its server the first time; rejects (for good) when it could
   * not, and then `hub.listen()` rejects with the same error. A bus without a server may leave it out.
   */
  ready?(): Promise<void>;
  /** Resolves when the bus can reach its server now (for `/readyz`); a bus without one may leave it out. */
  ping?(): Promise<void>;
  /**
   * Calls `listener` each time the bus is back after losing its server: events published meanwhile
   * may never arrive, so the hub has its clients resume from the store. Returns the unsubscribe.
   * A bus that cannot lose events (the in-process one) leaves it out.
   */
  onReconnect?(listener: () => void): () => void;
}

/**
 * What `publish` answers when the event was delivered before it returned (the in-process bus):
 * the hub's message path, which publishes twice per message, then goes on without awaiting it.
 */
export const DELIVERED: Promise<void> = Promise.resolve();

export const channels = {
  conversation: (id: string) => `conv:${id}`,
  notes: (id: string) => `notes:${id}`,
  inbox: 'inbox',
  alerts: 'alerts',
  presence: 'presence',
  routing: 'routing',
  /** Every SLA response outcome, so each node's breach-rate window sees the whole cluster. */
  sla: 'sla',
  /** Shopper connections per conversation and node, so every node knows who has the chat open. */
  shoppers: 'shoppers',
  /** Erased conversations, so no node keeps a name or an e-mail of them in memory. */
  erasures: 'erasures',
  /** Ended shopper sessions (`hub.admin.endSessions`, erasure) and agents signed out, so every node closes their sockets. */
  sessions: 'sessions',
} as const;

/**
 * Ends a subscription when its owner is disposed, without waiting. A bus that cannot unsubscribe
 * now (Redis down, the bus closing) loses nothing: the handler is gone either way. A rejection
 * left unhandled here would end the hub's process on its way down.
 */
export function unsubscribeOnDispose(off: (() => Promise<void>) | undefined): void {
  off?.().catch(() => {});
}
