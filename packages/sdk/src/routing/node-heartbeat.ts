import type { Clock } from '../clock.ts';
import type { TimerRecord } from '../store/store.ts';
import type { DurableTimers } from './durable-timers.ts';
import { KeyedTimers } from './keyed-timers.ts';

const NODE_TIMER_KIND = 'node';
const PREFIX = 'node:';

/**
 * Tells the cluster, through the store, which agents are connected to this node: a timer record
 * due one grace period after its last refresh, refreshed well within that while the node lives.
 * If the node dies (or closes), its record falls due on another node, which lets go of those
 * agents (`agentGone`) unless they are connected elsewhere by then.
 * @example
 * const heartbeat = new NodeHeartbeat({ nodeId, timers, clock, graceMs: 30_000, connected: () => ids, agentGone, onError });
 * heartbeat.start();
 * heartbeat.beat(); // now, when an agent connects
 */
export class NodeHeartbeat {
  private readonly beats: KeyedTimers;
  private closed = false;
  /** When this node's own refresh last failed: the store was away, for every node alike. */
  private failedAt: number | undefined;

  constructor(
    private readonly o: {
      nodeId: string;
      timers: DurableTimers;
      clock: Clock;
      graceMs: number;
      /** Agents this node answers for now: connected to it, or in a grace period it keeps. */
      connected: () => readonly string[];
      /** An agent of a node that went away, connected nowhere now. */
      agentGone: (agentId: string) => Promise<void>;
      /** This node found `nodeId` dead, before letting go of its agents. */
      nodeGone?: (nodeId: string) => void;
      onError: (what: string, error: unknown) => void;
    },
  ) {
    this.beats = new KeyedTimers(o.clock);
    o.timers.handle(NODE_TIMER_KIND, (timer, now) => this.nodeGone(timer, now));
  }

  start(): void {
    void this.beat();
  }

  /**
   * Refreshes this node's record now (and from now on, every third of the grace period). Resolves
   * once it is written (or failed, which is reported): what must follow the record waits for it.
   */
  async beat(): Promise<void> {
    if (this.closed) return;
    const { clock, graceMs } = this.o;
    this.beats.set('beat', clock.now() + Math.max(250, Math.floor(graceMs / 3)), () => void this.beat());
    // Straight to the store: the other nodes' polls find it; this node needs no wake-up for it.
    await this.o.timers.store
      .putTimer({
        key: PREFIX + this.o.nodeId,
        kind: NODE_TIMER_KIND,
        dueAt: clock.now() + graceMs,
        data: { agents: [...this.o.connected()] },
      })
      .catch((e) => {
        this.failedAt = clock.now();
        this.o.onError('heartbeat', e);
      });
  }

  /**
   * Whether a live node's record (this one's included) answers for the agent: connected to it, or
   * in a grace period it keeps. For a node that has yet to hear who is online elsewhere.
   */
  async holds(agentId: string): Promise<boolean> {
    const now = this.o.clock.now();
    const live = await this.o.timers.store.listTimers({ prefix: PREFIX });
    return live.some(
      (t) => t.dueAt !== null && t.dueAt > now && (t.data.agents as string[]).includes(agentId),
    );
  }

  /** Stops refreshing; the record stays, to fall due elsewhere one grace period from its last refresh. */
  dispose(): void {
    this.closed = true;
    this.beats.clearAll();
  }

  private async nodeGone(timer: TimerRecord, now: number): Promise<void> {
    if (timer.key === PREFIX + this.o.nodeId) {
      // Our own record fell due: this node was too busy to refresh it, but it is alive.
      await this.beat();
      return;
    }
    // Our own refresh failed within a grace period: the other node's record went stale in the same
    // store outage, not because it died. Left unfinished, its claim runs out and it is asked again,
    // by when a live node has refreshed it (a dead one is let go of then).
    if (this.failedAt !== undefined && now - this.failedAt < this.o.graceMs) return;
    if (!(await this.o.timers.finish(timer, null))) return;
    this.o.nodeGone?.(timer.key.slice(PREFIX.length));
    const live = await this.o.timers.store.listTimers({ prefix: PREFIX });
    const elsewhere = new Set(
      live.filter((t) => t.dueAt !== null && t.dueAt > now).flatMap((t) => t.data.agents as string[]),
    );
    const here = new Set(this.o.connected());
    for (const id of timer.data.agents as string[])
      if (!elsewhere.has(id) && !here.has(id)) await this.o.agentGone(id);
  }
}
