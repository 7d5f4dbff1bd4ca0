import { KefuError, MAX_USER_ID_CHARS, type ShopperHello } from '@kefu/protocol';
import { profileFields } from '../conversation/profile-fields.ts';
import { runPlugin } from '../seams/run-plugin.ts';
import type { ShopperIdentity, ShopperInfo } from '../seams/shopper.ts';
import { shopperId } from '../shopper-id.ts';
import type { ResolvedHubOptions, SiteConfig } from './hub-options.ts';
import { REPLAYED_REASON, readIdentity } from './identity-token.ts';
import { readSession } from './session-token.ts';

/** Who a hello's shopper is, once their tokens are read. */
export interface HelloShopper {
  shopper: ShopperInfo;
  /** Spends the hello's single-use identity token: called once the hello is let in (see ShopperSession.start). */
  claim?: () => Promise<ShopperInfo>;
  /** The device's anonymous shopper, whose conversation a sign-in may carry over. */
  carryFrom?: string;
}

/**
 * Who the shopper of a hello is: a valid session token, else a valid identity token, else their
 * device. An identity token is only read here: `claim` spends it. A refused identity token answers
 * `{ refused }` with the reason to close the connection with (logged here).
 */
export async function identifyShopper(
  o: ResolvedHubOptions,
  hello: ShopperHello,
  site: SiteConfig,
): Promise<HelloShopper | { refused: string }> {
  const now = o.clock.now();
  if (!hello.identity) return anonymous(o, hello, site, now);
  const identity = await verifyIdentity(o, hello.identity, site, now);
  // The merchant's check failing (thrown, timed out, a wrong answer) is their outage, not a
  // refusal: the shopper chats on as their device, as without a token, rather than not at all.
  if (!identity.ok && 'failed' in identity) return anonymous(o, hello, site, now);
  if (!identity.ok) {
    logRefusal(o, site, identity.reason);
    return { refused: identity.reason };
  }
  const { shopper, spend } = identity;
  // Signing in: what this device was saying anonymously may follow (see `conversationToCarry`).
  const carryFrom = shopperId('d', hello.deviceId);
  if (!spend) return { shopper, carryFrom };
  const claim = async (): Promise<ShopperInfo> => {
    if (await spend()) return shopper;
    // A page from cache (or a restored tab) hands the widget the token it already spent, beside
    // the session that token gave: that session is this shopper's, and is all a reconnect needs.
    if (hello.session) {
      const kept = await resumeSession(o, hello.session, site, now);
      if (kept?.identified && kept.id === shopper.id) return kept;
    }
    logRefusal(o, site, REPLAYED_REASON);
    throw new KefuError('unauthorized', REPLAYED_REASON);
  };
  return { shopper, claim, carryFrom };
}

/** The shopper without an identity: their session's, else their device's. */
async function anonymous(
  o: ResolvedHubOptions,
  hello: ShopperHello,
  site: SiteConfig,
  now: number,
): Promise<{ shopper: ShopperInfo }> {
  if (hello.session) {
    const resumed = await resumeSession(o, hello.session, site, now);
    if (resumed) return { shopper: resumed };
    // An expired, ended or foreign session falls back to the device: the shopper keeps chatting anonymously.
  }
  return { shopper: { id: shopperId('d', hello.deviceId), identified: false } };
}

/**
 * The widget only says it cannot connect: the log says why (a page that reuses a spent token,
 * a clock or secret mismatch). The reasons are fixed texts, never the token.
 */
function logRefusal(o: ResolvedHubOptions, site: SiteConfig, reason: string): void {
  o.logger.log('warn', 'identity.refused', { site: site.key, reason });
}

/**
 * The shopper of a valid session token that was not ended since it was issued. The token names
 * no one: the profile comes from the store, and an identified session whose profile is gone
 * (erased) is not resumed.
 */
async function resumeSession(
  o: ResolvedHubOptions,
  token: string,
  site: SiteConfig,
  now: number,
): Promise<ShopperInfo | null> {
  const claims = readSession(token, o.secret, site.key, now);
  if (!claims) return null;
  const { store } = o;
  const [revokedAt, profile] = await Promise.all([
    store.sessionsRevokedAt(site.key, claims.sid),
    store.getShopper(site.key, claims.sid),
  ]);
  if (revokedAt !== null && claims.iat <= revokedAt) return null;
  if (claims.identified && !profile) return null;
  const info: ShopperInfo = { id: claims.sid, identified: claims.identified };
  if (claims.identified && profile?.userId !== undefined) info.userId = profile.userId;
  if (profile?.name !== undefined) info.name = profile.name;
  if (profile?.email !== undefined) info.email = profile.email;
  if (profile?.tier !== undefined) info.tier = profile.tier;
  return info;
}

async function verifyIdentity(
  o: ResolvedHubOptions,
  token: string,
  site: SiteConfig,
  now: number,
): Promise<
  | { ok: true; shopper: ShopperInfo; spend?: () => Promise<boolean> }
  | { ok: false; reason: string }
  /** The merchant's check failed (logged here): the shopper goes on without an identity. */
  | { ok: false; failed: true }
> {
  const { verifyIdentity: plugin, pluginTimeoutMs, clock, logger } = o;
  if (plugin) {
    // A verifier that hangs must not hold the socket (and its queued frames) open for ever.
    const result = await runPlugin('verifyIdentity', pluginTimeoutMs, clock, () =>
      plugin(token, { key: site.key }),
    );
    if (!result.ok) {
      // Not the plug-in's own error text: it may quote the token or the shopper.
      logger.log('warn', 'identity.plugin_failed', {
        site: site.key,
        timedOut: result.error.cause === undefined,
      });
      return { ok: false, failed: true };
    }
    const identity = result.value;
    if (!identity) return { ok: false, reason: 'identity token was refused' };
    // JavaScript verifiers answer a number id (a database key) or a bare string: the first
    // crashed every hello of that shopper, and an empty id made all such shoppers one (`u:`).
    if (typeof identity.id !== 'string' || identity.id.trim() === '') {
      logger.log('warn', 'identity.plugin_failed', {
        site: site.key,
        timedOut: false,
        problem: 'plugin verifyIdentity returned no { id } with a non-empty string id',
      });
      return { ok: false, failed: true };
    }
    return { ok: true, shopper: identifiedShopper(identity) };
  }
  if (!site.identitySecret)
    return {
      ok: false,
      reason: `site ${site.key} has no identitySecret; identity tokens are not accepted`,
    };
  const read = await readIdentity(
    token,
    { key: site.key, identitySecret: site.identitySecret },
    o.store,
    now,
  );
  if (!read.ok) return read;
  return { ok: true, shopper: identifiedShopper(read.identity), spend: read.spend };
}

/** A logged-in shopper as plug-ins see them: the hub's id, and the merchant's own id beside it. */
function identifiedShopper(identity: ShopperIdentity): ShopperInfo {
  const { id, name, email, tier } = identity;
  const shopper: ShopperInfo = {
    id: shopperId('u', id),
    identified: true,
    ...profileFields({ name, email, tier }),
  };
  // A verifyIdentity plug-in may vouch for a longer id than a token can carry: the hub id still holds it.
  if (id.length <= MAX_USER_ID_CHARS) shopper.userId = id;
  return shopper;
}
