import type { Clock } from '../clock.ts';
import type { Store } from '../store/store.ts';
import type {
  ClaimedWebhookDelivery,
  WebhookAttempt,
  WebhookOutcome,
  WebhookSubscription,
} from '../store/webhook-store.ts';
import type { PostWebhook } from './post-webhook.ts';
import { nextAttempt, type RetrySchedule } from './retry-schedule.ts';
import { EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signWebhook } from './signature.ts';
import { checkWebhookUrl, type UrlGuardOptions } from './url-guard.ts';

export interface DeliveryWorkerOptions {
  store: Store;
  clock: Clock;
  /** This node, in the claims it takes. */
  owner: string;
  post: PostWebhook;
  guard: UrlGuardOptions;
  retry: RetrySchedule;
  /** Uniform in [0, 1): the jitter. */
  random: () => number;
  /** Deadline of one POST. */
  timeoutMs: number;
  /** How often to look for deliveries due (retries, and rows other nodes wrote). */
  pollMs: number;
  /** How long a claim holds: a node that dies mid-attempt is retried by another after this. */
  leaseMs: number;
  /** Deliveries claimed and sent at once. */
  batch: number;
  /** Of those, at most this many to one subscription, so a receiver that never answers leaves room for the others. */
  perSubscription: number;
  /** Finished deliveries older than this leave the log (checked at most hourly). */
  keepMs: number;
  /** Fresh subscriptions from each poll, for the outbox's cache. */
  onSubscriptions: (subscriptions: WebhookSubscription[]) => void;
  onError: (what: string, error: unknown) => void;
  /** A delivery ran out of retries (for the log: ids, type and the last status, no payload). */
  onDead: (delivery: ClaimedWebhookDelivery, attempt: WebhookAttempt) => void;
}

/**
 * Delivers the outbox: claims due rows with a lease (so each goes out from one node at a time,
 * and a dead node's rows come back when its lease runs out), checks the URL again, signs and POSTs
 * them, and records each attempt with what follows (delivered, a retry with backoff, or dead).
 * Up to `batch` attempts are in flight at once, and a pass claims more as soon as there is room:
 * waiting for a whole batch let one receiver that never answers hold every other subscriber's
 * events for its timeout. One subscription has at most `perSubscription` of them: sharing every
 * slot let such a receiver's due deliveries take them all. One has a single attempt until its first
 * success on the node, and again after a failure, and failing ones half of `batch` together, so
 * several dead receivers cannot fill a node between them either. Attempts that end together are recorded
 * in one write.
 * Every node runs one; `wake` runs it at once when this node stored rows.
 * @example
 * const worker = new DeliveryWorker({ store, clock, owner: nodeId, post, guard, …DEFAULTS });
 * worker.start();
 */
export class DeliveryWorker {
  private running: Promise<void> = Promise.resolve();
  private again = false;
  private busy = false;
  private timer: unknown;
  private started = false;
  private stopped = false;
  private prunedAt = Number.NEGATIVE_INFINITY;
  /** Attempts under way or not yet recorded. */
  private readonly inFlight = new Set<Promise<void>>();
  /** Of those, how many each subscription has. */
  private readonly held = new Map<string, number>();
  /** Subscriptions whose last attempt on this node failed, the latest failure last. */
  private readonly failing = new Set<string>();
  /** Subscriptions whose last attempt on this node succeeded. */
  private readonly proven = new Set<string>();
  /** The subscriptions of the latest poll. */
  private known: string[] = [];
  private finished: Array<{
    claimed: ClaimedWebhookDelivery;
    attempt: WebhookAttempt;
    outcome: WebhookOutcome;
  }> = [];
  /** The write that will take what `finished` holds when it starts, and the last write queued. */
  private nextWrite: Promise<void> | undefined;
  private lastWrite: Promise<void> = Promise.resolve();
  /** A pass found every attempt slot taken: the first to end wakes the worker. */
  private waitingForRoom = false;

  constructor(private readonly o: DeliveryWorkerOptions) {}

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.wake();
  }

  /** Runs a pass now (or right after the one running). */
  wake(): void {
    if (!this.started || this.stopped) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    this.running = this.loop();
  }

  /**
   * Resolves when no pass runs and no attempt is under way or unrecorded (the deliveries due when
   * it was called are done, or scheduled).
   */
  async idle(): Promise<void> {
    while (this.busy || this.inFlight.size > 0) {
      await this.running;
      await Promise.all(this.inFlight);
    }
  }

  /** Stops polling and waits for the attempts in flight to be recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) this.o.clock.clearTimeout(this.timer);
    await this.idle();
  }

  private async loop(): Promise<void> {
    if (this.timer !== undefined) this.o.clock.clearTimeout(this.timer);
    try {
      const now = this.o.clock.now();
      if (now - this.prunedAt >= 3_600_000) {
        this.prunedAt = now;
        await this.o.store.pruneWebhookDeliveries(now - this.o.keepMs);
      }
      do {
        this.again = false;
        // Read on every round: a wake while this pass ran may be a new subscription.
        const subscriptions = await this.o.store.listWebhookSubscriptions();
        this.o.onSubscriptions(subscriptions);
        this.known = subscriptions.map((s) => s.id);
        const ids = new Set(this.known);
        for (const set of [this.failing, this.proven]) for (const id of set) if (!ids.has(id)) set.delete(id);
        // A claim that filled the room means more may be due: go on without waiting for the poll.
        // Without any subscription there is nothing to claim (deliveries go with their subscription).
        while (subscriptions.length > 0 && !this.stopped && (await this.pass()));
      } while (this.again && !this.stopped);
    } catch (error) {
      this.o.onError('webhook delivery', error);
    }
    this.busy = false;
    if (!this.stopped) this.timer = this.o.clock.setTimeout(() => this.wake(), this.o.pollMs);
  }

  /** Claims what there is room for and starts each attempt; true when it filled the room (more may be due). */
  private async pass(): Promise<boolean> {
    const room = this.o.batch - this.inFlight.size;
    if (room <= 0) {
      this.waitingForRoom = true;
      return false;
    }
    const claimed = await this.o.store.claimWebhookDeliveries(
      this.o.clock.now(),
      this.o.owner,
      this.o.leaseMs,
      room,
      { perSubscription: this.o.perSubscription, held: this.shares() },
    );
    for (const d of claimed) {
      const sub = d.subscriptionId;
      const probe = !this.proven.has(sub);
      this.held.set(sub, (this.held.get(sub) ?? 0) + 1);
      const attempt: Promise<void> = this.deliver(d)
        .then(({ attempt, outcome }) => {
          this.failing.delete(sub);
          this.proven.delete(sub);
          (outcome.status === 'delivered' ? this.proven : this.failing).add(sub);
          this.finished.push({ claimed: d, attempt, outcome });
          return this.record();
        })
        .catch((error: unknown) => this.o.onError('webhook delivery', error))
        .finally(() => {
          this.inFlight.delete(attempt);
          const held = this.held.get(sub) ?? 1;
          if (held > 1) this.held.set(sub, held - 1);
          else this.held.delete(sub);
          // Room again, after a pass that found none, or for a subscription that had its share: what
          // is due goes out without waiting for the poll.
          if (this.waitingForRoom || held === this.o.perSubscription || probe) {
            this.waitingForRoom = false;
            this.wake();
          }
        });
      this.inFlight.add(attempt);
    }
    return claimed.length > 0 && claimed.length === room;
  }

  /**
   * What each subscription holds, as the claim counts it. One with no attempt on this node yet has one
   * in flight until it succeeds; one whose last attempt failed has one too, and such subscriptions
   * together half of `batch`, the longest failed first: each share alone let four receivers that
   * never answer take every slot between them.
   */
  private shares(): Map<string, number> {
    const full = this.o.perSubscription;
    const one = (id: string) => ((this.held.get(id) ?? 0) === 0 ? full - 1 : full);
    const shares = new Map(this.held);
    for (const id of this.known) if (!this.proven.has(id) && !this.failing.has(id)) shares.set(id, one(id));
    let probes = Math.max(1, Math.floor(this.o.batch / 2));
    for (const id of this.failing) probes -= this.held.get(id) ?? 0;
    for (const id of this.failing) {
      const idle = (this.held.get(id) ?? 0) === 0 && probes > 0;
      if (idle) probes--;
      shares.set(id, idle ? full - 1 : full);
    }
    return shares;
  }

  /**
   * Records the attempts that ended, in one write per group: a write starts after the one before,
   * a turn later (so attempts ending together share it), and takes every result waiting then.
   */
  private record(): Promise<void> {
    if (this.nextWrite) return this.nextWrite;
    const write = this.lastWrite.then(async () => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.nextWrite = undefined;
      const results = this.finished;
      this.finished = [];
      try {
        const recorded = new Set(await this.o.store.recordWebhookAttempts(this.o.owner, results));
        for (const { claimed, attempt, outcome } of results)
          if (outcome.status === 'dead' && recorded.has(attempt.deliveryId)) this.o.onDead(claimed, attempt);
      } catch (error) {
        // The leases run out and the deliveries are tried again: duplicates with the same event ids.
        this.o.onError('webhook attempt log', error);
      }
    });
    this.nextWrite = write;
    this.lastWrite = write;
    return write;
  }

  /** One attempt: what was sent and what follows it, for the batch's write. */
  private async deliver(
    d: ClaimedWebhookDelivery,
  ): Promise<{ attempt: WebhookAttempt; outcome: WebhookOutcome }> {
    const started = performance.now();
    const at = this.o.clock.now();
    let result: { statusCode: number } | { error: string };
    try {
      // Again at every attempt: the name may resolve elsewhere now than at subscription time.
      const { url, address } = await checkWebhookUrl(d.url, this.o.guard);
      const timestamp = Math.floor(at / 1000);
      result = await this.o.post({
        url,
        address,
        body: d.body,
        timeoutMs: this.o.timeoutMs,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Kefu-Webhooks/1',
          [SIGNATURE_HEADER]: signWebhook(d.secret, timestamp, d.body),
          [EVENT_ID_HEADER]: d.eventId,
          [EVENT_TYPE_HEADER]: d.eventType,
        },
      });
    } catch (error) {
      result = { error: error instanceof Error ? error.message : String(error) };
    }
    const ok = 'statusCode' in result && result.statusCode >= 200 && result.statusCode < 300;
    let outcome: WebhookOutcome = { status: 'delivered' };
    if (!ok) {
      const next = nextAttempt(d.attempts + 1, this.o.clock.now(), d.retryFrom, this.o.retry, this.o.random);
      outcome = next === 'dead' ? { status: 'dead' } : { status: 'pending', nextAt: next.nextAt };
    }
    return {
      attempt: {
        deliveryId: d.id,
        at,
        durationMs: Math.round(performance.now() - started),
        ...('statusCode' in result
          ? { statusCode: result.statusCode, ...(ok ? {} : { error: `HTTP ${result.statusCode}` }) }
          : { error: result.error.slice(0, 500) }),
      },
      outcome,
    };
  }
}
