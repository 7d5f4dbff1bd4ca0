import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'Kefu-Signature';
/** The event's id: the same on every retry and redelivery, so a receiver can drop duplicates. */
export const EVENT_ID_HEADER = 'Kefu-Event-Id';
export const EVENT_TYPE_HEADER = 'Kefu-Event-Type';

/**
 * The `Kefu-Signature` value for `body` sent at `timestamp` (Unix seconds): HMAC-SHA256 with the
 * subscription's secret over `${timestamp}.${body}`, hex. Signing the time too stops a captured
 * request being replayed later than the receiver's tolerance.
 * @example
 * signWebhook('whsec_…', Math.floor(Date.now() / 1000), body); // 't=1767225600,v1=5f0c…'
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

/** The shortest secret a subscription may have (`webhooks.subscriptions[].secret`). */
const MIN_SECRET_LENGTH = 16;

export type WebhookVerification =
  | { ok: true; timestamp: number }
  | { ok: false; reason: 'malformed' | 'too_old' | 'bad_signature' };

/**
 * Checks a delivery on the receiving side: the header is well formed, its time is within
 * `toleranceSec` (default 300) of now, and one of its `v1` signatures is the HMAC of the raw body
 * (compared in constant time). Pass the body exactly as received: re-serialised JSON differs.
 * Throws a `TypeError` when `secret` is not the subscription's secret (a string of at least 16
 * characters): an unset or empty environment variable must not verify anything.
 * @example
 * const check = verifyWebhook(secret, req.headers['kefu-signature'], rawBody, { toleranceSec: 300 });
 * if (!check.ok) return res.writeHead(400).end(check.reason);
 */
export function verifyWebhook(
  secret: string,
  header: string | string[] | undefined,
  body: string | Uint8Array,
  options: { toleranceSec?: number; now?: number } = {},
): WebhookVerification {
  // Checked before the header so a misconfigured receiver fails on its first request, whatever
  // it is: an empty key would accept bodies anyone can sign, `undefined` threw only on a
  // well-formed header, with node:crypto's message about a "key" argument.
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH)
    throw new TypeError(
      `verifyWebhook: secret must be the subscription's signing secret, a string of at least ${MIN_SECRET_LENGTH} characters (is it set?)`,
    );
  checkVerifyOptions(options);
  if (typeof header !== 'string') return { ok: false, reason: 'malformed' };
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === undefined || signatures.length === 0) return { ok: false, reason: 'malformed' };
  const now = options.now ?? Date.now() / 1000;
  if (Math.abs(now - timestamp) > (options.toleranceSec ?? 300)) return { ok: false, reason: 'too_old' };
  const expected = Buffer.from(hmac(secret, timestamp, body), 'hex');
  // Several v1 values are allowed, so a receiver keeps working while a secret is rotated.
  const match = signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected));
  return match ? { ok: true, timestamp } : { ok: false, reason: 'bad_signature' };
}

function hmac(secret: string, timestamp: number, body: string | Uint8Array): string {
  // Raw bytes are signed as they are: decoding them first would change invalid UTF-8.
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/**
 * The options' mistakes that would refuse every delivery or quietly keep the default, thrown at the
 * first request as the secret's are: `now` from `Date.now()` (milliseconds: every delivery
 * `too_old`, which the hub retries for a day), a misspelt key (`toleranceSeconds`).
 */
function checkVerifyOptions(options: object): void {
  for (const key of Object.keys(options))
    if (key !== 'toleranceSec' && key !== 'now')
      throw new TypeError(`verifyWebhook: ${key} is not an option (toleranceSec, now)`);
  const { toleranceSec, now } = options as { toleranceSec?: unknown; now?: unknown };
  if (toleranceSec !== undefined && !(typeof toleranceSec === 'number' && toleranceSec >= 0))
    throw new TypeError('verifyWebhook: toleranceSec must be a number of seconds, 0 or more');
  if (now !== undefined && !(typeof now === 'number' && Number.isFinite(now) && now < MAX_SECONDS))
    throw new TypeError(
      "verifyWebhook: now is in seconds since 1970 (Date.now() / 1000), as the signature's t is",
    );
}

/** Seconds in the year 5138: a `now` past it is milliseconds. */
const MAX_SECONDS = 1e11;
