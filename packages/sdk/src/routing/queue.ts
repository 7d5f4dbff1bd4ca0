import type { QueueEntry, Requirements } from '../seams/agents.ts';

export type { QueueEntry };

import { type AgentDirectory, type AssignStrategy, DEFAULT_CAPACITY, pickAgent } from './agent-directory.ts';

export interface Assignment {
  conversationId: string;
  agentId: string;
  group: string;
  entry: QueueEntry;
}

export interface AssignOptions {
  strategy?: AssignStrategy;
  /** Give returning shoppers their last agent when that agent is eligible (default true). */
  preferLastAgent?: boolean;
  /** Only these groups (e.g. the groups of an agent who just freed up); default all. */
  groups?: readonly string[];
  /** At most this many assignments in one call. */
  limit?: number;
  /**
   * After waiting this long, a conversation takes any agent of its group rather than wait on for
   * the right language or a senior (default: language after 60 s, level after 120 s; `false`:
   * never). Routing preferences should delay a shopper, not strand them in a group where nobody
   * speaks English.
   */
  relax?: false | { languageAfterMs?: number; levelAfterMs?: number };
}

const DEFAULT_RELAX = { languageAfterMs: 60_000, levelAfterMs: 120_000 };

/** The requirements still in force for an entry that has waited until `now`. */
function effectiveRequirements(
  entry: QueueEntry,
  now: number,
  relax: AssignOptions['relax'],
): Requirements | undefined {
  const requires = entry.requires;
  if (!requires || relax === false) return requires;
  const { languageAfterMs, levelAfterMs } = { ...DEFAULT_RELAX, ...relax };
  const waited = now - entry.enqueuedAt;
  const out: Requirements = {};
  if (requires.level && waited < levelAfterMs) out.level = requires.level;
  if (requires.language && waited < languageAfterMs) out.language = requires.language;
  return out.level || out.language ? out : undefined;
}

interface Item {
  entry: QueueEntry;
  /** Insertion order: the last tie-break, so equal entries never swap places. */
  seq: number;
}

function compare(a: Item, b: Item): number {
  return b.entry.priority - a.entry.priority || a.entry.enqueuedAt - b.entry.enqueuedAt || a.seq - b.seq;
}

/**
 * Waiting conversations per group, ordered by priority (higher first), then by how long they
 * have waited. Each group is a sorted array, so a position is a binary search and an insert
 * is one splice — cheap for the tens of thousands a busy shop might queue.
 * @example
 * const queue = new RoutingQueue();
 * queue.enqueue({ conversationId: 'c1', group: 'logistics', priority: 0, enqueuedAt: clock.now() });
 * queue.position('c1'); // 1
 */
export class RoutingQueue {
  private readonly items = new Map<string, Item>();
  private readonly byGroup = new Map<string, Item[]>();
  /** Entries waiting per `QueueEntry.source`. */
  private readonly bySource = new Map<string, number>();
  private nextSeq = 0;

  /** Adds (or re-places, if already queued) a conversation; returns its 1-based position. */
  enqueue(entry: QueueEntry): number {
    this.remove(entry.conversationId);
    const item: Item = { entry: { ...entry }, seq: this.nextSeq++ };
    if (entry.source !== undefined) this.bySource.set(entry.source, this.waitingFrom(entry.source) + 1);
    let list = this.byGroup.get(entry.group);
    if (!list) {
      list = [];
      this.byGroup.set(entry.group, list);
    }
    const at = lowerBound(list, item);
    list.splice(at, 0, item);
    this.items.set(entry.conversationId, item);
    return at + 1;
  }

  /** Takes a conversation out (assigned, closed, or turned into a ticket); false if not queued. */
  remove(conversationId: string): boolean {
    return this.claim(conversationId) !== undefined;
  }

  /**
   * Takes a conversation out and returns it — the in-memory twin of `SELECT … FOR UPDATE SKIP
   * LOCKED`: whoever claims first gets the entry, everyone after gets undefined.
   */
  claim(conversationId: string): QueueEntry | undefined {
    const item = this.items.get(conversationId);
    if (!item) return undefined;
    const list = this.byGroup.get(item.entry.group)!;
    list.splice(lowerBound(list, item), 1);
    if (list.length === 0) this.byGroup.delete(item.entry.group);
    this.items.delete(conversationId);
    this.uncount(item.entry);
    return item.entry;
  }

  /**
   * Takes many conversations out in one sweep per group — O(queued) instead of one splice each,
   * which is what lets one assignNext pass hand out thousands of conversations cheaply.
   */
  removeMany(conversationIds: Iterable<string>): number {
    const gone = new Set<string>();
    const touched = new Set<string>();
    for (const id of conversationIds) {
      const item = this.items.get(id);
      if (!item) continue;
      this.items.delete(id);
      this.uncount(item.entry);
      gone.add(id);
      touched.add(item.entry.group);
    }
    for (const group of touched) {
      const kept = this.byGroup.get(group)!.filter((i) => !gone.has(i.entry.conversationId));
      if (kept.length === 0) this.byGroup.delete(group);
      else this.byGroup.set(group, kept);
    }
    return gone.size;
  }

  /** Conversations waiting whose shopper asked from `source` (see QueueEntry.source). */
  waitingFrom(source: string): number {
    return this.bySource.get(source) ?? 0;
  }

  private uncount(entry: QueueEntry): void {
    if (entry.source === undefined) return;
    const left = this.waitingFrom(entry.source) - 1;
    if (left > 0) this.bySource.set(entry.source, left);
    else this.bySource.delete(entry.source);
  }

  has(conversationId: string): boolean {
    return this.items.has(conversationId);
  }

  get(conversationId: string): QueueEntry | undefined {
    return this.items.get(conversationId)?.entry;
  }

  /** 1-based place within its group, or undefined when not queued. */
  position(conversationId: string): number | undefined {
    const item = this.items.get(conversationId);
    if (!item) return undefined;
    return lowerBound(this.byGroup.get(item.entry.group)!, item) + 1;
  }

  /**
   * The 1-based place `entry` holds, or would take if it were enqueued now: a conversation the
   * store already calls queued whose queue event is still on its way over the bus has a place too.
   */
  placeOf(entry: QueueEntry): number {
    const item = this.items.get(entry.conversationId);
    const list = this.byGroup.get(entry.group) ?? [];
    return item ? lowerBound(list, item) + 1 : lowerBound(list, { entry, seq: this.nextSeq }) + 1;
  }

  /** Every position in a group, for telling each waiting shopper whose place changed. */
  positions(group: string): Map<string, number> {
    const out = new Map<string, number>();
    (this.byGroup.get(group) ?? []).forEach((item, i) => {
      out.set(item.entry.conversationId, i + 1);
    });
    return out;
  }

  /** Entries in serving order: one group's, or (for supervisors and assignment) all merged. */
  entries(groups?: string | readonly string[]): QueueEntry[] {
    return [...this.walk(groups)];
  }

  /**
   * Entries in serving order, lazily: a k-way merge of the groups' sorted lists, so taking the
   * first few (an agent freed one slot) costs O(groups), not a sort of the whole queue. Do not
   * change the queue while walking it.
   */
  *walk(groups?: string | readonly string[]): Generator<QueueEntry> {
    const names = typeof groups === 'string' ? [groups] : (groups ?? [...this.byGroup.keys()]);
    const lists = [...new Set(names)].map((g) => this.byGroup.get(g) ?? []).filter((l) => l.length > 0);
    const heads = lists.map(() => 0);
    for (;;) {
      let best = -1;
      for (let i = 0; i < lists.length; i++) {
        const item = lists[i]![heads[i]!];
        if (item && (best < 0 || compare(item, lists[best]![heads[best]!]!) < 0)) best = i;
      }
      if (best < 0) return;
      yield lists[best]![heads[best]!++]!.entry;
    }
  }

  groups(): string[] {
    return [...this.byGroup.keys()];
  }

  size(group?: string): number {
    return group === undefined ? this.items.size : (this.byGroup.get(group)?.length ?? 0);
  }
}

/** Index of `item` in a sorted list, or where it would go. */
function lowerBound(list: Item[], item: Item): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(list[mid]!, item) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Hands waiting conversations to agents, best first, and returns what it did. Each assignment
 * claims the entry from the queue and reserves a slot of the agent's capacity in one synchronous
 * step, so two calls — from two sockets, two timers — can never hand out one conversation twice
 * or fill an agent past capacity.
 *
 * A conversation nobody can take yet (say it needs a senior who speaks English) does not block
 * the ones behind it; it keeps its place for the next call, and its requirements relax as it
 * waits (see {@link AssignOptions.relax}) — so call assignNext on a timer too, not only on events. Once a (group, requirements) pair
 * finds no agent, the rest of the pass skips it, so a pass costs O(queued + assigned × group size).
 *
 * The caller then makes each assignment durable (the store's `queued → assigned` transition). If
 * that fails — the conversation was closed or accepted by hand meanwhile — it calls
 * `directory.release(agentId)`; and re-`enqueue`s the entry if the conversation is still waiting.
 *
 * @example
 * for (const a of assignNext(queue, directory, { strategy: 'least-busy' })) {
 *   const ok = await hub.assign(a.conversationId, a.agentId);
 *   if (!ok) directory.release(a.agentId);
 * }
 */
export function assignNext(
  queue: RoutingQueue,
  directory: AgentDirectory,
  options: AssignOptions = {},
): Assignment[] {
  const { strategy = 'least-busy', preferLastAgent = true, limit = Number.POSITIVE_INFINITY } = options;
  const now = directory.now();
  const assignments: Assignment[] = [];
  const exhausted = new Set<string>();
  for (const entry of queue.walk(options.groups)) {
    if (assignments.length >= limit) break;
    const requires = effectiveRequirements(entry, now, options.relax);
    const key = `${entry.group}\u0000${requires?.level ?? ''}\u0000${requires?.language ?? ''}`;
    if (exhausted.has(key)) continue;
    const candidates = directory.inGroup(entry.group);
    const pick = {
      ...(requires ? { requires } : {}),
      ...(preferLastAgent && entry.lastAgentId ? { preferAgentId: entry.lastAgentId } : {}),
    };
    // Agents who let this conversation lapse come last: anyone else first, but one of them back at
    // the desk with room beats a shopper waiting for nobody (the only agent on shift, say).
    const agent =
      pickAgent(candidates, strategy, {
        ...pick,
        ...(entry.passedOver ? { exclude: entry.passedOver } : {}),
      }) ?? (entry.passedOver?.length ? pickAgent(candidates, strategy, pick) : undefined);
    if (!agent) {
      exhausted.add(key);
      continue;
    }
    directory.reserve(agent.id, requires);
    assignments.push({ conversationId: entry.conversationId, agentId: agent.id, group: entry.group, entry });
  }
  // Claimed together before returning: nothing else runs in between, so this is as atomic as a
  // claim per entry, and one sweep instead of thousands of splices.
  queue.removeMany(assignments.map((a) => a.conversationId));
  return assignments;
}

export interface WaitEstimateOptions {
  /** Conversations one agent handles at once (the group's mean capacity; default 5). */
  concurrency?: number;
  /** Slots free right now: positions up to this number are about to be served. */
  freeSlots?: number;
  /** Handling time assumed before any has been measured (default 5 min). */
  defaultHandlingMs?: number;
  /** Never promise less than this (default 10 s): assignment and the agent's greeting take time. */
  floorSeconds?: number;
  /** Never promise more than this (default 2 h): past it, a ticket is the honest answer. */
  ceilingSeconds?: number;
}

/**
 * Estimated wait in seconds for the shopper at `position` (1-based), or undefined when no
 * agent is online (the router should turn the conversation into a ticket instead).
 *
 * The estimator: `wait = (position − freeSlots) × meanHandling ÷ (agentsOnline × concurrency)`,
 * clamped to [floor, ceiling] and rounded up to whole seconds.
 *
 * Why: while every slot is busy, the group finishes conversations at a rate of
 * `agentsOnline × concurrency ÷ meanHandling`; the shopper at position p is served at the p-th
 * finish. With exponential handling times those finishes form a Poisson process, so the
 * expected wait is exactly p ÷ rate — the formula above; for other distributions it is the
 * long-run average. `meanHandling` is the mean of `recentHandlingTimes` (ms from assignment to
 * close) after dropping the longest 10 % once there are 10 or more, so one chat left open
 * overnight does not inflate everybody's estimate.
 *
 * @example
 * estimateWait(3, 2, [240_000, 300_000], { concurrency: 3 }); // 3 × 270 s ÷ 6 = 135
 */
export function estimateWait(
  position: number,
  agentsOnline: number,
  recentHandlingTimes: readonly number[],
  options: WaitEstimateOptions = {},
): number | undefined {
  const {
    concurrency = DEFAULT_CAPACITY,
    freeSlots = 0,
    defaultHandlingMs = 300_000,
    floorSeconds = 10,
    ceilingSeconds = 7_200,
  } = options;
  if (!(agentsOnline > 0) || !(concurrency > 0)) return undefined;
  const meanMs = trimmedMean(recentHandlingTimes) ?? defaultHandlingMs;
  const ahead = Math.max(0, position - freeSlots);
  const seconds = (ahead * meanMs) / (agentsOnline * concurrency) / 1000;
  return Math.ceil(Math.min(ceilingSeconds, Math.max(floorSeconds, seconds)));
}

function trimmedMean(values: readonly number[]): number | undefined {
  const valid = values.filter((v) => Number.isFinite(v) && v >= 0);
  if (valid.length === 0) return undefined;
  valid.sort((a, b) => a - b);
  const keep = valid.length >= 10 ? Math.ceil(valid.length * 0.9) : valid.length;
  let sum = 0;
  for (let i = 0; i < keep; i++) sum += valid[i]!;
  return sum / keep;
}
