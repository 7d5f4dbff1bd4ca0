import { type Bus, type BusEvent, channels, unsubscribeOnDispose } from '../bus/bus.ts';
import type { StoredConversation } from '../store/store.ts';
import type { RoutingDecision } from './default-router.ts';
import type { DispatchHooks } from './dispatcher-contract.ts';
import { type QueueEntry, RoutingQueue } from './queue.ts';

/** Whom a conversation joins the queue for, as the router decided (`passedOver`: see LapsedOffers). */
export type QueueRoute = Pick<RoutingDecision, 'group' | 'priority' | 'reason' | 'requires'> &
  Pick<QueueEntry, 'passedOver' | 'source'>;

/**
 * This node's copy of the cluster's routing queue. A change is never applied where it is made:
 * it is published on the bus and every node applies it (the in-process bus delivers to this node
 * too), so all nodes hold the same queue in the same order.
 * @example
 * const shared = new SharedQueue({ nodeId, bus, hooks, noted, enqueued: (e) => dispatch([e.group]) });
 * await shared.start();
 * shared.enqueue(conversation, { group: 'default', priority: 0, reason: 'asked for a person' });
 */
export class SharedQueue {
  readonly queue = new RoutingQueue();
  private unsubscribe: (() => Promise<void>) | undefined;
  private disposed = false;

  constructor(
    private readonly o: {
      nodeId: string;
      bus: Bus;
      hooks: Pick<DispatchHooks, 'fault' | 'refreshQueue'>;
      now: () => number;
      /** Any queue event about the conversation arrived (see QueueCheck.noteEvent). */
      noted: (conversationId: string) => void;
      /** An entry joined this node's queue. */
      enqueued: (entry: QueueEntry) => void;
    },
  ) {}

  async start(): Promise<void> {
    this.unsubscribe = await this.o.bus.subscribe(channels.routing, (e) => this.apply(e));
  }

  dispose(): void {
    this.disposed = true;
    unsubscribeOnDispose(this.unsubscribe);
  }

  /** A conversation entered the queue (`lastAgentId`: the agent it may go back to). */
  enqueue(c: StoredConversation, route: QueueRoute, lastAgentId?: string): void {
    const entry: QueueEntry = {
      conversationId: c.id,
      group: route.group,
      priority: route.priority,
      enqueuedAt: c.queuedAt ?? this.o.now(),
      ...(route.requires ? { requires: route.requires } : {}),
      ...(lastAgentId ? { lastAgentId } : {}),
      ...(route.passedOver?.length ? { passedOver: route.passedOver } : {}),
      ...(route.source === undefined ? {} : { source: route.source }),
    };
    this.publish({ kind: 'routing', node: this.o.nodeId, op: 'enqueue', entry });
  }

  /** The conversation left the queue (assigned, accepted by hand, closed, handed back). */
  dequeue(conversationId: string): void {
    this.publish({ kind: 'routing', node: this.o.nodeId, op: 'dequeue', conversationId });
  }

  /** Conversations waiting, cluster-wide, whose shopper asked from `source` (see QueueEntry.source). */
  waitingFrom(source: string): number {
    return this.queue.waitingFrom(source);
  }

  /** The conversations waiting in a group, in queue order. */
  waitingIn(group: string): string[] {
    return [...this.queue.positions(group).keys()];
  }

  /** The first `n` conversations waiting in `groups` (all groups when undefined), in queue order. */
  firstWaiting(groups: readonly string[] | undefined, n: number): string[] {
    const ids: string[] = [];
    if (n <= 0) return ids;
    for (const entry of this.queue.walk(groups)) if (ids.push(entry.conversationId) >= n) break;
    return ids;
  }

  /** Conversations waiting per group, for metrics. */
  sizes(): Record<string, number> {
    return Object.fromEntries([...this.queue.groups()].map((g) => [g, this.queue.size(g)]));
  }

  private publish(event: Extract<BusEvent, { kind: 'routing' }>): void {
    void this.o.bus.publish(channels.routing, event).catch((e) => this.o.hooks.fault('routing', e));
  }

  private apply(event: BusEvent): void {
    if (event.kind !== 'routing' || this.disposed) return;
    // The node that changed the queue tells its shoppers their new places (once, not once per node).
    const refresh = (group: string | undefined) => {
      if (group && event.node === this.o.nodeId)
        void this.o.hooks.refreshQueue(group).catch((e) => this.o.hooks.fault('queue refresh', e));
    };
    const id = event.op === 'enqueue' ? event.entry.conversationId : event.conversationId;
    this.o.noted(id);
    if (event.op === 'enqueue') {
      this.queue.enqueue(event.entry);
      this.o.enqueued(event.entry);
      refresh(event.entry.group);
    } else if (event.op === 'dequeue') {
      const group = this.queue.get(event.conversationId)?.group;
      if (this.queue.remove(event.conversationId)) refresh(group);
    }
  }
}
