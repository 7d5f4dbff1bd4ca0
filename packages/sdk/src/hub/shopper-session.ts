import {
  type Author,
  encodeFrame,
  KefuError,
  LIMITS,
  type Message,
  PROTOCOL_VERSION,
  type ShopperHello,
  type ShopperToHub,
  type Welcome,
} from '@kefu/protocol';
import type { Conversations } from '../conversation/conversations.ts';
import type { ResumeRefused } from '../conversation/open-shopper-conversation.ts';
import { shopperMessage, shopperState } from '../conversation/shopper-view.ts';
import { presenter } from '../images/image-library.ts';
import type { ShopperInfo } from '../seams/shopper.ts';
import { addressSource } from './address-source.ts';
import type { Connection } from './connection.ts';
import { ConversationFeed } from './conversation-feed.ts';
import { encodeFrameText } from './frame-text.ts';
import type { ResolvedHubOptions, SiteConfig } from './hub-options.ts';
import { identifyShopper } from './identify-shopper.ts';
import { signSession } from './session-token.ts';
import type { ShopperLimits } from './shopper-limits.ts';
import { shopperPage, shopperProduct } from './shopper-page.ts';
import type { ShopperPresence } from './shopper-presence.ts';

/** What the shopper is told when the conversation their hello resumes is not the one they land in. */
const RESUME_REFUSED: Record<ResumeRefused, string> = {
  forbidden: 'that conversation belongs to someone else; here is yours',
  not_found:
    'that conversation is no longer available (deleted, or it never existed); here is your current one',
};

/** A shopper's connection after a valid hello: their one conversation, and nothing else. */
export class ShopperSession {
  private feed?: ConversationFeed;

  /** Messages as this client gets them: see ImageLibrary.present. */
  private presentMessage: (message: Message) => Message = (message) => message;
  private shopper!: ShopperInfo;
  /** The shopper as their messages' author: one object for all of them (the store keeps it with each). */
  private author?: Author;
  private site!: SiteConfig;
  private conversationId!: string;
  /** Counted in the cluster's shopper presence (from the welcome until the socket closes). */
  private present = false;
  /** Counted against the shopper's connections on this node (from the hello until the socket closes). */
  private counted?: { siteKey: string; shopperId: string };
  /** The address as the routing queue counts it (see addressSource), once the hello is welcomed. */
  private source!: string;

  constructor(
    private readonly conn: Connection,
    private readonly o: ResolvedHubOptions,
    private readonly conversations: Conversations,
    private readonly presence: ShopperPresence,
    private readonly limits: ShopperLimits,
    private readonly onError: (error: unknown) => void,
  ) {}

  get id(): string {
    return this.shopper?.id ?? 'pending';
  }

  async start(hello: ShopperHello): Promise<void> {
    if (this.conn.siteKey !== undefined && this.conn.siteKey !== hello.siteKey)
      return this.conn.close(
        'unauthorized',
        `the URL's site ${this.conn.siteKey} and the hello's siteKey ${hello.siteKey} disagree; connect with ?site=<the hello's siteKey>`,
        hello.id,
      );
    const site = this.o.sites.get(hello.siteKey);
    if (!site) return this.conn.close('unauthorized', `unknown site key ${hello.siteKey}`, hello.id);
    this.site = site;
    const identified = await identifyShopper(this.o, hello, site);
    if ('refused' in identified) return this.conn.close('unauthorized', identified.refused, hello.id);
    let shopper = identified.shopper;
    this.shopper = shopper;
    this.conn.shopperId = shopper.id;
    // Every refusal a retry of this same hello may get past comes before an identity token is
    // spent (`claim`, in `admit`): the client retries with the same single-use token, and one
    // spent by a refused hello turned a busy minute into "cannot connect" until a reload.
    if (!this.limits.connect(site.key, shopper.id))
      return this.conn.close(
        'too_many_connections',
        `at most ${this.o.limits.maxConnectionsPerShopper} connections per shopper`,
        hello.id,
      );
    this.counted = { siteKey: site.key, shopperId: shopper.id };
    let opened: Awaited<ReturnType<Conversations['open']>>;
    /** The conversation whose history budget `admit` charged a page's least cost. */
    let chargedFloorOf: string | undefined;
    try {
      opened = await this.conversations.open({
        siteKey: site.key,
        shopper,
        ...(hello.resume ? { resumeId: hello.resume.conversationId } : {}),
        ...(hello.page ? { page: shopperPage(hello.page, this.conn.origin, site) } : {}),
        ...(hello.locale ? { locale: hello.locale } : {}),
        ...(identified.carryFrom ? { carryFrom: identified.carryFrom } : {}),
        admit: async (found) => {
          if (!found && !this.limits.admitNewConversation(this.conn.ip))
            throw new KefuError(
              'rate_limited',
              'too many new conversations from this address: try again in a minute',
            );
          // The welcome replays up to a page of messages (over a megabyte when they are long): paid from
          // the history budget, or a shopper reconnecting in a loop had the hub send 77 MB/s. And at
          // least as a `history` page is, since it costs the same store queries however little it
          // replays: paid by bytes alone, one session on 40 sockets was welcomed ~55 times a second.
          // (A new conversation's budget is untouched: new ones have their per-address budget.)
          if (found && !this.limits.admitHistoryPage(found.id))
            throw new KefuError('rate_limited', 'reconnecting too often; retry shortly');
          if (found) chargedFloorOf = found.id;
          // Last, and before anything is written: a replayed token changes nothing (no profile,
          // page or conversation of the victim's), and of two hellos racing with one token one wins.
          return identified.claim ? identified.claim() : shopper;
        },
      });
    } catch (error) {
      if (error instanceof KefuError && (error.code === 'rate_limited' || error.code === 'unauthorized'))
        return this.conn.close(error.code, error.message, hello.id);
      throw error;
    }
    shopper = this.shopper = opened.shopper;
    const { conversation, resumeRefused } = opened;
    // Before the welcome, so a client knows it answers the hello: the welcome that follows is
    // where the shopper landed instead, and a UI can say why their earlier messages are not there.
    if (resumeRefused)
      this.conn.sendError(resumeRefused, RESUME_REFUSED[resumeRefused], hello.id ? { re: hello.id } : {});
    this.conversationId = conversation.id;
    this.source = addressSource(this.o.secret, this.conn.ip);
    let replayed = 0;
    const resumesHere = hello.resume && !resumeRefused && hello.resume.conversationId === conversation.id;
    const present = presenter(this.conversations.images, hello.features);
    this.presentMessage = (message) => shopperMessage(present(message));
    this.feed = new ConversationFeed(
      conversation.id,
      this.o.store,
      this.o.bus,
      'shopper',
      (f) => {
        if (this.present) return this.conn.send(f);
        const text = typeof f === 'string' ? f : encodeFrameText(f);
        replayed += Buffer.byteLength(text);
        this.conn.send(text);
      },
      this.onError,
      undefined,
      this.presentMessage,
    );
    await this.feed.start(async () => {
      // Read again after subscribing, so the welcome's lastSeq is not older than the feed.
      const current = (await this.o.store.getConversation(conversation.id)) ?? conversation;
      const welcome: Welcome = {
        v: PROTOCOL_VERSION,
        type: 'welcome',
        conversation: {
          id: current.id,
          state: shopperState(this.conversations.publicState(current)),
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
        shopperReadSeq: current.shopperReadSeq,
        photos: !!this.conversations.images,
      };
      if (hello.id) welcome.re = hello.id;
      this.conn.send(welcome);
      // A fresh client gets the latest page; a resuming one what it missed, but at most that page:
      // one far behind (a tab asleep for days) pages the rest in with `history`, as the agent's
      // console does, instead of the whole gap streamed at once.
      const latestPage = Math.max(0, current.lastSeq - LIMITS.maxHistoryPage);
      const from = resumesHere
        ? Math.max(latestPage, Math.min(hello.resume!.lastSeq, current.lastSeq))
        : latestPage;
      return { deliveredSeq: from, stateVersion: current.version, lastSeq: current.lastSeq };
    });
    if (chargedFloorOf === conversation.id) this.limits.chargeHistoryPage(conversation.id, replayed);
    else this.limits.chargeHistory(conversation.id, replayed);
    this.present = true;
    this.presence.connected(conversation.id);
  }

  /** Not async itself: a message (most frames) goes through one promise chain, not two async functions. */
  handle(frame: ShopperToHub): Promise<void> {
    return frame.type === 'send' ? this.sendMessage(frame) : this.handleOther(frame);
  }

  private sendMessage(frame: Extract<ShopperToHub, { type: 'send' }>): Promise<void> {
    const id = this.conversationId;
    let { content } = frame;
    // A product card is the shopper's word about a product, kept as their page's product is.
    if (content.kind === 'product') {
      const product = shopperProduct(content.product, this.conn.origin, this.site);
      if (!product)
        return Promise.reject(new KefuError('invalid_frame', 'content.product.title: names nothing visible'));
      content = { ...content, product };
    }
    // Shared by all of the shopper's sockets; the client's outbox resends what is refused.
    if (!this.limits.admitMessage(id))
      return Promise.reject(
        new KefuError('rate_limited', 'too many messages in this conversation; resend shortly'),
      );
    this.author ??= { kind: 'shopper', id: this.shopper.id };
    // The address a hand-over this message may ask for counts against (maxQueuedPerAddress).
    this.conversations.queueSources.set(id, this.source);
    return this.conversations
      .shopperSend(id, this.author, frame.clientMsgId, content)
      .then(({ message, duplicate }) => {
        // Every message is acked. `re` stays undefined when the client gave no id: JSON leaves it
        // out, which spares a spread of a throwaway object on every message.
        this.conn.send({
          v: PROTOCOL_VERSION,
          type: 'ack',
          re: frame.id,
          conversationId: id,
          clientMsgId: frame.clientMsgId,
          seq: message.seq,
          messageId: message.id,
          createdAt: message.createdAt,
          duplicate,
        });
      });
  }

  private async handleOther(frame: Exclude<ShopperToHub, { type: 'send' }>): Promise<void> {
    const id = this.conversationId;
    switch (frame.type) {
      case 'hello':
        throw new KefuError('conflict', 'hello was already received on this connection');
      case 'typing':
        return this.conversations.typing(id, { kind: 'shopper' }, frame.on);
      case 'read':
        return this.conversations.markRead(id, 'shopper', frame.seq);
      case 'context':
        return this.conversations.updatePage(id, shopperPage(frame.page, this.conn.origin, this.site));
      case 'csat':
        return this.conversations.rate(id, frame.rating, frame.comment);
      case 'feedback':
        // A vote reads the conversation's answers and votes from the event log (the memory store
        // scans every event it holds): paid from the message budget, or one shopper's five sockets
        // sent 50 a second, 12 ms each on a store of 300,000 events, and held the hub's thread.
        if (!this.limits.admitMessage(id))
          throw new KefuError('rate_limited', 'too many messages in this conversation; resend shortly');
        this.conversations.queueSources.set(id, this.source);
        return this.conversations.feedback(id, frame.seq, frame.helpful);
      case 'history': {
        // Shared by the shopper's sockets and paid by the bytes sent: a page can be a thousand
        // times its request, and the frame limit alone let one shopper be sent 27 MB/s.
        // A page costs at least HISTORY_PAGE_SECONDS of the budget: each is a store query.
        if (!this.limits.admitHistoryPage(id))
          throw new KefuError('rate_limited', 'too many history pages; ask again shortly');
        const page = await this.conversations.historyPage(id, frame.before, frame.limit, frame.id);
        const text = encodeFrame({ ...page, messages: page.messages.map(this.presentMessage) });
        this.limits.chargeHistoryPage(id, Buffer.byteLength(text));
        this.conn.send(text);
        return;
      }
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
    if (this.counted) this.limits.disconnect(this.counted.siteKey, this.counted.shopperId);
    this.counted = undefined;
  }

  /** Identified sessions live shorter: a shared computer keeps the token in the browser. */
  private sessionToken(site: SiteConfig, shopper: ShopperInfo): string {
    const iat = this.o.clock.now();
    const ttl = shopper.identified ? this.o.identifiedSessionTtlMs : this.o.sessionTtlMs;
    return signSession(
      { sid: shopper.id, site: site.key, identified: shopper.identified, iat, exp: iat + ttl },
      this.o.secret,
    );
  }
}
