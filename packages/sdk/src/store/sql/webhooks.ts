import type {
  ClaimedWebhookDelivery,
  WebhookAttempt,
  WebhookDelivery,
  WebhookDeliveryStatus,
  WebhookStore,
} from '../webhook-store.ts';
import type { SqlContext } from './sql-context.ts';

interface DeliveryRow {
  id: string;
  subscription_id: string;
  event_id: string;
  event_type: string;
  body: string;
  created_at: string | number;
  status: string;
  next_at: string | number | null;
  retry_from: string | number;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  last_duration_ms: number | null;
  lease_owner: string | null;
  lease_until: string | number | null;
  url?: string;
  secret?: string;
}

const COLUMNS = `id, subscription_id, event_id, event_type, body, created_at, status, next_at, retry_from,
  attempts, last_status_code, last_error, last_duration_ms, lease_owner, lease_until`;

/** The webhook outbox on PostgreSQL and PGlite: subscriptions, deliveries and their attempts. */
export function sqlWebhooks({ db, s }: SqlContext): WebhookStore {
  return {
    async putWebhookSubscription(sub) {
      await db.query(
        `INSERT INTO ${s}.webhook_subscriptions (id, url, events, secret, created_at)
         VALUES ($1, $2, $3::text[], $4, $5)
         ON CONFLICT (id) DO UPDATE SET url = $2, events = $3::text[], secret = $4`,
        [sub.id, sub.url, sub.events, sub.secret, sub.createdAt],
      );
    },

    async listWebhookSubscriptions() {
      const { rows } = await db.query<{
        id: string;
        url: string;
        events: string[];
        secret: string;
        created_at: string | number;
      }>(
        `SELECT id, url, events, secret, created_at FROM ${s}.webhook_subscriptions ORDER BY created_at, id`,
      );
      return rows.map((r) => ({
        id: r.id,
        url: r.url,
        events: [...r.events],
        secret: r.secret,
        createdAt: Number(r.created_at),
      }));
    },

    async deleteWebhookSubscription(id) {
      const { rows } = await db.query(`DELETE FROM ${s}.webhook_subscriptions WHERE id = $1 RETURNING id`, [
        id,
      ]);
      return rows.length > 0;
    },

    async enqueueWebhookEvents(events) {
      if (events.length === 0) return 0;
      // One statement fans every event out to the subscriptions that want it, so a batch of
      // events is one round trip whatever the number of subscriptions.
      const params: unknown[] = [];
      const values = events.map((e) => {
        const n = params.push(e.id, e.type, e.createdAt, e.body, e.conversationId ?? null);
        return `($${n - 4}::text, $${n - 3}::text, $${n - 2}::bigint, $${n - 1}::text, $${n}::text)`;
      });
      const { rows } = await db.query<{ n: number }>(
        `WITH added AS (
           INSERT INTO ${s}.webhook_deliveries
             (id, subscription_id, event_id, event_type, body, created_at, status, next_at, retry_from, conversation_id)
           SELECT e.id || '~' || w.id, w.id, e.id, e.type, e.body, e.created_at, 'pending', e.created_at, e.created_at,
             e.conversation_id
           FROM (VALUES ${values.join(', ')}) AS e (id, type, created_at, body, conversation_id)
           JOIN ${s}.webhook_subscriptions w ON e.type = ANY (w.events)
           ON CONFLICT (id) DO NOTHING
           RETURNING 1)
         SELECT count(*)::integer AS n FROM added`,
        params,
      );
      return Number(rows[0]!.n);
    },

    async claimWebhookDeliveries(now, owner, leaseMs, limit, share) {
      // As claimDueTimers: SKIP LOCKED passes over rows another node is claiming, and the lease
      // keeps a claimed row out until it expires (its node died) or the attempt is recorded.
      // Each subscription's due rows are taken on their own (webhook_deliveries_subscription_due),
      // up to its share, so one receiver's backlog neither fills the claim nor is scanned for the others.
      const take = Math.max(0, Math.floor(limit) || 0);
      const held = [...(share?.held ?? [])];
      const { rows } = await db.query<DeliveryRow>(
        `WITH due AS MATERIALIZED (
           SELECT c.id FROM ${s}.webhook_subscriptions w
           LEFT JOIN unnest($5::text[], $6::integer[]) AS h (subscription_id, n) ON h.subscription_id = w.id
           CROSS JOIN LATERAL (
             SELECT id, next_at, pos FROM ${s}.webhook_deliveries
             WHERE subscription_id = w.id AND status = 'pending' AND next_at <= $1
               AND (lease_until IS NULL OR lease_until < $1)
             ORDER BY next_at, pos LIMIT GREATEST(0, $7 - COALESCE(h.n, 0))
             FOR UPDATE SKIP LOCKED) c
           ORDER BY c.next_at, c.pos LIMIT $4)
         UPDATE ${s}.webhook_deliveries d SET lease_owner = $2, lease_until = $3
         FROM due, ${s}.webhook_subscriptions w
         WHERE d.id = due.id AND w.id = d.subscription_id
         RETURNING ${COLUMNS.replaceAll(/(\w+)/g, 'd.$1')}, w.url, w.secret`,
        [
          now,
          owner,
          now + leaseMs,
          take,
          held.map(([id]) => id),
          held.map(([, n]) => n),
          share ? Math.max(0, Math.floor(share.perSubscription) || 0) : take,
        ],
      );
      return rows
        .map((r) => ({ ...toDelivery(r), url: r.url!, secret: r.secret! }) satisfies ClaimedWebhookDelivery)
        .sort((a, b) => (a.nextAt ?? 0) - (b.nextAt ?? 0));
    },

    async recordWebhookAttempts(owner, results) {
      if (results.length === 0) return [];
      // One statement for a worker's whole batch: the update (only rows `owner` still holds)
      // and the attempts log, which takes the rows the update returned.
      const params: unknown[] = [owner];
      const values = results.map(({ attempt, outcome }) => {
        const n = params.push(
          attempt.deliveryId,
          attempt.at,
          attempt.statusCode ?? null,
          attempt.error ?? null,
          Math.round(attempt.durationMs),
          outcome.status,
          outcome.status === 'pending' ? outcome.nextAt : null,
        );
        return `($${n - 6}::text, $${n - 5}::bigint, $${n - 4}::integer, $${n - 3}::text, $${n - 2}::integer, $${n - 1}::text, $${n}::bigint)`;
      });
      const { rows } = await db.query<{ id: string }>(
        `WITH input (id, at, status_code, error, duration_ms, status, next_at) AS (VALUES ${values.join(', ')}),
         updated AS (
           UPDATE ${s}.webhook_deliveries d SET status = i.status, next_at = i.next_at, attempts = d.attempts + 1,
             last_status_code = i.status_code, last_error = i.error, last_duration_ms = i.duration_ms,
             lease_owner = NULL, lease_until = NULL
           FROM input i WHERE d.id = i.id AND d.lease_owner = $1
           RETURNING d.id),
         logged AS (
           INSERT INTO ${s}.webhook_attempts (delivery_id, at, status_code, error, duration_ms)
           SELECT i.id, i.at, i.status_code, i.error, i.duration_ms FROM input i JOIN updated u ON u.id = i.id
           RETURNING delivery_id)
         SELECT delivery_id AS id FROM logged`,
        params,
      );
      const recorded = new Set(rows.map((r) => r.id));
      // In the order given, as the memory store answers.
      return results.map((r) => r.attempt.deliveryId).filter((id) => recorded.has(id));
    },

    async listWebhookDeliveries({ subscriptionId, status, limit = 100 }) {
      const params: unknown[] = [subscriptionId ?? null, status ?? null, Math.max(0, Math.floor(limit))];
      const { rows } = await db.query<DeliveryRow>(
        `SELECT ${COLUMNS} FROM ${s}.webhook_deliveries
         WHERE ($1::text IS NULL OR subscription_id = $1) AND ($2::text IS NULL OR status = $2)
         ORDER BY pos DESC LIMIT $3`,
        params,
      );
      return rows.map(toDelivery);
    },

    async getWebhookDelivery(id) {
      const { rows } = await db.query<DeliveryRow>(
        `SELECT ${COLUMNS} FROM ${s}.webhook_deliveries WHERE id = $1`,
        [id],
      );
      return rows[0] ? toDelivery(rows[0]) : null;
    },

    async listWebhookAttempts(deliveryId) {
      const { rows } = await db.query<{
        delivery_id: string;
        at: string | number;
        status_code: number | null;
        error: string | null;
        duration_ms: number;
      }>(
        `SELECT delivery_id, at, status_code, error, duration_ms FROM ${s}.webhook_attempts
         WHERE delivery_id = $1 ORDER BY pos`,
        [deliveryId],
      );
      return rows.map((r) => {
        const a: WebhookAttempt = { deliveryId: r.delivery_id, at: Number(r.at), durationMs: r.duration_ms };
        if (r.status_code !== null) a.statusCode = r.status_code;
        if (r.error !== null) a.error = r.error;
        return a;
      });
    },

    async pruneWebhookDeliveries(before) {
      const { rows } = await db.query<{ n: number }>(
        `WITH gone AS (DELETE FROM ${s}.webhook_deliveries WHERE status <> 'pending' AND retry_from < $1 RETURNING 1)
         SELECT count(*)::integer AS n FROM gone`,
        [before],
      );
      return Number(rows[0]!.n);
    },

    async redeliverWebhook(id, now) {
      const { rows } = await db.query<DeliveryRow>(
        `UPDATE ${s}.webhook_deliveries SET status = 'pending', next_at = $2, retry_from = $2,
           lease_owner = NULL, lease_until = NULL
         WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, now],
      );
      return rows[0] ? toDelivery(rows[0]) : null;
    },
  };
}

function toDelivery(r: DeliveryRow): WebhookDelivery {
  const d: WebhookDelivery = {
    id: r.id,
    subscriptionId: r.subscription_id,
    eventId: r.event_id,
    eventType: r.event_type,
    body: r.body,
    createdAt: Number(r.created_at),
    status: r.status as WebhookDeliveryStatus,
    nextAt: r.next_at === null ? null : Number(r.next_at),
    retryFrom: Number(r.retry_from),
    attempts: r.attempts,
  };
  if (r.last_status_code !== null) d.lastStatusCode = r.last_status_code;
  if (r.last_error !== null) d.lastError = r.last_error;
  if (r.last_duration_ms !== null) d.lastDurationMs = r.last_duration_ms;
  if (r.lease_owner !== null) d.leaseOwner = r.lease_owner;
  if (r.lease_until !== null) d.leaseUntil = Number(r.lease_until);
  return d;
}
