import type { Store } from '../store.ts';
import { sqlApiKeys } from './api-keys.ts';
import { sqlConversations } from './conversations.ts';
import { sqlEvents } from './events.ts';
import { createGroupCommit } from './group-commit.ts';
import { sqlLearnedQuestions } from './learned-questions.ts';
import { sqlMessages } from './messages.ts';
import { type MigrationOutcome, migrate, SCHEMA_VERSION } from './migrations.ts';
import { sqlNonces } from './nonces.ts';
import { sqlPrivacy } from './privacy.ts';
import { sqlSessions } from './sessions.ts';
import { sqlShopperLookups } from './shopper-lookups.ts';
import { sqlShoppers } from './shoppers.ts';
import { quoteIdent, type SqlClient } from './sql-client.ts';
import type { SqlContext } from './sql-context.ts';
import { sqlTickets } from './tickets.ts';
import { sqlTimers } from './timers.ts';
import { sqlWebhooks } from './webhooks.ts';

export interface SqlStoreOptions {
  /** Schema holding Kefu's tables; created and migrated at start. Default `kefu`. */
  schema?: string;
  /** Run the migrations at start (default true). Off only when another process owns them. */
  migrate?: boolean;
  /**
   * Told what the migrations at start did (the version the schema was at, the versions applied),
   * e.g. to say it: `kefu migrate` prints whether it created, upgraded or left the schema.
   */
  onMigrated?: (outcome: MigrationOutcome) => void;
  /** Forget expired nonces on every n-th `useNonce` (default 500), so the table stays small. */
  pruneNoncesEvery?: number;
}

/**
 * A Store on any PostgreSQL-dialect database, through a {@link SqlClient}: the same SQL runs on
 * embedded PGlite and on PostgreSQL. Every method is one statement or one transaction (but
 * upsertShopper: a statement and, when the profile changes, a compare-and-set).
 * @example
 * const store = await createSqlStore(client, { schema: 'kefu' });
 */
export async function createSqlStore(db: SqlClient, options: SqlStoreOptions = {}): Promise<Store> {
  const schema = options.schema ?? 'kefu';
  if (options.migrate !== false) {
    // Not `onMigrated?.(await migrate(…))`: without a listener that skips the migrations themselves.
    const outcome = await migrate(db, schema);
    options.onMigrated?.(outcome);
  }
  const ctx: SqlContext = { db, schema, s: quoteIdent(schema) };
  const { appendAlone, ...messages } = sqlMessages(ctx);
  const { insertEvents, ...events } = sqlEvents(ctx);
  const { idle: readsAnswered, ...conversations } = sqlConversations(ctx);
  const { idle: lookupsAnswered, ...lookups } = sqlShopperLookups(ctx);
  const {
    idle: batchesWritten,
    health: writesHealthy,
    ...batched
  } = createGroupCommit(ctx, { append: appendAlone, insertEvents });
  // Each part holds the methods for its own tables; the Store is their union.
  return {
    ...conversations,
    ...messages,
    ...sqlShoppers(ctx),
    ...lookups,
    ...sqlPrivacy(ctx),
    ...events,
    ...sqlNonces(ctx, options.pruneNoncesEvery ?? 500),
    ...sqlSessions(ctx),
    ...sqlTimers(ctx),
    ...sqlTickets(ctx),
    ...sqlApiKeys(ctx),
    ...sqlLearnedQuestions(ctx),
    async ready() {
      const { rows } = await db.query<{ version: number | null }>(
        `SELECT max(version) AS version FROM ${ctx.s}.kefu_migrations`,
      );
      const version = Number(rows[0]?.version ?? 0);
      if (version < SCHEMA_VERSION)
        throw new Error(
          `schema ${schema} is at version ${version}; this Kefu needs ${SCHEMA_VERSION} (run the migrations)`,
        );
      // A database that answers this read may still refuse or hang every write.
      await writesHealthy();
    },
    ...sqlWebhooks(ctx),
    // The hot path's writes: messages and events, many callers per statement.
    ...batched,
    async close() {
      // Whatever was asked before close is answered first; then the database closes.
      await Promise.all([batchesWritten(), readsAnswered(), lookupsAnswered()]);
      await db.close();
    },
  };
}
