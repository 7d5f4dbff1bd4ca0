import { KefuError } from '@kefu/protocol';

/**
 * A bus that could not reach its server on its first attempt (code `internal`, retryable: start
 * again once the server is there). Names the server without its password; `cause` is the
 * driver's error (`ECONNREFUSED`, `ETIMEDOUT`, …).
 */
export class BusConnectionError extends KefuError {
  readonly server: string;
  constructor(server: string, cause: unknown) {
    super('internal', `cannot connect to the bus at ${server} (${connectionFailure(cause)})`, { cause });
    this.name = 'KefuError';
    this.server = server;
  }
}

/** Why a connection failed, in a few words (`connection refused`, `unknown host`, `timed out`). */
export function connectionFailure(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'unknown host';
  if (error instanceof Error && /ETIMEDOUT|timeout/i.test(error.message)) return 'timed out';
  return error instanceof Error ? error.message : String(error);
}

/** A server URL fit for messages and logs: the password, if any, is left out. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//');
  }
}
