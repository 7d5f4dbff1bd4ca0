// Agents, and the conversations waiting for them, as plug-ins, routing and the bus see them.

/** What an agent token resolves to. */
export interface AgentProfile {
  id: string;
  name: string;
  groups: string[];
  avatar?: string;
  /** Sees every queue and conversation. */
  supervisor?: boolean;
  /**
   * May hand a conversation waiting in their groups to a colleague of its group (`assign`), as
   * supervisors may to anyone. Off by default: most shops leave that to supervisors.
   */
  mayAssign?: boolean;
  /** Concurrent conversations (default 5). */
  capacity?: number;
  /** For routing angry shoppers and complaints (default junior). */
  level?: 'junior' | 'senior';
  /** Languages spoken, e.g. ['zh', 'en'] (default both). */
  languages?: string[];
}

/** What a conversation needs from its agent, beyond the group (set by the router). */
export interface Requirements {
  level?: 'senior';
  /** A language tag; `en-US` is matched by an agent who speaks `en`. */
  language?: string;
}

/** A conversation waiting for an agent. */
export interface QueueEntry {
  conversationId: string;
  group: string;
  /** Higher is served first. */
  priority: number;
  /** When it started waiting (keep the original on a requeue, so it does not lose its place). */
  enqueuedAt: number;
  requires?: Requirements;
  /** The agent this shopper had last time, preferred when eligible. */
  lastAgentId?: string;
  /** Agents who let it go back to the queue in this wait (never opened it, or went away): not offered it again. */
  passedOver?: readonly string[];
  /**
   * An opaque key (a keyed hash) of the address whose shopper asked for a person: each node counts
   * the conversations waiting per key, so one address cannot fill the queue (`limits.maxQueuedPerAddress`).
   * None when an agent, the API or a restart queued it.
   */
  source?: string;
}
