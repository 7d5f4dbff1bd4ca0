import pg from 'pg';
import { POSTGRES_URL, postgresMissing } from '../test/servers.ts';

/**
 * The PostgreSQL schema of one bench process: `kefu_bench_<pid>` (or `kefu_bench_<tag>_<pid>`).
 * The pid in the name is what lets {@link dropStaleBenchSchemas} tell a killed run's schema from a
 * running one's.
 */
export function benchSchema(tag?: string): string {
  return tag ? `kefu_bench_${tag}_${process.pid}` : `kefu_bench_${process.pid}`;
}

/** Whether a process with this pid runs on this machine. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Drops the schemas of bench runs that were killed before their own cleanup (Ctrl-C, a crash):
 * each holds a whole hub's tables and would otherwise stay in the developer's database for good.
 * Returns the names dropped; does nothing without PostgreSQL.
 */
export async function dropStaleBenchSchemas(): Promise<string[]> {
  if ((await postgresMissing()) !== null) return [];
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
  try {
    const { rows } = await pool.query<{ name: string }>(
      `SELECT nspname AS name FROM pg_namespace WHERE nspname ~ '^kefu_bench_([a-z]+_)?[0-9]+$'`,
    );
    const stale = rows
      .map((r) => r.name)
      .filter((name) => !alive(Number(name.slice(name.lastIndexOf('_') + 1))));
    for (const name of stale) await pool.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
    return stale;
  } finally {
    await pool.end();
  }
}
