import { createHash } from 'node:crypto';
import {
  KefuError,
  LIMITS,
  PROTOCOL_VERSION,
  type ShopperHello,
  type ShopperToHub,
  type Welcome,
} from '@kefu/protocol';
import type { Conversations } from '../conversation/conversations.ts';
import type { ShopperInfo } from '../seams/shopper.ts';
import type { Connection } from './connection.ts';
import { ConversationFeed } from './conversation-feed.ts';
import type { ResolvedHubOptions, SiteConfig } from './hub-options.ts';
import { readIdentityToken } from './identity.ts';
import type { ShopperPresence } from './shopper-presence.ts';
import { signToken, verifyToken } from './signed-token.ts';

/** Ids are at most 64 characters; long external ids are hashed to fit, stably. */
function shopperId(prefix: 'u' | 'd', raw: string): string {
  return raw.length <= 60
    ? `${prefix}:${raw}`
    : `${prefix}#${createHash('sha256').update(raw).digest('base64url').slice(0, 40)}`;
}

/** A shopper's connection after a valid hello: their one conversation, and nothing else. */
export class ShopperSession {
  private feed?: ConversationFeed;
  private shopper!: ShopperInfo;
  private conversationId!: string;
  /** Counted in the cluster's shopper presence (from the welcome until the socket closes). */
  private present = false;

  constructor(
    private readonly conn: Connection,
    private readonly o: ResolvedHubOptions,
    private readonly conversations: Conversations,
    private readonly presence: ShopperPresence,
    private readonly onError: (error: unknown) => void,
  ) {}

  get id(): string {
    return this.shopper?.id ?? 'pending';
  }

  async start(hello: ShopperHello): Promise<void> {
    const site = this.o.sites.get(hello.siteKey);
    if (!site || (this.conn.siteKey !== undefined && this.conn.siteKey !== hello.siteKey))
      return this.conn.close('unauthorized', `unknown site key ${hello.siteKey}`, hello.id);
    const shopper = await this.identify(hello, site);
    if (!shopper) return; // identify closed the connection with the reason
    this.shopper = shopper;
    this.conn.shopperId = shopper.id;
    const { conversation, resumeDenied } = await this.conversations.open({
      siteKey: site.key,
      shopper,
      ...(hello.resume ? { resumeId: hello.resume.conversationId } : {}),
      ...(hello.page ? { page: hello.page } : {}),
      ...(hello.locale ? { locale: hello.locale } : {}),
    });
    if (resumeDenied)
      this.conn.sendError(
        'forbidden',
        'that conversation belongs to someone else; here is yours',
        hello.id ? { re: hello.id } : {},
      );
    this.conversationId = conversation.id;
    const resumesHere = hello.resume && !resumeDenied && hello.resume.conversationId === conversation.id;
    this.feed = new ConversationFeed(
      conversation.id,
      this.o.store,
      this.o.bus,
      'shopper',
      (f) => this.conn.send(f),
      this.onError,
    );
    await this.feed.start(async () => {
      // Read again after subscribing, so the welcome's lastSeq is not older than the feed.
      const current = (await this.o.store.getConversation(conversation.id)) ?? conversation;
      const welcome: Welcome = {
        v: PROTOCOL_VERSION,
        type: 'welcome',
        conversation: {
          id: current.id,
          state: this.conversations.publicState(current),
          createdAt: current.createdAt,
          lastSeq: current.lastSeq,
        },
        shopper: {
          id: shopper.id,
          identified: shopper.identified,
          ...(shopper.name ? { name: shopper.name } : {}),
        },
        session: this.sessionToken(site, shopper),
        limits: {
          maxFrameBytes: LIMITS.maxFrameBytes,
          maxTextChars: LIMITS.maxTextChars,
          maxQuickReplies: LIMITS.maxQuickReplies,
          maxHistoryPage: LIMITS.maxHistoryPage,
        },
        heartbeatMs: this.o.limits.heartbeatMs,
        agentReadSeq: current.agentReadSeq,
      };
      if (hello.id) welcome.re = hello.id;
      this.conn.send(welcome);
      // A fresh client gets the latest page; a resuming one everything after what it has.
      const from = resumesHere
        ? Math.min(hello.resume!.lastSeq, current.lastSeq)
        : Math.max(0, current.lastSeq - LIMITS.maxHistoryPage);
      return { deliveredSeq: from };
    });
    this.present = true;
    this.presence.connected(conversation.id);
  }

  async handle(frame: ShopperToHub): Promise<void> {
    const id = this.conversationId;
    switch (frame.type) {
      case 'hello':
        throw new KefuError('conflict', 'hello was already received on this connection');
      case 'send': {
        const { message, duplicate } = await this.conversations.shopperSend(
          id,
          this.shopper,
          frame.clientMsgId,
          frame.content,
        );
        this.conn.send({
          v: PROTOCOL_VERSION,
          type: 'ack',
          ...(frame.id ? { re: frame.id } : {}),
          conversationId: id,
          clientMsgId: frame.clientMsgId,
          seq: message.seq,
          messageId: message.id,
          createdAt: message.createdAt,
          duplicate,
        });
        return;
      }
      case 'typing':
        return this.conversations.typing(id, { kind: 'shopper' }, frame.on);
      case 'read':
        return this.conversations.markRead(id, 'shopper', frame.seq);
      case 'context':
        return this.conversations.updatePage(id, frame.page);
      case 'csat':
        return this.conversations.rate(id, frame.rating, frame.comment);
      case 'feedback':
        return this.conversations.feedback(id, frame.seq, frame.helpful);
      case 'history':
        this.conn.send(await this.conversations.historyPage(id, frame.before, frame.limit, frame.id));
        return;
      case 'ping':
        this.conn.send({
          v: PROTOCOL_VERSION,
          type: 'pong',
          ...(frame.id ? { re: frame.id } : {}),
          ...(frame.t ? { t: frame.t } : {}),
        });
        return;
    }
  }

  async stop(): Promise<void> {
    await this.feed?.stop();
    if (this.present) this.presence.disconnected(this.conversationId);
    this.present = false;
  }

  /** Who the shopper is: a valid session token, else a valid identity token, else their device. */
  private async identify(hello: ShopperHello, site: SiteConfig): Promise<ShopperInfo | null> {
    const now = this.o.clock.now();
    if (hello.identity) {
      const identity = await this.verifyIdentity(hello.identity, site, now);
      if (!identity.ok) {
        this.conn.close('unauthorized', identity.reason, hello.id);
        return null;
      }
      return identity.shopper;
    }
    if (hello.session) {
      const claims = verifyToken(hello.session, this.o.secret);
      if (
        claims &&
        claims.site === site.key &&
        typeof claims.sid === 'string' &&
        typeof claims.exp === 'number' &&
        claims.exp > now
      ) {
        const info: ShopperInfo = { id: claims.sid, identified: claims.identified === true };
        for (const key of ['name', 'email', 'tier'] as const)
          if (typeof claims[key] === 'string') info[key] = claims[key];
        return info;
      }
      // An expired or foreign session falls back to the device: the shopper keeps chatting anonymously.
    }
    return { id: shopperId('d', hello.deviceId), identified: false };
  }

  private async verifyIdentity(
    token: string,
    site: SiteConfig,
    now: number,
  ): Promise<{ ok: true; shopper: ShopperInfo } | { ok: false; reason: string }> {
    if (this.o.verifyIdentity) {
      const identity = await this.o.verifyIdentity(token, { key: site.key }).catch(() => null);
      if (!identity) return { ok: false, reason: 'identity token was refused' };
      return { ok: true, shopper: { ...identity, id: shopperId('u', identity.id), identified: true } };
    }
    if (!site.identitySecret)
      return {
        ok: false,
        reason: `site ${site.key} has no identitySecret; identity tokens are not accepted`,
      };
    const checked = readIdentityToken(token, site.identitySecret, now);
    if (!checked.ok) return checked;
    const fresh = await this.o.store.useNonce(
      `${site.key}:${checked.claims.nonce}`,
      checked.claims.exp * 1000,
      now,
    );
    if (!fresh) return { ok: false, reason: 'identity token was already used (replayed)' };
    const { id, exp: _exp, nonce: _nonce, ...rest } = checked.claims;
    return { ok: true, shopper: { ...rest, id: shopperId('u', id), identified: true } };
  }

  private sessionToken(site: SiteConfig, shopper: ShopperInfo): string {
    return signToken(
      {
        sid: shopper.id,
        site: site.key,
        identified: shopper.identified,
        name: shopper.name,
        email: shopper.email,
        tier: shopper.tier,
        exp: this.o.clock.now() + this.o.sessionTtlMs,
      },
      this.o.secret,
    );
  }
}
