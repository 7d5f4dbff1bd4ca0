import { type Bus, type BusEvent, channels, unsubscribeOnDispose } from '../bus/bus.ts';
import type { Clock } from '../clock.ts';

export type PresenceListener = (conversationId: string, online: boolean, at: number) => void;

/**
 * Whether each conversation's shopper has the chat open, across the cluster: every node
 * publishes how many connections of a conversation it holds whenever that changes, and every
 * node adds up what all nodes said. A node that joins asks the others for their counts; a node
 * that dies is forgotten when its heartbeat runs out (`nodeGone`).
 * @example
 * const presence = new ShopperPresence({ nodeId, bus, clock, onError });
 * await presence.start();
 * presence.onChange((id, online) => notifyAgents(id, online));
 * presence.connected('c_1'); // a shopper's tab opened on this node
 */
export class ShopperPresence {
  /** conversationId → node → connections (only non-zero counts are kept). */
  private readonly counts = new Map<string, Map<string, number>>();
  /** This node's own connections, counted as they open and close (the bus may lag behind). */
  private readonly mine = new Map<string, number>();
  private readonly listeners = new Set<PresenceListener>();
  private unsubscribe: (() => Promise<void>) | undefined;
  private disposed = false;

  constructor(
    private readonly o: {
      nodeId: string;
      bus: Bus;
      clock: Clock;
      /** A change this node caused (so the cluster refreshes one inbox line, not one per node). */
      causedHere?: (conversationId: string) => Promise<void>;
      onError: (what: string, error: unknown) => void;
    },
  ) {}

  async start(): Promise<void> {
    this.unsubscribe = await this.o.bus.subscribe(channels.shoppers, (e) => this.apply(e));
    // Connections opened before the subscription was in place, then everyone else's.
    for (const [conversationId, n] of this.mine) this.publishCount(conversationId, n);
    this.publish({ kind: 'shopper.sync', node: this.o.nodeId });
  }

  connected(conversationId: string): void {
    this.count(conversationId, +1);
  }

  disconnected(conversationId: string): void {
    this.count(conversationId, -1);
  }

  online(conversationId: string): boolean {
    return this.counts.has(conversationId);
  }

  onChange(listener: PresenceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells every node that `node` is gone (this node noticed its heartbeat ran out). */
  nodeGone(node: string): void {
    this.publish({ kind: 'node.gone', node, by: this.o.nodeId, at: this.o.clock.now() });
  }

  dispose(): void {
    this.disposed = true;
    unsubscribeOnDispose(this.unsubscribe);
    this.listeners.clear();
  }

  private count(conversationId: string, delta: number): void {
    const n = Math.max(0, (this.mine.get(conversationId) ?? 0) + delta);
    if (n > 0) this.mine.set(conversationId, n);
    else this.mine.delete(conversationId);
    this.publishCount(conversationId, n);
  }

  private publishCount(conversationId: string, connections: number): void {
    const at = this.o.clock.now();
    this.publish({ kind: 'shopper', node: this.o.nodeId, conversationId, connections, at });
  }

  private publish(event: BusEvent): void {
    void this.o.bus.publish(channels.shoppers, event).catch((e) => this.failed('shopper presence', e));
  }

  /**
   * Connections cut by a shutdown end after the hub closed, and often after its owner closed the
   * bus: what they still publish then fails, and is no fault (`kefu hub` logged one on SIGTERM).
   */
  private failed(what: string, error: unknown): void {
    if (!this.disposed) this.o.onError(what, error);
  }

  private apply(e: BusEvent): void {
    if (this.disposed) return;
    if (e.kind === 'shopper') this.set(e.conversationId, e.node, e.connections, e.at, e.node);
    else if (e.kind === 'node.gone') {
      for (const [conversationId, nodes] of [...this.counts])
        if (nodes.has(e.node)) this.set(conversationId, e.node, 0, e.at, e.by);
    } else if (e.kind === 'shopper.sync' && e.node !== this.o.nodeId) {
      for (const [conversationId, n] of this.mine) this.publishCount(conversationId, n);
    }
  }

  private set(conversationId: string, node: string, connections: number, at: number, by: string): void {
    const before = this.counts.has(conversationId);
    const nodes = this.counts.get(conversationId) ?? new Map<string, number>();
    if (connections > 0) nodes.set(node, connections);
    else nodes.delete(node);
    if (nodes.size > 0) this.counts.set(conversationId, nodes);
    else this.counts.delete(conversationId);
    const after = this.counts.has(conversationId);
    if (before === after) return;
    for (const listener of this.listeners) listener(conversationId, after, at);
    if (by === this.o.nodeId) this.o.causedHere?.(conversationId).catch((e) => this.failed('presence', e));
  }
}
