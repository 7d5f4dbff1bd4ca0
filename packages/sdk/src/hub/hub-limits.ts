/** What one client may do and hold, per connection and per shopper: the hub's `limits` option. */
export interface HubLimits {
  /** Frames a connection may send per second on average (token bucket refill). */
  framesPerSecond: number;
  /** Frames a connection may send in a burst. */
  frameBurst: number;
  /**
   * Frames a signed-in agent's connection may send per second on average, instead of
   * `framesPerSecond`: one console works several conversations at once, and after an outage its
   * client drains its backlog 20 sends at a time.
   */
  agentFramesPerSecond: number;
  /** Frames a signed-in agent's connection may send in a burst, instead of `frameBurst`. */
  agentFrameBurst: number;
  /** Open connections per client address (an IPv6 client by its /64 network, as every per-address limit). */
  maxConnectionsPerIp: number;
  /** Connections one shopper (one site, one shopper id) may hold at once on one hub node. */
  maxConnectionsPerShopper: number;
  /**
   * Messages (and votes on the bot's answers) a conversation's shopper may send per second on
   * average, shared by all their sockets on one node (token bucket refill); over it a send gets
   * `rate_limited` and the client resends it.
   */
  conversationMessagesPerSecond: number;
  /** Messages a conversation's shopper may send in a burst. */
  conversationMessageBurst: number;
  /** How often the hub pings each connection. */
  heartbeatMs: number;
  /** A connection that sent nothing (not even a pong) for this long is closed. */
  idleTimeoutMs: number;
  /**
   * Time to send hello after connecting. Once the hello has arrived, the hub's sign-in (identity,
   * store) has `idleTimeoutMs` to send the welcome: a busy hub is not made to throw its work away.
   */
  helloTimeoutMs: number;
  /**
   * Time a TCP connection has to send its first request (the WebSocket upgrade) in full; one that
   * has not is destroyed, so half-sent requests cannot hold sockets.
   */
  upgradeTimeoutMs: number;
  /**
   * Time an HTTP request on the hub's own server (an API call, a photo upload) has to arrive in
   * full, body included; its headers still have `upgradeTimeoutMs`. A photo from a phone on a slow
   * link takes tens of seconds; past this the hub answers 408 `idle_timeout`.
   */
  requestTimeoutMs: number;
  /** Unsent bytes a connection may have queued before it is closed as a slow consumer. */
  maxBufferedBytes: number;
  /**
   * Unsent bytes all connections of one address may have queued together. A client that reads
   * nothing holds what the hub sends it, so without this one address's `maxConnectionsPerIp`
   * sockets held `maxBufferedBytes` and a frame each. Past it, a connection of the address that
   * holds more than its share (this over `maxConnectionsPerIp`) is closed as a slow consumer when
   * it is sent a frame (it reconnects and resumes); what the address holds stays under twice this.
   */
  maxBufferedBytesPerAddress: number;
  /**
   * Frames a connection may have waiting to be handled (one is handled at a time); at this many the
   * hub stops reading its socket until half have been handled, so the client is slowed, not cut.
   */
  maxQueuedFrames: number;
  /**
   * Bytes of frames a connection may have waiting, as `maxQueuedFrames`. A client that keeps
   * sending past twice this (and what its socket had read when paused) is closed.
   */
  maxQueuedBytes: number;
  /**
   * New conversations the hellos from one address may open per minute (a token bucket holding as
   * many); past it a hello that would open one is closed with `rate_limited` (the client retries
   * later), while shoppers who already have a conversation come back as usual. Each new conversation
   * is stored with its shopper, greeting and events: without a bound one address filled the store
   * with 3,000 in 27 s. Shoppers behind one address (an office, carrier NAT) share it.
   */
  newConversationsPerAddressPerMinute: number;
  /**
   * Conversations whose shopper asked from one address that may wait for a person (queued) at once,
   * counted cluster-wide by every node's copy of the routing queue. Past it the bot says so (a
   * system `notice`) and keeps the conversation; those already waiting keep their place. Each
   * queued conversation is an entry in every node's queue for up to the week before abandonment:
   * without a bound one address queueing at its new-conversation budget grew it 60 a minute.
   */
  maxQueuedPerAddress: number;
  /**
   * Bytes of `history` pages and welcome replays a conversation's shopper may be sent per second,
   * all their sockets together (a token bucket holding `historyBytesBurst`). A page of 100 long
   * messages is over a megabyte for a request of 60 bytes or a hello: without a bound one shopper
   * had the hub send 27 MB/s (history) or 77 MB/s (reconnecting). A page, or the welcome of a
   * conversation that exists, costs at least half a second of it (HISTORY_PAGE_SECONDS). An agent's
   * snapshots and pages have four times it (agent-read-budget.ts). Past it a `history` request gets
   * `rate_limited`, and a hello is closed with `rate_limited` (the client tries again later).
   */
  historyBytesPerSecond: number;
  /** Bytes of `history` pages a conversation's shopper may be sent at once; see `historyBytesPerSecond`. */
  historyBytesBurst: number;
  /** Frames a connection may send before the hub's welcome, hello included; more closes it. */
  preWelcomeFrames: number;
  /** Bytes a connection may send before the hub's welcome, hello included; more closes it. */
  preWelcomeBytes: number;
}

export const DEFAULT_LIMITS: HubLimits = {
  framesPerSecond: 10,
  frameBurst: 30,
  // Three times a shopper's, the burst still three seconds' worth. A reconnecting console sends a
  // join per open chat (5 at the default capacity) and its unacknowledged sends 20 at a time: 25
  // frames of a shopper's 30 before any typing or read mark. 90 holds that three times over, and
  // 30/s drains a window a second with room beside it. Agents sign in with a token and are few
  // beside shoppers, so the hub's worst case grows little.
  agentFramesPerSecond: 30,
  agentFrameBurst: 90,
  maxConnectionsPerIp: 50,
  // A few tabs of one shop; the budget is about a person typing, with room for an outbox flush.
  maxConnectionsPerShopper: 5,
  conversationMessagesPerSecond: 2,
  conversationMessageBurst: 30,
  newConversationsPerAddressPerMinute: 60,
  // As many as the address may hold connections: one waiting shopper per socket.
  maxQueuedPerAddress: 50,
  // Scrolling back and a resume's gap take pages of tens of KB; two of the largest fit at once.
  historyBytesPerSecond: 256 * 1024,
  historyBytesBurst: 3 * 1024 * 1024,
  heartbeatMs: 25_000,
  idleTimeoutMs: 60_000,
  helloTimeoutMs: 10_000,
  upgradeTimeoutMs: 5_000,
  // A 10 MB photo at about 700 kbit/s; a stalled body holds one of its address's connections.
  requestTimeoutMs: 120_000,
  maxBufferedBytes: 1024 * 1024,
  // Shoppers read what they are sent: a few tabs behind one NAT rarely hold anything at once.
  maxBufferedBytesPerAddress: 8 * 1024 * 1024,
  maxQueuedFrames: 64,
  // Four of the largest frames; past it a client is paused (TCP), not cut, so nobody loses anything.
  maxQueuedBytes: 256 * 1024,
  // A hello and a few frames: clients wait for the welcome before sending anything else.
  preWelcomeFrames: 4,
  preWelcomeBytes: 64 * 1024,
};

/**
 * The defaults with what was given over them (checked by the caller). An agent's frame budget,
 * where not given, is at least the shoppers': a hub that raised `framesPerSecond` or `frameBurst`
 * (a load test, a console-heavy shop) meant it for everyone, and agents would otherwise have been
 * held below it once they got a budget of their own.
 * @example
 * resolveLimits({ framesPerSecond: 100 }).agentFramesPerSecond; // 100
 */
export function resolveLimits(given: Partial<HubLimits> = {}): HubLimits {
  const atLeast = (floor: number, shoppers: unknown) =>
    typeof shoppers === 'number' && shoppers > floor ? shoppers : floor;
  const { agentFramesPerSecond, agentFrameBurst } = given;
  return {
    ...DEFAULT_LIMITS,
    ...given,
    agentFramesPerSecond:
      agentFramesPerSecond !== undefined
        ? agentFramesPerSecond
        : atLeast(DEFAULT_LIMITS.agentFramesPerSecond, given.framesPerSecond),
    agentFrameBurst:
      agentFrameBurst !== undefined
        ? agentFrameBurst
        : atLeast(DEFAULT_LIMITS.agentFrameBurst, given.frameBurst),
  };
}

/** The longest delay Node's setTimeout keeps (about 24.8 days): a longer one fires after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The longest promise a deadline option may make (an SLA, a ticket deadline, the breach-alert
 * window): a year. Their timers wait in steps, so any length works, but a longer promise is a slip
 * (seconds written as milliseconds times a thousand) the merchant should hear about at start.
 */
export const MAX_DEADLINE_MS = 366 * 86_400_000;

/** The longest span of days an option may name (retention, abandonment, a fresh conversation): ten years. */
export const MAX_DAYS = 3_650;
