import { type Bus, channels, unsubscribeOnDispose } from '../bus/bus.ts';
import type { Clock } from '../clock.ts';
import type { DurableTimers } from './durable-timers.ts';
import { type BreachRateEvent, BreachRateMonitor } from './sla.ts';

/** The cluster's alert state: a parked timer record, changed by compare-and-set. */
const KEY = 'breach_rate';

/**
 * The SLA breach-rate alert for the whole cluster. Every response outcome goes round the bus
 * (this node included), so every node's rolling window holds all of them; every node then sees
 * the rate cross the threshold, and the one whose compare-and-set flips the shared state in the
 * store raises (or clears) the alert: once for the cluster. After a restart the window is rebuilt
 * from the event log.
 * @example
 * const rate = new ClusterBreachRate({ nodeId, bus, timers, clock, onChange: (e) => alertSupervisors(e), onError });
 * await rate.start();
 * rate.record(true); // a response breached, seen on this node
 */
export class ClusterBreachRate {
  private readonly monitor: BreachRateMonitor;
  private readonly windowMs: number;
  private unsubscribe: (() => Promise<void>) | undefined;
  private closed = false;

  constructor(
    private readonly o: {
      nodeId: string;
      bus: Bus;
      timers: DurableTimers;
      clock: Clock;
      options?: { threshold?: number; windowMs?: number; minSamples?: number };
      /** The alert was raised or cleared for the cluster, by this node. */
      onChange: (event: BreachRateEvent) => Promise<void>;
      onError: (what: string, error: unknown) => void;
    },
  ) {
    this.windowMs = o.options?.windowMs ?? 3_600_000;
    this.monitor = new BreachRateMonitor({
      clock: o.clock,
      ...o.options,
      onEvent: (e) => void this.changed(e).catch((err) => o.onError('breach rate', err)),
    });
  }

  async start(): Promise<void> {
    this.unsubscribe = await this.o.bus.subscribe(channels.sla, (e) => {
      if (e.kind === 'sla' && !this.closed) this.monitor.record(e.breached, e.at);
    });
    const { store } = this.o.timers;
    const shared = await store.getTimer(KEY);
    this.monitor.assume(shared?.data.alerting === true);
    const from = this.o.clock.now() - this.windowMs;
    for (const e of await store.listEvents({ from, kinds: ['sla'] }))
      this.monitor.record(e.data?.outcome === 'breach', e.at);
  }

  /** A response outcome this node saw. */
  record(breached: boolean): void {
    void this.o.bus
      .publish(channels.sla, { kind: 'sla', node: this.o.nodeId, breached, at: this.o.clock.now() })
      .catch((e) => this.o.onError('sla outcome', e));
  }

  /** The breached share of responses in the window, cluster-wide. */
  rate(): number {
    return this.monitor.stats().rate;
  }

  dispose(): void {
    this.closed = true;
    unsubscribeOnDispose(this.unsubscribe);
    this.monitor.dispose();
  }

  private async changed(e: BreachRateEvent): Promise<void> {
    const alerting = e.type === 'breach_rate_alert';
    const flipped = await this.o.timers.mutate(KEY, KEY, (current) =>
      (current?.data.alerting === true) === alerting
        ? { next: 'keep', result: false }
        : { next: { dueAt: null, data: { alerting } }, result: true },
    );
    if (flipped) await this.o.onChange(e);
  }
}
