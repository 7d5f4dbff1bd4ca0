import type { Clock } from '../clock.ts';
import type { NewTimer, TimerRecord } from '../store/store.ts';
import type { DurableTimers } from './durable-timers.ts';
import { KeyedTimers } from './keyed-timers.ts';

/** What an SLA times: the first agent reply, each later reply, and the whole conversation. */
export type SlaMetric = 'first_response' | 'next_response' | 'resolution';

export interface SlaPolicy {
  firstResponseMs: number;
  nextResponseMs: number;
  resolutionMs: number;
  /** Share of the target after which a near-breach warning fires (default 0.8). */
  nearBreachRatio: number;
}

/** Chat targets: first reply in 15 s, later replies in 60 s, resolved within the hour. */
export const DEFAULT_SLA_POLICY: Readonly<SlaPolicy> = {
  firstResponseMs: 15_000,
  nextResponseMs: 60_000,
  resolutionMs: 3_600_000,
  nearBreachRatio: 0.8,
};

/**
 * SLA targets by skill group and customer tier. The most specific wins, field by field:
 * `groupTiers['vip-lane:vip']` over `tiers.vip` over `groups['vip-lane']` over `default` —
 * tier over group because a VIP promise is made to the customer, whichever team answers.
 */
export interface SlaPolicies {
  default?: Partial<SlaPolicy>;
  groups?: Readonly<Record<string, Partial<SlaPolicy>>>;
  tiers?: Readonly<Record<string, Partial<SlaPolicy>>>;
  /** Keyed `group:tier`. */
  groupTiers?: Readonly<Record<string, Partial<SlaPolicy>>>;
}

export interface SlaScope {
  group?: string;
  /** The shopper's tier (`ctx.shopper.tier`), e.g. `vip`. */
  customerTier?: string;
}

/** The policy that applies to a conversation. */
export function resolveSlaPolicy(policies: SlaPolicies, scope: SlaScope): SlaPolicy {
  const { group, customerTier } = scope;
  return {
    ...DEFAULT_SLA_POLICY,
    ...policies.default,
    ...(group === undefined ? {} : policies.groups?.[group]),
    ...(customerTier === undefined ? {} : policies.tiers?.[customerTier]),
    ...(group === undefined || customerTier === undefined
      ? {}
      : policies.groupTiers?.[`${group}:${customerTier}`]),
  };
}

/** A running SLA timer, as the agent's countdown shows it. */
export interface SlaTimer {
  conversationId: string;
  metric: SlaMetric;
  scope: SlaScope;
  startedAt: number;
  nearAt: number;
  dueAt: number;
  state: 'running' | 'near_breach' | 'breached';
}

export type SlaEvent =
  | { type: 'near_breach' | 'breach'; timer: SlaTimer; at: number }
  | { type: 'met'; timer: SlaTimer; at: number; elapsedMs: number }
  | BreachRateEvent;

export type BreachRateEvent = {
  type: 'breach_rate_alert' | 'breach_rate_cleared';
  at: number;
  rate: number;
  breached: number;
  total: number;
  /** The share it alerts above. */
  threshold: number;
};

const RESPONSE_METRICS: readonly SlaMetric[] = ['first_response', 'next_response'];
const METRICS: readonly SlaMetric[] = [...RESPONSE_METRICS, 'resolution'];

/** What the store keeps per conversation: its running timers, and whether an agent answered once. */
interface SlaRecord {
  answered: boolean;
  timers: Partial<Record<SlaMetric, SlaTimer>>;
}

/** The timer kind SLA records are stored under. */
export const SLA_TIMER_KIND = 'sla';
const keyOf = (conversationId: string) => `sla:${conversationId}`;

/**
 * SLA timers per conversation, kept in the store, so they survive a restart and fire on exactly
 * one hub node: a near-breach warning at `nearBreachRatio` of the target, a breach at the target,
 * `met` when answered in time. A warning that would come after its breach (the hub was down) is
 * skipped. Every response outcome (met or breached) is fed to the breach-rate monitor, once.
 * @example
 * const sla = new SlaTracker({ timers, clock, onEvent: (e) => hubEvents.emit('sla', e) });
 * await sla.awaitReply('c1', { group: 'logistics', customerTier: 'vip' }); // on escalation
 * await sla.respond('c1'); // on the agent's first message: `met`, or nothing if already breached
 */
export class SlaTracker {
  private readonly timers: DurableTimers;
  private readonly clock: Clock;
  private readonly policies: SlaPolicies;
  private readonly onEvent: (event: SlaEvent) => void;
  private readonly persist: (events: SlaEvent[]) => Promise<void>;
  private readonly monitor: Pick<BreachRateMonitor, 'record'> | undefined;

  constructor(options: {
    timers: DurableTimers;
    clock: Clock;
    policies?: SlaPolicies;
    onEvent?: (event: SlaEvent) => void;
    /**
     * Stores warnings and breaches durably (the webhook outbox) before the write that marks them
     * fired: a node dying in between leaves the timer to fire again elsewhere instead of losing
     * them. A failure leaves the timer to be retried when its claim runs out.
     */
    persist?: (events: SlaEvent[]) => Promise<void>;
    /** Fed with each response outcome; pass a {@link BreachRateMonitor} to get the rolling breach-rate alert. */
    monitor?: Pick<BreachRateMonitor, 'record'>;
  }) {
    this.timers = options.timers;
    this.clock = options.clock;
    this.policies = options.policies ?? {};
    this.onEvent = options.onEvent ?? (() => {});
    this.persist = options.persist ?? (async () => {});
    this.monitor = options.monitor;
    this.timers.handle(SLA_TIMER_KIND, (timer, now) => this.fire(timer, now));
  }

  /**
   * Starts a timer unless one of that metric already runs for the conversation — a shopper
   * writing three times before the agent answers is one wait, timed from the first message.
   */
  start(conversationId: string, metric: SlaMetric, scope: SlaScope = {}): Promise<SlaTimer> {
    return this.ensure(conversationId, () => metric, scope);
  }

  /** The shopper is waiting for an agent: first_response until answered once, then next_response. */
  awaitReply(conversationId: string, scope: SlaScope = {}): Promise<SlaTimer> {
    return this.ensure(conversationId, (r) => (r.answered ? 'next_response' : 'first_response'), scope);
  }

  /** An agent replied: stops the running response timer (`met` if in time; a breach was already counted). */
  /** Stops the response clocks; returns them (a breached one stops without an event). */
  async respond(conversationId: string): Promise<SlaTimer[]> {
    const stopped = await this.change(conversationId, (record) => {
      const timers = { ...record.timers };
      const out: SlaTimer[] = [];
      for (const metric of RESPONSE_METRICS) {
        const t = timers[metric];
        if (t) out.push(t);
        delete timers[metric];
      }
      if (record.answered && out.length === 0) return { record: 'keep', result: out };
      return { record: { answered: true, timers }, result: out };
    });
    this.met(stopped);
    return stopped;
  }

  /** The conversation was resolved: stops the resolution timer. */
  async resolve(conversationId: string): Promise<void> {
    const stopped = await this.change(conversationId, (record) => {
      const t = record.timers.resolution;
      if (!t) return { record: 'keep', result: [] };
      const { resolution: _done, ...timers } = record.timers;
      return { record: { ...record, timers }, result: [t] };
    });
    this.met(stopped);
  }

  /**
   * Forgets a conversation without judging it (closed, handed back to the bot, turned into a
   * ticket): a shopper who leaves before anyone could answer is not an agent's breach.
   */
  async cancel(conversationId: string): Promise<void> {
    await this.timers.delete(keyOf(conversationId));
  }

  /** Running timers of a conversation, for the agent's countdown. */
  async timersOf(conversationId: string): Promise<SlaTimer[]> {
    const stored = await this.timers.store.getTimer(keyOf(conversationId));
    const record = stored ? (stored.data as unknown as SlaRecord) : undefined;
    return METRICS.flatMap((m) => (record?.timers[m] ? [record.timers[m]] : []));
  }

  /** The running timer of the metric `pick` chooses from the record, started if there is none. */
  private ensure(
    conversationId: string,
    pick: (record: SlaRecord) => SlaMetric,
    scope: SlaScope,
  ): Promise<SlaTimer> {
    return this.change(conversationId, (record) => {
      const metric = pick(record);
      const existing = record.timers[metric];
      if (existing) return { record: 'keep', result: existing };
      const timer = this.newTimer(conversationId, metric, scope);
      return { record: { ...record, timers: { ...record.timers, [metric]: timer } }, result: timer };
    });
  }

  private newTimer(conversationId: string, metric: SlaMetric, scope: SlaScope): SlaTimer {
    const policy = resolveSlaPolicy(this.policies, scope);
    const target =
      metric === 'first_response'
        ? policy.firstResponseMs
        : metric === 'next_response'
          ? policy.nextResponseMs
          : policy.resolutionMs;
    const startedAt = this.clock.now();
    return {
      conversationId,
      metric,
      scope: { ...scope },
      startedAt,
      nearAt: startedAt + Math.floor(target * policy.nearBreachRatio),
      dueAt: startedAt + target,
      state: 'running',
    };
  }

  /** A read-change-write of one conversation's record; `keep` writes nothing. */
  private change<T>(
    conversationId: string,
    fn: (record: SlaRecord) => { record: SlaRecord | 'keep'; result: T },
  ): Promise<T> {
    return this.timers.mutate(keyOf(conversationId), SLA_TIMER_KIND, (current) => {
      const record = current ? (current.data as unknown as SlaRecord) : { answered: false, timers: {} };
      const { record: next, result } = fn(record);
      return { next: next === 'keep' ? 'keep' : stored(next), result };
    });
  }

  /** Runs what fell due: near-breach warnings and breaches, each once (the write decides who). */
  private async fire(timer: TimerRecord, now: number): Promise<void> {
    const record = timer.data as unknown as SlaRecord;
    const timers = { ...record.timers };
    const events: SlaEvent[] = [];
    for (const metric of METRICS) {
      const t = timers[metric];
      if (!t || t.state === 'breached') continue;
      if (t.dueAt <= now) {
        timers[metric] = { ...t, state: 'breached' };
        events.push({ type: 'breach', timer: timers[metric], at: now });
      } else if (t.state === 'running' && t.nearAt <= now) {
        timers[metric] = { ...t, state: 'near_breach' };
        events.push({ type: 'near_breach', timer: timers[metric], at: now });
      }
    }
    if (events.length > 0) await this.persist(events);
    if (!(await this.timers.finish(timer, stored({ ...record, timers })))) return;
    for (const e of events) {
      if (e.type === 'breach' && RESPONSE_METRICS.includes(e.timer.metric)) this.monitor?.record(true);
      this.onEvent(e);
    }
  }

  private met(stopped: SlaTimer[]): void {
    const at = this.clock.now();
    for (const timer of stopped) {
      if (timer.state === 'breached') continue;
      if (RESPONSE_METRICS.includes(timer.metric)) this.monitor?.record(false);
      this.onEvent({ type: 'met', timer, at, elapsedMs: at - timer.startedAt });
    }
  }
}

/** The stored form: due at the next warning or breach, parked once only breached timers (or the answered mark) are left, gone when empty. */
function stored(record: SlaRecord): Omit<NewTimer, 'key' | 'kind'> | null {
  let dueAt = Number.POSITIVE_INFINITY;
  let any = false;
  for (const metric of METRICS) {
    const t = record.timers[metric];
    if (!t) continue;
    any = true;
    if (t.state === 'running' && t.nearAt < t.dueAt) dueAt = Math.min(dueAt, t.nearAt);
    else if (t.state !== 'breached') dueAt = Math.min(dueAt, t.dueAt);
  }
  if (!any && !record.answered) return null;
  return {
    dueAt: Number.isFinite(dueAt) ? dueAt : null,
    data: record as unknown as Record<string, unknown>,
  };
}

/**
 * The share of breached responses over a rolling time window. Raises `breach_rate_alert` when it
 * goes over the threshold and `breach_rate_cleared` when it is back at or under it — re-checked
 * on every outcome and whenever an old outcome leaves the window, so an alert clears on a quiet
 * night too. Below `minSamples` it never alerts: 1 breach in 3 chats is noise, not a trend.
 * @example
 * const monitor = new BreachRateMonitor({ clock, onEvent: (e) => pager.notify(e) }); // 5 % over 1 h
 * const sla = new SlaTracker({ clock, monitor });
 */
export class BreachRateMonitor {
  private readonly clock: Clock;
  private readonly windowMs: number;
  private readonly threshold: number;
  private readonly minSamples: number;
  private readonly onEvent: (event: BreachRateEvent) => void;
  private readonly timers: KeyedTimers;
  private readonly at: number[] = [];
  private readonly breachedFlags: boolean[] = [];
  private head = 0;
  private breached = 0;
  private alerting = false;

  constructor(options: {
    clock: Clock;
    /** default 1 h */
    windowMs?: number;
    /** Alert above this share (default 0.05). */
    threshold?: number;
    /** Outcomes needed in the window before alerting (default 20). */
    minSamples?: number;
    onEvent?: (event: BreachRateEvent) => void;
  }) {
    this.clock = options.clock;
    this.windowMs = options.windowMs ?? 3_600_000;
    this.threshold = options.threshold ?? 0.05;
    this.minSamples = options.minSamples ?? 20;
    this.onEvent = options.onEvent ?? (() => {});
    this.timers = new KeyedTimers(options.clock);
    if (!(this.threshold >= 0 && this.threshold < 1))
      throw new RangeError(`threshold must be in [0, 1), got ${this.threshold}`);
    if (!(this.windowMs > 0)) throw new RangeError(`windowMs must be > 0, got ${this.windowMs}`);
  }

  /** Takes on the alert state as it stands elsewhere (raised on another node, or before a restart). */
  assume(alerting: boolean): void {
    this.alerting = alerting;
  }

  /** One response outcome, at `at` (default now; earlier ones when rebuilding the window after a restart). */
  record(breached: boolean, at = this.clock.now()): void {
    this.at.push(at);
    this.breachedFlags.push(breached);
    if (breached) this.breached++;
    this.evaluate();
  }

  /** The window as of now. */
  stats(): { rate: number; breached: number; total: number; alerting: boolean } {
    this.expire();
    const total = this.at.length - this.head;
    return {
      rate: total === 0 ? 0 : this.breached / total,
      breached: this.breached,
      total,
      alerting: this.alerting,
    };
  }

  dispose(): void {
    this.timers.clearAll();
  }

  private evaluate(): void {
    const { rate, breached, total } = this.stats();
    const alerting = total >= this.minSamples && rate > this.threshold;
    if (alerting !== this.alerting) {
      this.alerting = alerting;
      this.onEvent({
        type: alerting ? 'breach_rate_alert' : 'breach_rate_cleared',
        at: this.clock.now(),
        rate,
        breached,
        total,
        threshold: this.threshold,
      });
    }
    const oldest = this.at[this.head];
    if (oldest === undefined) this.timers.clear('expire');
    else this.timers.set('expire', oldest + this.windowMs, () => this.evaluate());
  }

  private expire(): void {
    const cutoff = this.clock.now() - this.windowMs;
    while (this.head < this.at.length && this.at[this.head]! <= cutoff) {
      if (this.breachedFlags[this.head]) this.breached--;
      this.head++;
    }
    // Compact now and then so the arrays do not grow for ever.
    if (this.head > 1024 && this.head * 2 > this.at.length) {
      this.at.splice(0, this.head);
      this.breachedFlags.splice(0, this.head);
      this.head = 0;
    }
  }
}
