import { KefuError } from '@kefu/protocol';
import { connectionFailure } from '../bus/bus-connection-error.ts';

/** Driver codes of a server that cannot be reached at all (as opposed to one that answers no). */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ECONNRESET',
]);
const PG_UNREACHABLE =
  /^(Connection terminated due to connection timeout|timeout exceeded when trying to connect|Connection terminated unexpectedly)$/;

/**
 * A SQL store that could not reach its database when opened (code `internal`, retryable). Names
 * the server without its password, so a startup error says it was the store and not the bus;
 * `cause` is the driver's error.
 */
export class StoreConnectionError extends KefuError {
  readonly server: string;
  constructor(server: string, cause: unknown) {
    super('internal', `cannot connect to the store at ${server} (${connectionFailure(cause)})`, { cause });
    this.name = 'KefuError';
    this.server = server;
  }

  /** Whether a driver's error means the server was not reached (not a refusal by the database). */
  static isUnreachable(error: unknown): boolean {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string') return UNREACHABLE.has(code);
    // pg's own, without a code: nothing answered in time, or what answered hung up (a port that is
    // not PostgreSQL's). Left out, `kefu hub` ended on an uncaught stack trace.
    return error instanceof Error && PG_UNREACHABLE.test(error.message);
  }
}
