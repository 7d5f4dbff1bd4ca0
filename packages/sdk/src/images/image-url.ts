import { signToken, verifyToken } from '../hub/signed-token.ts';

export type ImageVariant = 'full' | 'thumb';

/** What an image URL grants: one variant of one image of one conversation, until `expiresAt`. */
export interface ImageUrlClaims {
  conversationId: string;
  imageId: string;
  variant: ImageVariant;
  /** Epoch milliseconds (the hub clock's `now()`); the URL is refused from then on. */
  expiresAt: number;
}

export interface ImageUrlOptions {
  /** The path the hub serves images under (default `/images`). */
  base?: string;
}

/**
 * Stable codes of {@link ImageUrlError}: `invalid` (not signed with this secret, altered, or its
 * path does not match what was signed), `expired`, `wrong_conversation` (a valid URL, but for a
 * conversation the requester is not in). The route answers 403 for all three, 410 may suit `expired`.
 */
export type ImageUrlErrorCode = 'invalid' | 'expired' | 'wrong_conversation';

export class ImageUrlError extends Error {
  readonly code: ImageUrlErrorCode;
  constructor(code: ImageUrlErrorCode, message: string) {
    super(message);
    this.name = 'ImageUrlError';
    this.code = code;
  }
}

export type ImageUrlVerdict = { ok: true; claims: ImageUrlClaims } | { ok: false; error: ImageUrlError };

/** Set in every image token, so no other token signed with the same secret passes as one. */
const PURPOSE = 'kefu.image';
const ID = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * A URL path for one image variant that expires and is bound to its conversation:
 * `<base>/<conversationId>/<imageId>/<variant>?t=<token>`, the token an HMAC-SHA256-signed copy
 * of the same claims (the hub's {@link signToken} format). Use a secret of at least 32 random bytes.
 * @example
 * const src = signImageUrl({ conversationId, imageId, variant: 'thumb', expiresAt: clock.now() + 3_600_000 }, secret);
 */
export function signImageUrl(claims: ImageUrlClaims, secret: string, options: ImageUrlOptions = {}): string {
  const { conversationId, imageId, variant, expiresAt } = claims;
  if (!ID.test(conversationId) || !ID.test(imageId))
    throw new TypeError('signImageUrl: conversationId and imageId must be 1–100 of A–Z a–z 0–9 _ -');
  if (variant !== 'full' && variant !== 'thumb')
    throw new TypeError(`signImageUrl: unknown variant ${variant}`);
  if (!Number.isSafeInteger(expiresAt))
    throw new TypeError('signImageUrl: expiresAt must be epoch milliseconds');
  const token = signToken({ p: PURPOSE, c: conversationId, i: imageId, v: variant, e: expiresAt }, secret);
  return `${base(options)}/${conversationId}/${imageId}/${variant}?t=${token}`;
}

/**
 * Checks a URL made by {@link signImageUrl} (a path, or an absolute URL) against the secret, the
 * time and the conversation the requester belongs to (the shopper's session's, or one an agent may
 * see). The signature is compared in constant time; the path must name what the token grants.
 * @example
 * const verdict = verifyImageUrl(req.url ?? '', secret, { now: clock.now(), conversationId: session.conversationId });
 * if (!verdict.ok) return reply(403, verdict.error.code);
 */
export function verifyImageUrl(
  url: string,
  secret: string,
  expected: { now: number; conversationId: string },
  options: ImageUrlOptions = {},
): ImageUrlVerdict {
  const invalid = (why: string): ImageUrlVerdict => ({ ok: false, error: new ImageUrlError('invalid', why) });
  let parsed: URL;
  try {
    parsed = new URL(url, 'http://hub.invalid');
  } catch {
    return invalid('not a URL');
  }
  const token = parsed.searchParams.get('t');
  const payload = token === null ? null : verifyToken(token, secret);
  if (!payload || payload.p !== PURPOSE) return invalid('the image URL is not signed by this hub');
  const { c, i, v, e } = payload;
  if (
    typeof c !== 'string' ||
    typeof i !== 'string' ||
    (v !== 'full' && v !== 'thumb') ||
    typeof e !== 'number' ||
    parsed.pathname !== `${base(options)}/${c}/${i}/${v}`
  )
    return invalid('the image URL does not match its signature');
  if (expected.now >= e)
    return { ok: false, error: new ImageUrlError('expired', 'the image URL has expired') };
  if (c !== expected.conversationId)
    return {
      ok: false,
      error: new ImageUrlError('wrong_conversation', 'the image belongs to another conversation'),
    };
  return { ok: true, claims: { conversationId: c, imageId: i, variant: v, expiresAt: e } };
}

function base(options: ImageUrlOptions): string {
  const path = options.base ?? '/images';
  if (!/^(\/[A-Za-z0-9._-]+)+$/.test(path))
    throw new TypeError(`image URL base must be a path like /images, got ${JSON.stringify(path)}`);
  return path;
}
