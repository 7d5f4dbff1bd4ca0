import type { Clock } from '../clock.ts';
import type { HubLimits } from './hub-limits.ts';
import { KeyedTokenBuckets } from './rate-limiter.ts';
import { HISTORY_PAGE_SECONDS } from './shopper-limits.ts';

/**
 * An agent's budget is this many conversations' history budgets (`historyBytesPerSecond`,
 * `historyBytesBurst`): an agent reads several conversations where a shopper reads one. With the
 * defaults, 12 MiB at once (a console re-joining five chats of the longest messages takes ~6 MB)
 * and 1 MiB a second after it.
 */
export const AGENT_READ_SHARE = 4;

/** Agents a node keeps a budget for; one forgotten comes back full. */
const AGENTS_KEPT = 10_000;

/**
 * What one agent's snapshots (`join`, `accept`) and `history` pages may cost on this node, all of
 * the agent's sockets together: a token bucket of bytes, each read paying at least
 * HISTORY_PAGE_SECONDS of it however few bytes it sends, since each is several store queries (and a
 * join calls the merchant's `lookupOrder`). Bounded by the socket's frame budget alone, one agent
 * token re-joining a conversation of long messages on 10 sockets kept the hub's loop busy for
 * every shopper of the node.
 * @example
 * if (!budget.admit(agent.id)) throw new KefuError('rate_limited', '…');
 * budget.charge(agent.id, Buffer.byteLength(text));
 */
export class AgentReadBudget {
  private readonly buckets: KeyedTokenBuckets;
  private readonly floor: number;

  constructor(
    limits: Pick<HubLimits, 'historyBytesPerSecond' | 'historyBytesBurst'>,
    private readonly clock: Pick<Clock, 'now'>,
  ) {
    const perSecond = limits.historyBytesPerSecond * AGENT_READ_SHARE;
    this.buckets = new KeyedTokenBuckets(perSecond, limits.historyBytesBurst * AGENT_READ_SHARE, AGENTS_KEPT);
    this.floor = perSecond * HISTORY_PAGE_SECONDS;
  }

  /**
   * Admits a read and charges its least cost at once, so reads sent together on several sockets
   * each see the others'; false when the budget is spent for now.
   */
  admit(agentId: string): boolean {
    const now = this.clock.now();
    if (!this.buckets.ready(agentId, now)) return false;
    this.buckets.spend(agentId, now, this.floor);
    return true;
  }

  /** Charges what an admitted read sent beyond its least cost; a large one leaves a debt the next wait out. */
  charge(agentId: string, bytes: number): void {
    if (bytes > this.floor) this.buckets.spend(agentId, this.clock.now(), bytes - this.floor);
  }
}
