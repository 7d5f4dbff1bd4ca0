import type { SeedApiKey } from '../hub/api-keys.ts';
import { MAX_TIMER_MS } from '../hub/hub-limits.ts';
import { API_KEY_SCOPES } from '../store/api-keys.ts';

/** The HTTP API the hub serves beside its WebSocket (see docs/http-api.md). */
export interface HttpApiOptions {
  /** Largest request body in bytes (default 1 MiB); a bigger one gets 413 and is not read. */
  maxBodyBytes?: number;
  /** Requests per API key: `burst` at once, refilled at `perSecond` (default 20/s, burst 40), per hub node. */
  rateLimit?: { perSecond: number; burst: number };
  /**
   * Keys to have from the start (e.g. from a config file), by the SHA-256 of their secret: see
   * `hashApiKeySecret`. Written to the store at start if their id is not there yet.
   */
  apiKeys?: SeedApiKey[];
  /** How long `/readyz` waits for the store and the bus each (default 2000 ms). */
  readyTimeoutMs?: number;
  /**
   * The secret the merchant's order system signs `POST /api/v1/inbound/order-events` with (at
   * least 16 characters), as our webhooks are signed: `Kefu-Signature: t=…,v1=…`. Without it
   * that endpoint refuses every request.
   */
  inboundSecret?: string;
  /**
   * Page origins that may call the API from a browser (CORS), e.g. a merchant's admin page:
   * `["https://admin.shop.example"]`, or `http://localhost:*` for any port. Exact origins only,
   * never `*`: the page still sends an API key. Default: none (no CORS grant; servers need none).
   */
  corsOrigins?: string[];
}

export interface ResolvedHttpApiOptions {
  maxBodyBytes: number;
  rateLimit: { perSecond: number; burst: number };
  apiKeys: readonly SeedApiKey[];
  readyTimeoutMs: number;
  inboundSecret: string | undefined;
  corsOrigins: readonly string[];
}

/**
 * Checks `options.http` early; `fail` throws with the option's name.
 * @example
 * const http = resolveHttpApiOptions(options.http, fail);
 */
export function resolveHttpApiOptions(
  options: HttpApiOptions | undefined,
  fail: (message: string) => never,
): ResolvedHttpApiOptions {
  const maxBodyBytes = options?.maxBodyBytes ?? 1024 * 1024;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1)
    fail('http.maxBodyBytes must be a positive integer');
  const rateLimit = options?.rateLimit ?? { perSecond: 20, burst: 40 };
  if (!(rateLimit.perSecond > 0) || !(rateLimit.burst >= 1))
    fail('http.rateLimit needs perSecond > 0 and burst ≥ 1');
  const readyTimeoutMs = options?.readyTimeoutMs ?? 2000;
  // A plain timer: past Node's reach it fired at once, and /readyz never answered ready.
  if (!(readyTimeoutMs > 0) || readyTimeoutMs > MAX_TIMER_MS)
    fail(`http.readyTimeoutMs must be a positive number of milliseconds up to ${MAX_TIMER_MS}`);
  const inboundSecret = options?.inboundSecret;
  if (inboundSecret !== undefined && (typeof inboundSecret !== 'string' || inboundSecret.length < 16))
    fail('http.inboundSecret must be a string of at least 16 characters');
  const corsOrigins = options?.corsOrigins ?? [];
  if (
    !Array.isArray(corsOrigins) ||
    corsOrigins.some((origin) => typeof origin !== 'string' || !/^https?:\/\/[^/\s*]+(:\*)?$/.test(origin))
  )
    fail('http.corsOrigins must list page origins such as "https://admin.shop.example" (not "*")');
  const apiKeys = options?.apiKeys ?? [];
  for (const [i, key] of apiKeys.entries()) {
    if (typeof key.id !== 'string' || !/^[A-Za-z0-9]{1,40}$/.test(key.id))
      fail(`http.apiKeys[${i}].id must be 1–40 letters or digits`);
    if (typeof key.hash !== 'string' || !/^[0-9a-f]{64}$/.test(key.hash))
      fail(`http.apiKeys[${i}].hash must be the SHA-256 of the key's secret, 64 lowercase hex digits`);
    if (
      !Array.isArray(key.scopes) ||
      key.scopes.length === 0 ||
      key.scopes.some((s) => !API_KEY_SCOPES.includes(s))
    )
      fail(`http.apiKeys[${i}].scopes must list some of ${API_KEY_SCOPES.join(', ')}`);
  }
  return { maxBodyBytes, rateLimit, apiKeys, readyTimeoutMs, inboundSecret, corsOrigins };
}
