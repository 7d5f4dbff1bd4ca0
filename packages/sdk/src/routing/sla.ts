import type { Clock } from '../clock.ts';
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
};

const RESPONSE_METRICS: readonly SlaMetric[] = ['first_response', 'next_response'];

/**
 * SLA timers per conversation on the injected clock: a near-breach warning at
 * `nearBreachRatio` of the target, a breach at the target, `met` when answered in time.
 * Every response outcome (met or breached) is fed to the breach-rate monitor, once.
 * @example
 * const sla = new SlaTracker({ clock, onEvent: (e) => hubEvents.emit('sla', e) });
 * sla.awaitReply('c1', { group: 'logistics', customerTier: 'vip' }); // on escalation
 * sla.respond('c1'); // on the agent's first message: `met`, or nothing if already breached
 */
export class SlaTracker {
  private readonly clock: Clock;
  private readonly policies: SlaPolicies;
  private readonly onEvent: (event: SlaEvent) => void;
  private readonly monitor: BreachRateMonitor | undefined;
  private readonly timers: KeyedTimers;
  private readonly running = new Map<string, SlaTimer>();
  /** Conversations an agent has answered once: their next wait is a next_response. */
  private readonly answered = new Set<string>();

  constructor(options: {
    clock: Clock;
    policies?: SlaPolicies;
    onEvent?: (event: SlaEvent) => void;
    /** Fed with each response outcome; pass one to get the rolling breach-rate alert. */
    monitor?: BreachRateMonitor;
  }) {
    this.clock = options.clock;
    this.policies = options.policies ?? {};
    this.onEvent = options.onEvent ?? (() => {});
    this.monitor = options.monitor;
    this.timers = new KeyedTimers(options.clock);
  }

  /**
   * Starts a timer unless one of that metric already runs for the conversation — a shopper
   * writing three times before the agent answers is one wait, timed from the first message.
   */
  start(conversationId: string, metric: SlaMetric, scope: SlaScope = {}): SlaTimer {
    const key = keyOf(conversationId, metric);
    const existing = this.running.get(key);
    if (existing) return existing;
    const policy = resolveSlaPolicy(this.policies, scope);
    const target =
      metric === 'first_response'
        ? policy.firstResponseMs
        : metric === 'next_response'
          ? policy.nextResponseMs
          : policy.resolutionMs;
    const startedAt = this.clock.now();
    const timer: SlaTimer = {
      conversationId,
      metric,
      scope,
      startedAt,
      nearAt: startedAt + Math.floor(target * policy.nearBreachRatio),
      dueAt: startedAt + target,
      state: 'running',
    };
    this.running.set(key, timer);
    this.timers.set(`${key}:near`, timer.nearAt, () => {
      timer.state = 'near_breach';
      this.onEvent({ type: 'near_breach', timer, at: this.clock.now() });
    });
    this.timers.set(`${key}:due`, timer.dueAt, () => {
      this.timers.clear(`${key}:near`);
      timer.state = 'breached';
      if (RESPONSE_METRICS.includes(metric)) this.monitor?.record(true);
      this.onEvent({ type: 'breach', timer, at: this.clock.now() });
    });
    return timer;
  }

  /** The shopper is waiting for an agent: first_response until answered once, then next_response. */
  awaitReply(conversationId: string, scope: SlaScope = {}): SlaTimer {
    return this.start(
      conversationId,
      this.answered.has(conversationId) ? 'next_response' : 'first_response',
      scope,
    );
  }

  /** An agent replied: stops the running response timer (`met` if in time; a breach was already counted). */
  respond(conversationId: string): void {
    this.answered.add(conversationId);
    for (const metric of RESPONSE_METRICS) this.finish(conversationId, metric);
  }

  /** The conversation was resolved: stops the resolution timer. */
  resolve(conversationId: string): void {
    this.finish(conversationId, 'resolution');
  }

  /**
   * Forgets a conversation without judging it (closed, handed back to the bot, turned into a
   * ticket): a shopper who leaves before anyone could answer is not an agent's breach.
   */
  cancel(conversationId: string): void {
    for (const metric of [...RESPONSE_METRICS, 'resolution' as const])
      this.stop(keyOf(conversationId, metric));
    this.answered.delete(conversationId);
  }

  /** Running timers of a conversation, for the agent's countdown. */
  timersOf(conversationId: string): SlaTimer[] {
    const out: SlaTimer[] = [];
    for (const metric of [...RESPONSE_METRICS, 'resolution' as const]) {
      const timer = this.running.get(keyOf(conversationId, metric));
      if (timer) out.push(timer);
    }
    return out;
  }

  /** Stops every timer (hub shutdown). */
  dispose(): void {
    this.timers.clearAll();
    this.running.clear();
    this.answered.clear();
  }

  private finish(conversationId: string, metric: SlaMetric): void {
    const timer = this.stop(keyOf(conversationId, metric));
    if (!timer || timer.state === 'breached') return;
    const at = this.clock.now();
    if (RESPONSE_METRICS.includes(metric)) this.monitor?.record(false);
    this.onEvent({ type: 'met', timer, at, elapsedMs: at - timer.startedAt });
  }

  private stop(key: string): SlaTimer | undefined {
    const timer = this.running.get(key);
    this.running.delete(key);
    this.timers.clear(`${key}:near`);
    this.timers.clear(`${key}:due`);
    return timer;
  }
}

function keyOf(conversationId: string, metric: SlaMetric): string {
  return `${conversationId}\u0000${metric}`;
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

  record(breached: boolean): void {
    this.at.push(this.clock.now());
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
