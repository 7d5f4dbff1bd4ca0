import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { POSTGRES_URL, postgresMissing } from '../test/servers.ts';

/**
 * A PostgreSQL database of one cost run (`kefu_pgcost_<pid>`), for `pg-cost.ts` and
 * `pg-store-cost.ts`: what the run's work costs the server, told apart from everything else the
 * server does. Its backends are the ones connected with {@link RunDatabase.url} (their
 * application_name is the run's): their CPU is read from /proc/<pid>/schedstat (ns on CPU), so
 * PostgreSQL must run on this machine. Its WAL is read with pg_walinspect: a record is the run's when
 * it touches the database's relations or comes from a transaction that did.
 * @example
 * const db = await openRunDatabase();
 * try { const cpu = await db.backendCpu(); … } finally { await db.drop(); }
 */
export async function openRunDatabase() {
  const missing = await postgresMissing();
  if (missing) throw new Error(`needs PostgreSQL: ${missing}`);
  const database = `kefu_pgcost_${process.pid}`;
  const admin = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${database}`;
  const own = new pg.Pool({ connectionString: url.href, max: 1 });
  // Its idle connection is cut when the database is dropped at the end.
  own.on('error', () => {});
  url.searchParams.set('application_name', database);
  /** Statements this script sent to the run's database: not the workload's transactions. */
  let ownStatements = 0;
  const query = <Row extends pg.QueryResultRow>(text: string, params?: unknown[]) => {
    ownStatements++;
    return own.query<Row>(text, params);
  };
  const ready = (async () => {
    await query('CREATE EXTENSION pg_walinspect');
    const { rows } = await query<{ oid: number }>(
      'SELECT oid FROM pg_database WHERE datname = current_database()',
    );
    return `%/${Number(rows[0]!.oid)}/%`;
  })();
  const inDatabase = await ready.catch(async (error: unknown) => {
    await own.end();
    await admin.query(`DROP DATABASE ${database} WITH (FORCE)`);
    await admin.end();
    throw error;
  });
  const walRecords = `WITH r AS (SELECT * FROM pg_get_wal_records_info($1, $2)),
       mine AS (SELECT DISTINCT xid FROM r WHERE xid <> 0 AND block_ref LIKE $3),
       x AS (SELECT record_length, fpi_length, resource_manager, record_type,
                    substring(block_ref FROM 'rel \\d+/\\d+/(\\d+)')::oid AS node
             FROM r WHERE block_ref LIKE $3 OR xid IN (SELECT xid FROM mine))`;

  return {
    /** Where the workload connects: the run's database, with the run's application_name. */
    url: url.href,
    query,
    /** Runs `;`-separated statements, `{s}` standing for `schema` (KEFU_PGCOST_SETUP). */
    async setup(schema: string, statements = process.env.KEFU_PGCOST_SETUP ?? '') {
      for (const statement of statements.split(';').map((x) => x.trim()))
        if (statement) await query(statement.replaceAll('{s}', schema));
    },
    /** ns on CPU of each of the run's backends. */
    async backendCpu(): Promise<Map<number, number>> {
      const { rows } = await admin.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
        [database],
      );
      const cpu = new Map<number, number>();
      for (const { pid } of rows) {
        const stat = await readFile(`/proc/${pid}/schedstat`, 'utf8').catch(() => null);
        if (stat) cpu.set(pid, Number(stat.split(' ')[0]));
      }
      return cpu;
    },
    /** Where the WAL is flushed to: what `wal` measures between. */
    async lsn(): Promise<string> {
      const { rows } = await query<{ lsn: string }>('SELECT pg_current_wal_flush_lsn() AS lsn');
      return rows[0]!.lsn;
    },
    /** WAL bytes between two LSNs that the run caused: in all, and in full-page images. */
    async wal(from: string, to: string) {
      const { rows } = await query<{ bytes: string | null; fpi: string | null }>(
        `${walRecords} SELECT sum(record_length) AS bytes, sum(fpi_length) AS fpi FROM x`,
        [from, to, inDatabase],
      );
      return { bytes: Number(rows[0]!.bytes ?? 0), fpi: Number(rows[0]!.fpi ?? 0) };
    },
    /** The run's WAL between two LSNs by relation and record type, biggest first. */
    async walDetail(from: string, to: string) {
      const { rows } = await query<{ what: string; type: string; n: string; bytes: string; fpi: string }>(
        `${walRecords}
         SELECT coalesce(c.relname, x.resource_manager) AS what, x.record_type AS type, count(*) AS n,
                sum(record_length) AS bytes, sum(fpi_length) AS fpi
         FROM x LEFT JOIN pg_class c ON c.relfilenode = x.node AND x.node <> 0
         GROUP BY 1, 2 ORDER BY 4 DESC LIMIT 20`,
        [from, to, inDatabase],
      );
      return rows;
    },
    /**
     * Transactions committed in the run's database and updates (HOT ones apart) in `schema`, since
     * the start. PostgreSQL 15 publishes a backend's counts up to 10 s after its last statement: this
     * waits that long.
     */
    async counts(schema: string) {
      await new Promise((r) => setTimeout(r, 11_000));
      const { rows } = await query<{ upd: string; hot: string; commits: string }>(
        `SELECT sum(n_tup_upd) AS upd, sum(n_tup_hot_upd) AS hot,
                (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()) AS commits
         FROM pg_stat_user_tables WHERE schemaname = $1`,
        [schema],
      );
      // Less this script's own statements, each a transaction of its own (this one included).
      return {
        updated: Number(rows[0]!.upd),
        hot: Number(rows[0]!.hot),
        commits: Number(rows[0]!.commits) - ownStatements,
      };
    },
    async drop() {
      await own.end();
      await admin.query(`DROP DATABASE ${database} WITH (FORCE)`);
      await admin.end();
    },
  };
}

export type RunDatabase = Awaited<ReturnType<typeof openRunDatabase>>;

/** The ns on CPU between two readings of {@link RunDatabase.backendCpu} (a backend that began since counts from 0). */
export function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let ns = 0;
  for (const [pid, at] of after) ns += at - (before.get(pid) ?? 0);
  return ns;
}
