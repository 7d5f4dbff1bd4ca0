import { verifyWebhook } from '../webhooks/signature.ts';
import { HttpError } from './api-error.ts';

/** How far a signed request's `t` may be from the hub's clock: a captured request replays no later. */
export const INBOUND_TOLERANCE_SEC = 300;

const WHY: Record<'malformed' | 'too_old' | 'bad_signature', string> = {
  malformed: 'Kefu-Signature is missing or malformed: send t=<unix seconds>,v1=<hex HMAC-SHA256>',
  too_old: `the signature's time is more than ${INBOUND_TOLERANCE_SEC} s from the hub's clock`,
  bad_signature: 'the signature does not match the body',
};

/**
 * The secret signed requests are checked with; a 403 `forbidden` when the hub has none, so such a
 * request is refused before its body is read.
 * @example
 * requireInboundSecret(o.http.inboundSecret);
 */
export function requireInboundSecret(secret: string | undefined): string {
  if (secret === undefined)
    throw new HttpError(403, 'forbidden', 'this hub takes no signed requests: http.inboundSecret is not set');
  return secret;
}

/**
 * Checks a request signed as our webhooks are (`Kefu-Signature: t=…,v1=…`, HMAC-SHA256 over
 * `${t}.${body}` with `secret`), on the raw body; throws a 401 `unauthorized` saying what is wrong,
 * or a 403 `forbidden` when the hub has no secret to check with.
 * @example
 * checkInboundSignature(o.http.inboundSecret, req.headers['kefu-signature'], text, clock.now());
 */
export function checkInboundSignature(
  secret: string | undefined,
  header: string | string[] | undefined,
  body: string,
  nowMs: number,
): void {
  const key = requireInboundSecret(secret);
  const check = verifyWebhook(key, header, body, {
    toleranceSec: INBOUND_TOLERANCE_SEC,
    now: nowMs / 1000,
  });
  if (!check.ok)
    throw new HttpError(401, 'unauthorized', WHY[check.reason], { 'www-authenticate': 'Kefu-Signature' });
}
