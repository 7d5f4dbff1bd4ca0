import { BusConnectionError } from '../bus/bus-connection-error.ts';
import { type ConfigVariables, variablesAt } from '../config/load-config.ts';
import { DataDirInUseError } from '../store/data-dir-lock.ts';
import { SchemaIncompleteError } from '../store/sql/schema-incomplete-error.ts';
import { SchemaTooNewError } from '../store/sql/schema-too-new-error.ts';
import { StoreConnectionError } from '../store/store-connection-error.ts';

/**
 * One line for an error of the world around the hub (a file, a port, a database or server that
 * is not there), saying what it names and what to do; undefined for anything else, which is a
 * fault and keeps its stack trace.
 * @example
 * explainError(Object.assign(new Error('…'), { code: 'EADDRINUSE', port: 8080, address: '127.0.0.1' }));
 * // 'port 8080 on 127.0.0.1 is already in use: stop what listens there, or set listen.port in the config'
 */
export function explainError(error: unknown, variables?: ConfigVariables): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  // The key, or the variable that gave it its value: the file shows `${DATABASE_URL}`, not the URL.
  const setting = (key: string) => {
    const names = variablesAt(key, variables);
    return names.length ? `${names.join(', ')} (${key} in the config reads it)` : `${key} in the config`;
  };
  // Which of the config's servers it was: both may be on 127.0.0.1, so the address alone is not enough.
  if (error instanceof StoreConnectionError)
    return `${error.message}: is the database running, and is ${setting('store')} right?`;
  if (error instanceof DataDirInUseError)
    return `${error.message}; a PGlite store is one process's: stop the hub before \`kefu migrate\` or \`kefu api-key\` (\`kefu api-key create --seed\` needs no store), or use PostgreSQL to run several`;
  if (error instanceof SchemaTooNewError)
    return `${error.message}: a newer Kefu release migrated it; run that release (or restore the backup from before the upgrade), or set store.schema to another schema`;
  if (error instanceof SchemaIncompleteError)
    return `${error.message}: the database was restored in part, or a table was dropped by hand; restore the store's schema whole from one backup (or set store.schema to a new schema to start empty)`;
  if (error instanceof BusConnectionError)
    return `${error.message}: is Redis running, and is ${setting('bus')} right?`;
  const e = error as {
    code?: unknown;
    path?: unknown;
    port?: unknown;
    address?: unknown;
    syscall?: unknown;
    severity?: unknown;
    message?: unknown;
    cause?: unknown;
  };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  const where = typeof e.address === 'string' ? `${e.address}${e.port ? `:${e.port}` : ''}` : 'the server';
  switch (code) {
    case 'ENOENT':
      if (typeof e.path === 'string') return `${e.path}: no such file; check the path`;
      break;
    case 'EACCES':
    case 'EPERM':
      if (typeof e.path === 'string')
        return `${e.path}: permission denied; check the permissions of the file, or of its folder for a new file`;
      if (e.syscall === 'listen')
        return `cannot listen on port ${e.port}: permission denied (ports under 1024 need privileges); set listen.port in the config`;
      break;
    case 'EBUSY':
      // Windows locks a file a program holds open: Excel, with the CSV `kb export` writes again.
      if (typeof e.path === 'string')
        return `${e.path}: in use by another program (a spreadsheet that has it open?); close it there and run again`;
      break;
    case 'EISDIR':
      if (typeof e.path === 'string') return `${e.path}: is a folder, not a file`;
      break;
    case 'EADDRINUSE':
      return `port ${e.port ?? '?'}${typeof e.address === 'string' ? ` on ${e.address}` : ''} is already in use: stop what listens there, or set listen.port in the config`;
    case 'EADDRNOTAVAIL':
      return `cannot listen on ${where}: this machine has no such address; set listen.host in the config`;
    case 'ECONNREFUSED':
      return `cannot connect to ${where} (connection refused): is the database or Redis running, and is its URL in the config right?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve the host in a URL of the config (${message}): check the store and bus URLs`;
  }
  // PostgreSQL's answers carry a five-character SQLSTATE and a severity.
  if (typeof e.severity === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    if (code === '3D000') return `${message}: create it (e.g. createdb), or fix the database in store.url`;
    if (code === '28P01' || code === '28000') return `${message}: check the user and password in store.url`;
    // Opening the store migrates it (but with migrate: false), so a table missing after that is most
    // often a restore of part of it, which `kefu migrate` cannot see: its version table says done.
    const table = code === '42P01' ? /^relation "([^"]+)" does not exist$/.exec(message)?.[1] : undefined;
    if (table)
      return `the store has no table ${table} (PostgreSQL 42P01): run \`kefu migrate\`; if it says the schema is up to date, the database was restored in part (its kefu_migrations names a version whose tables are not all there): restore the store's schema whole from one backup`;
    return `the database refused: ${message} (PostgreSQL ${code}); check store in the config`;
  }
  // A typed error wrapping the world's (BusConnectionError): the cause says what to do.
  if (e.cause !== undefined) return explainError(e.cause, variables);
  return undefined;
}
