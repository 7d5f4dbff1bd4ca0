import { isKefuError, KefuError } from '@kefu/protocol';
import { StoreConnectionError } from './store-connection-error.ts';

/**
 * SQLSTATEs of a database that may answer yes to the same statement soon: its connection failed
 * (class 08), it ran out of something (53), it is shutting down or starting (57P01–57P03), a
 * statement timeout or cancel (57014), a lock not free now (55P03), a serialization failure or
 * deadlock (40001, 40P01). Anything else it said (a constraint, a missing table) it will say again.
 */
const PASSING_SQLSTATE = /^(?:08...|53...|57P0[123]|57014|55P03|40001|40P01)$/;

/** Socket codes of a server that went away or did not answer: the next try may reach it. */
const PASSING_SOCKET = new Set(['EPIPE', 'ECONNABORTED', 'ENETUNREACH', 'ENETDOWN']);

/** `pg`'s own errors, without a code, of a connection lost or a statement not answered in time. */
const PG_PASSING =
  /^(?:Query read timeout|Connection terminated(?: unexpectedly| due to connection timeout)?|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable|Client was closed and is not queryable)$/;

/**
 * Whether an operation that threw `error` may succeed if run again in a moment: the store (or
 * bus) was unreachable, timed out or briefly refused, as `StoreConnectionError` tells a store that
 * cannot connect at start; a `KefuError` by its code's `retryable` flag (`internal` is, `conflict`
 * and `not_found` are not). A bug (a `TypeError`) or a refusal the database would repeat is not.
 * @example
 * if (isTransientFailure(error)) retryLater(); else giveUp(error);
 */
export function isTransientFailure(error: unknown): boolean {
  if (error instanceof KefuError) return error.retryable;
  if (StoreConnectionError.isUnreachable(error)) return true;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return PASSING_SQLSTATE.test(code) || PASSING_SOCKET.has(code);
  return error instanceof Error && PG_PASSING.test(error.message);
}

/**
 * Whether `error` is the store (or bus) away rather than a fault of the hub: a driver's error that
 * {@link isTransientFailure} passes. A `KefuError` is the hub's own answer, never this. The hub still
 * sends `internal` (retryable) on the socket, as clients older than a new code would refuse the whole
 * error frame, but says so in the message, in its `hub.fault` line (`unavailable: true`), its
 * `error` event and, over HTTP, with 503 and `Retry-After`.
 * @example
 * if (isStoreUnavailable(error)) log('the database is down, not a bug');
 */
export function isStoreUnavailable(error: unknown): boolean {
  return !isKefuError(error) && isTransientFailure(error);
}

/** What the hub tells a client when {@link isStoreUnavailable}: no server name, no driver's words. */
export const STORE_AWAY_MESSAGE = 'the hub cannot reach its store now; retry shortly';
