import { SchemaIncompleteError } from './schema-incomplete-error.ts';
import { SchemaTooNewError } from './schema-too-new-error.ts';
import { quoteIdent, type SqlClient } from './sql-client.ts';

/** One step of the schema. Never edit a released step: add the next version instead. */
export interface Migration {
  version: number;
  name: string;
  /** Statements, one per entry (PGlite's extended protocol takes one statement per query). */
  statements: (schema: string) => string[];
}

/**
 * Payloads are `json`, not `jsonb`: `jsonb` rejects `\u0000` and lone surrogates, which shoppers
 * and agents can type (a message, a page title, a close resolution that lands in `state.reason`),
 * and a write the store refuses would block that client's outbox forever. `json` keeps the text
 * exactly; what the hub filters on (status, agent, group) is copied into plain columns.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'conversations, messages, notes, shoppers, nonces, events',
    statements: (s) => [
      `CREATE TABLE ${s}.conversations (
        id text PRIMARY KEY,
        -- insertion order: breaks createdAt ties the way the memory store does
        pos bigint GENERATED ALWAYS AS IDENTITY,
        site_key text NOT NULL,
        shopper_id text NOT NULL,
        state json NOT NULL,
        -- Copied from state by the store on every write (not generated: extracting from json
        -- makes PostgreSQL de-escape every string in it, and an escaped NUL fails there too).
        status text NOT NULL,
        agent_id text,
        skill_group text NOT NULL,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        last_seq integer NOT NULL DEFAULT 0,
        shopper_read_seq integer NOT NULL DEFAULT 0,
        agent_read_seq integer NOT NULL DEFAULT 0,
        page json,
        locale text,
        priority integer NOT NULL DEFAULT 0,
        queued_at bigint,
        failed_bot_turns integer NOT NULL DEFAULT 0,
        version integer NOT NULL DEFAULT 1
      )`,
      `CREATE INDEX conversations_shopper ON ${s}.conversations (site_key, shopper_id, created_at)`,
      `CREATE INDEX conversations_status ON ${s}.conversations (status, created_at)`,
      `CREATE TABLE ${s}.messages (
        conversation_id text NOT NULL REFERENCES ${s}.conversations (id) ON DELETE CASCADE,
        seq integer NOT NULL,
        id text NOT NULL,
        client_msg_id text,
        author json NOT NULL,
        content json NOT NULL,
        created_at bigint NOT NULL,
        PRIMARY KEY (conversation_id, seq)
      )`,
      `CREATE UNIQUE INDEX messages_client_msg_id ON ${s}.messages (conversation_id, client_msg_id)
        WHERE client_msg_id IS NOT NULL`,
      `CREATE TABLE ${s}.notes (
        pos bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        conversation_id text NOT NULL REFERENCES ${s}.conversations (id) ON DELETE CASCADE,
        id text NOT NULL,
        client_msg_id text,
        note json NOT NULL,
        created_at bigint NOT NULL
      )`,
      `CREATE INDEX notes_conversation ON ${s}.notes (conversation_id, pos)`,
      `CREATE UNIQUE INDEX notes_client_msg_id ON ${s}.notes (conversation_id, client_msg_id)
        WHERE client_msg_id IS NOT NULL`,
      `CREATE TABLE ${s}.shoppers (
        site_key text NOT NULL,
        id text NOT NULL,
        profile json NOT NULL,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        PRIMARY KEY (site_key, id)
      )`,
      `CREATE TABLE ${s}.nonces (
        nonce text PRIMARY KEY,
        expires_at bigint NOT NULL
      )`,
      `CREATE INDEX nonces_expiry ON ${s}.nonces (expires_at)`,
      // The event log the metrics are computed from. No foreign key: metrics outlive an erased conversation.
      `CREATE TABLE ${s}.events (
        -- insertion order: breaks ties in time the way the memory store does
        pos bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id text NOT NULL,
        at bigint NOT NULL,
        kind text NOT NULL,
        conversation_id text NOT NULL,
        agent_id text,
        skill_group text,
        data json
      )`,
      `CREATE INDEX events_at ON ${s}.events (at, pos)`,
      `CREATE INDEX events_conversation ON ${s}.events (conversation_id, at)`,
    ],
  },
  {
    version: 2,
    name: 'timers, tickets, conversations by agent',
    statements: (s) => [
      // Timer versions come from one sequence: a timer deleted and made again never repeats a
      // version a slow node still holds from a claim of the old one.
      `CREATE SEQUENCE ${s}.timer_versions`,
      `CREATE TABLE ${s}.timers (
        -- "C": byte order is code point order, so a prefix is one index range (see sql-store.ts)
        key text COLLATE "C" PRIMARY KEY,
        kind text NOT NULL,
        -- null parks the timer: it keeps its data and never falls due
        due_at bigint,
        data json NOT NULL,
        version bigint NOT NULL DEFAULT nextval('${s}.timer_versions'),
        lease_owner text,
        lease_until bigint
      )`,
      // What claimDueTimers walks, soonest first; parked timers are never in it.
      `CREATE INDEX timers_due ON ${s}.timers (due_at, key) WHERE due_at IS NOT NULL`,
      // No foreign key: a ticket may have no conversation, and its trail outlives an erasure.
      `CREATE TABLE ${s}.tickets (
        id text PRIMARY KEY,
        -- creation order: breaks createdAt ties the way the memory store does
        pos bigint GENERATED ALWAYS AS IDENTITY,
        conversation_id text,
        -- Copied from the ticket by the store on every write, for the filters.
        status text NOT NULL,
        assignee_id text,
        created_at bigint NOT NULL,
        version integer NOT NULL DEFAULT 1,
        -- The whole ticket but its version, which lives in the column above.
        ticket json NOT NULL
      )`,
      `CREATE INDEX tickets_conversation ON ${s}.tickets (conversation_id)`,
      `CREATE INDEX tickets_created ON ${s}.tickets (created_at, pos)`,
      // What an agentLoad expectation counts, under its per-agent lock, on every assignment.
      `CREATE INDEX conversations_agent ON ${s}.conversations (agent_id, status) WHERE agent_id IS NOT NULL`,
    ],
  },
  {
    version: 3,
    name: 'session revocations',
    statements: (s) => [
      // Keyed by a hash of site and shopper id (store/session-key.ts): an erased shopper's id is
      // not kept in clear by the record that keeps their old sessions dead.
      `CREATE TABLE ${s}.session_revocations (
        key text PRIMARY KEY,
        revoked_at bigint NOT NULL,
        -- after this every session issued before revoked_at has expired: the row may go
        keep_until bigint NOT NULL
      )`,
      `CREATE INDEX session_revocations_keep ON ${s}.session_revocations (keep_until)`,
    ],
  },
  {
    version: 4,
    name: 'api keys',
    statements: (s) => [
      // The secret's SHA-256 only: the key itself is shown once, at creation, and never stored.
      `CREATE TABLE ${s}.api_keys (
        id text PRIMARY KEY,
        -- creation order, for listing
        pos bigint GENERATED ALWAYS AS IDENTITY,
        name text NOT NULL,
        scopes json NOT NULL,
        hash text NOT NULL,
        created_at bigint NOT NULL,
        revoked_at bigint
      )`,
    ],
  },
  {
    version: 5,
    name: 'webhook subscriptions, outbox and attempts',
    statements: (s) => [
      `CREATE TABLE ${s}.webhook_subscriptions (
        id text PRIMARY KEY,
        url text NOT NULL,
        events text[] NOT NULL,
        secret text NOT NULL,
        created_at bigint NOT NULL
      )`,
      // The outbox and the delivery log in one: a row per event and subscription, kept after
      // delivery so the log and redelivery can find it. The body is text: signed byte for byte.
      `CREATE TABLE ${s}.webhook_deliveries (
        id text PRIMARY KEY,
        pos bigint GENERATED ALWAYS AS IDENTITY,
        subscription_id text NOT NULL REFERENCES ${s}.webhook_subscriptions (id) ON DELETE CASCADE,
        event_id text NOT NULL,
        event_type text NOT NULL,
        -- what the event is about, so erasing a conversation erases its deliveries
        conversation_id text,
        body text NOT NULL,
        created_at bigint NOT NULL,
        status text NOT NULL,
        next_at bigint,
        retry_from bigint NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        last_status_code integer,
        last_error text,
        last_duration_ms integer,
        lease_owner text,
        lease_until bigint
      )`,
      // What the delivery workers poll: only the pending rows, soonest first.
      `CREATE INDEX webhook_deliveries_due ON ${s}.webhook_deliveries (next_at, pos) WHERE status = 'pending'`,
      `CREATE INDEX webhook_deliveries_subscription ON ${s}.webhook_deliveries (subscription_id, pos)`,
      `CREATE INDEX webhook_deliveries_conversation ON ${s}.webhook_deliveries (conversation_id)
        WHERE conversation_id IS NOT NULL`,
      `CREATE TABLE ${s}.webhook_attempts (
        delivery_id text NOT NULL REFERENCES ${s}.webhook_deliveries (id) ON DELETE CASCADE,
        pos bigint GENERATED ALWAYS AS IDENTITY,
        at bigint NOT NULL,
        status_code integer,
        error text,
        duration_ms integer NOT NULL
      )`,
      `CREATE INDEX webhook_attempts_delivery ON ${s}.webhook_attempts (delivery_id, pos)`,
    ],
  },
  {
    version: 6,
    name: 'learned questions',
    statements: (s) => [
      // Questions the bot missed and an agent answered, grouped into knowledge proposals when
      // listed. One row per shopper message: a later reply of the agent extends the answer.
      `CREATE TABLE ${s}.learned_questions (
        id text PRIMARY KEY,
        pos bigint GENERATED ALWAYS AS IDENTITY,
        conversation_id text NOT NULL,
        question_seq integer NOT NULL,
        question text NOT NULL,
        answer text NOT NULL,
        language text NOT NULL,
        miss text NOT NULL,
        entry_id text,
        created_at bigint NOT NULL,
        status text NOT NULL,
        decided_at bigint,
        UNIQUE (conversation_id, question_seq)
      )`,
      `CREATE INDEX learned_questions_status ON ${s}.learned_questions (status, created_at, pos)`,
    ],
  },
  {
    version: 7,
    name: 'events stored once by id',
    statements: (s) => [
      // The event log writes a failed batch again, and a batch whose commit's answer was lost had
      // been stored: its events were in twice, and reports counted them twice. The first copy stays.
      `DELETE FROM ${s}.events WHERE pos IN (
        SELECT pos FROM (SELECT pos, row_number() OVER (PARTITION BY id ORDER BY pos) AS n FROM ${s}.events) d
        WHERE n > 1)`,
      // What the inserts' ON CONFLICT (id) DO NOTHING stands on.
      `CREATE UNIQUE INDEX events_id ON ${s}.events (id)`,
    ],
  },
  {
    version: 8,
    name: 'events keyed by id',
    statements: (s) => [
      // Every event went into four indexes, one of them the key on `pos`, which nothing looks up:
      // `pos` only breaks ties in time (events_at), and an identity needs no index to stay unique.
      // The unique index on `id` becomes the key (a replica identity still): a message's batch
      // writes about 9 % less WAL for the same rows (bench/pg-store-cost.ts).
      `ALTER TABLE ${s}.events DROP CONSTRAINT events_pkey`,
      `ALTER TABLE ${s}.events ADD CONSTRAINT events_pkey PRIMARY KEY USING INDEX events_id`,
    ],
  },
  {
    version: 9,
    name: 'conversations in creation order',
    statements: (s) => [
      // The API lists conversations in (created_at, pos) order a page at a time: without an index on
      // it each page scanned and sorted the whole table (300,000 conversations: ~130 ms of the
      // database's CPU on three cores a page, at a read key's 20 requests a second).
      `CREATE INDEX conversations_created ON ${s}.conversations (created_at, pos)`,
    ],
  },
  {
    version: 10,
    name: 'webhook deliveries due per subscription',
    statements: (s) => [
      // A claim takes each subscription's due rows on their own, up to its share of the node's
      // attempts: in the (next_at, pos) index a receiver's backlog of thousands of rows would be
      // read past by every other subscription's part of the claim.
      `CREATE INDEX webhook_deliveries_subscription_due ON ${s}.webhook_deliveries (subscription_id, next_at, pos) WHERE status = 'pending'`,
    ],
  },
  {
    version: 11,
    name: 'messages without a foreign key',
    statements: (s) => [
      // Every stored message paid the key's check, a lookup of its conversation by a query of its
      // own (about 5 % of the server's CPU per message): the appends already insert a message only
      // beside its conversation's row, locked by the same statement, and no store method deletes a
      // conversation (erasure rewrites one in place), so the check never refused anything.
      `ALTER TABLE ${s}.messages DROP CONSTRAINT messages_conversation_id_fkey`,
    ],
  },
];

/** The newest schema version this code knows. */
export const SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

/** The tables the migrations create (and do not drop again), read from their statements. */
function tablesOf(migrations: readonly Migration[]): string[] {
  const tables = new Set<string>();
  for (const m of migrations)
    for (const statement of m.statements('"S"')) {
      for (const [, name] of statement.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"S"\.(\w+)/g))
        tables.add(name!);
      for (const [, name] of statement.matchAll(/DROP TABLE (?:IF EXISTS )?"S"\.(\w+)/g))
        tables.delete(name!);
    }
  return [...tables];
}

/** What {@link migrate} did: the version the schema was at (0: none yet) and the versions it applied. */
export interface MigrationOutcome {
  from: number;
  /** Empty when the schema was up to date. */
  applied: number[];
}

/**
 * Brings `schema` (created if missing) up to {@link SCHEMA_VERSION}: idempotent, and safe when
 * several hub nodes start at once, because every step runs in one transaction that first takes a
 * transaction-scoped advisory lock named after the schema. A failing step rolls everything back.
 * @example
 * await migrate(client, 'kefu'); // { from: 0, applied: [1, 2] } the first time, { from: 2, applied: [] } after
 */
export async function migrate(
  db: Pick<SqlClient, 'transaction'>,
  schema: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationOutcome> {
  const s = quoteIdent(schema);
  return db.transaction(async (tx) => {
    // Held until commit; the second node waits here, then finds nothing left to do.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`kefu.migrate:${schema}`]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${s}.kefu_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)`,
    );
    const { rows } = await tx.query<{ version: number }>(`SELECT version FROM ${s}.kefu_migrations`);
    const done = new Set(rows.map((r) => Number(r.version)));
    const newest = Math.max(0, ...done);
    const known = migrations.at(-1)?.version ?? 0;
    // An older node must not write into a schema a newer release has already moved on.
    if (newest > known) throw new SchemaTooNewError(schema, newest, known);
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      for (const statement of m.statements(s)) await tx.query(statement);
      await tx.query(`INSERT INTO ${s}.kefu_migrations (version, name, applied_at) VALUES ($1, $2, $3)`, [
        m.version,
        m.name,
        Date.now(),
      ]);
      applied.push(m.version);
    }
    const { rows: present } = await tx.query<{ table_name: string }>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
      [schema],
    );
    const have = new Set(present.map((r) => r.table_name));
    const missing = tablesOf(migrations).filter((t) => !have.has(t));
    if (missing.length > 0) throw new SchemaIncompleteError(schema, missing);
    return { from: newest, applied };
  });
}
