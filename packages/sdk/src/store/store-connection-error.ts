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
    return typeof code === 'string' && UNREACHABLE.has(code);
  }
}
