import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * `base64url(JSON payload) + "." + base64url(HMAC-SHA256(secret, first part))`: the format of
 * merchant identity tokens and of the hub's own session tokens.
 */
export function signToken(payload: object, secret: string): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

/** The payload if the signature is right, else null. Never throws on malformed input. */
export function verifyToken(token: string, secret: string): Record<string, unknown> | null {
  const dot = token.indexOf('.');
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return null;
  const body = token.slice(0, dot);
  const signature = token.slice(dot + 1);
  // Buffer skips characters outside the alphabet; a token must be exactly what was signed.
  if (!/^[A-Za-z0-9_-]+$/.test(body) || !/^[A-Za-z0-9_-]{43}$/.test(signature)) return null;
  const given = Buffer.from(signature, 'base64url');
  const expected = createHmac('sha256', secret).update(body).digest();
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const payload: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

export const randomSecret = (): string => randomBytes(32).toString('base64url');
