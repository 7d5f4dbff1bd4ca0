import { CONVERSATION_CACHE_SIZE } from '../bounded-map.ts';
import type { Clock } from '../clock.ts';
import type { HubLimits } from './hub-limits.ts';
import { KeyedTokenBuckets } from './rate-limiter.ts';

export type ShopperLimitOptions = Pick<
  HubLimits,
  | 'maxConnectionsPerShopper'
  | 'conversationMessagesPerSecond'
  | 'conversationMessageBurst'
  | 'newConversationsPerAddressPerMinute'
  | 'historyBytesPerSecond'
  | 'historyBytesBurst'
>;

/**
 * The least a `history` page costs, in seconds of the conversation's history budget, however few
 * bytes it holds: each is a store query (two for an empty page). Paid by its bytes alone, a page
 * asked for before the first message cost ~100 bytes of 256 KiB a second, and 40 sockets of one
 * address asking at their frame rate held other shoppers' answers for seconds on PGlite. Half a
 * second: the burst's 24 pages, then two a second, far more than anyone scrolls back.
 */
export const HISTORY_PAGE_SECONDS = 0.5;

/**
 * What one shopper may use on this hub node, however many sockets they open: at most
 * `maxConnectionsPerShopper` connections at once, and one message budget per conversation
 * (a token bucket shared by all of its sockets). The per-connection frame limit alone let one
 * shopper on 40 sockets store 40 times the messages.
 * @example
 * const limits = new ShopperLimits(o.limits, o.clock);
 * if (!limits.connect('shop', 'd:abc')) conn.close('too_many_connections', '…');
 * if (!limits.admitMessage(conversationId)) throw new KefuError('rate_limited', '…');
 */
export class ShopperLimits {
  private readonly connections = new Map<string, number>();
  // Bounded, so conversations long gone do not keep their buckets; one forgotten comes back full.
  private readonly budgets: KeyedTokenBuckets;
  /** New conversations per address (see HubLimits.newConversationsPerAddressPerMinute). */
  private readonly openings: KeyedTokenBuckets;
  /** Bytes of history pages per conversation (see HubLimits.historyBytesPerSecond). */
  private readonly history: KeyedTokenBuckets;

  constructor(
    private readonly limits: ShopperLimitOptions,
    private readonly clock: Pick<Clock, 'now'>,
  ) {
    this.budgets = new KeyedTokenBuckets(
      limits.conversationMessagesPerSecond,
      limits.conversationMessageBurst,
      CONVERSATION_CACHE_SIZE,
    );
    const perMinute = limits.newConversationsPerAddressPerMinute;
    this.openings = new KeyedTokenBuckets(perMinute / 60, perMinute, CONVERSATION_CACHE_SIZE);
    this.history = new KeyedTokenBuckets(
      limits.historyBytesPerSecond,
      limits.historyBytesBurst,
      CONVERSATION_CACHE_SIZE,
    );
  }

  /** Counts a connection of the shopper; false (and not counted) when they already hold the most. */
  connect(siteKey: string, shopperId: string): boolean {
    const key = shopperKey(siteKey, shopperId);
    const count = this.connections.get(key) ?? 0;
    if (count >= this.limits.maxConnectionsPerShopper) return false;
    this.connections.set(key, count + 1);
    return true;
  }

  /** Uncounts a connection that `connect` counted. */
  disconnect(siteKey: string, shopperId: string): void {
    const key = shopperKey(siteKey, shopperId);
    const left = (this.connections.get(key) ?? 1) - 1;
    if (left <= 0) this.connections.delete(key);
    else this.connections.set(key, left);
  }

  /** Takes one new conversation from the address's budget; false when it is spent for now. */
  admitNewConversation(address: string): boolean {
    return this.openings.take(address, this.clock.now());
  }

  /** Takes one message from the conversation's budget; false when it is spent for now. */
  admitMessage(conversationId: string): boolean {
    return this.budgets.take(conversationId, this.clock.now());
  }

  /** True when the conversation's history budget is not spent: a page may be read and sent. */
  admitHistory(conversationId: string): boolean {
    return this.history.ready(conversationId, this.clock.now());
  }

  /** Charges the bytes of a history page sent; a large page leaves a debt the next ones wait out. */
  chargeHistory(conversationId: string, bytes: number): void {
    this.history.spend(conversationId, this.clock.now(), bytes);
  }

  /**
   * Admits a `history` request and charges the least a page costs (see HISTORY_PAGE_SECONDS) at
   * once, so requests sent together on several sockets each see the others'; false when spent.
   */
  admitHistoryPage(conversationId: string): boolean {
    if (!this.admitHistory(conversationId)) return false;
    this.chargeHistory(conversationId, this.historyPageFloor);
    return true;
  }

  /** Charges what a page admitted by `admitHistoryPage` cost beyond the least already charged. */
  chargeHistoryPage(conversationId: string, bytes: number): void {
    if (bytes > this.historyPageFloor) this.chargeHistory(conversationId, bytes - this.historyPageFloor);
  }

  private get historyPageFloor(): number {
    return this.limits.historyBytesPerSecond * HISTORY_PAGE_SECONDS;
  }

  /** Shoppers with a counted connection (for tests and stats). */
  get shoppers(): number {
    return this.connections.size;
  }
}

// JSON keeps the two parts apart whatever characters an external shopper id holds.
const shopperKey = (siteKey: string, shopperId: string) => JSON.stringify([siteKey, shopperId]);
