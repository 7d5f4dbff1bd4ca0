import type { Content, Order, PageContext, QuickRepliesContent, TextContent } from '@kefu/protocol';
import type { StoredConversation } from '../store/store.ts';
import type { AgentProfile, Requirements } from './agents.ts';
import type { Policy } from './policy.ts';
import type { ShopperIdentity, ShopperInfo } from './shopper.ts';
import type { SupportTier, TicketAdvice } from './tickets.ts';
import type { Understanding } from './understanding.ts';

// Every merchant plug-in's contract. Default implementations live beside their concern
// (the FAQ bot in faq/, the router in routing/); the hub only runs them.

/** What every plug-in is told about where it runs. */
export interface PluginContext {
  conversation: StoredConversation;
  shopper: ShopperInfo;
  page?: PageContext;
  locale?: string;
  /** Aborted when the plug-in's time is up; pass it to fetch() and friends. */
  signal: AbortSignal;
  /** The merchant's order lookup, already wrapped with its timeout. */
  lookupOrder(orderId: string): Promise<Order | null>;
  /** The hub's policy numbers (confidence, anger, capacity …), as the merchant set them. */
  policy: Readonly<Policy>;
}

export interface BotQuestion {
  text: string;
  /** The payload of the quick reply the shopper tapped, if any. */
  payload?: string;
  understanding?: Understanding;
  /** Bot turns in a row that did not answer confidently, before this one. */
  failedBotTurns: number;
}

/** Content the bot may send. */
export type BotContent = TextContent | QuickRepliesContent | Extract<Content, { kind: 'product' | 'order' }>;

export interface BotAnswer {
  content: BotContent[];
  /** The knowledge-base entry answered, for feedback and reports. */
  entryId?: string;
  /** 0..1; an answer under the hub's `policy.botConfidence` (0.5) counts as a failed turn. */
  confidence?: number;
  /** Ask for a human after this answer (with a reason people can read). */
  handoff?: boolean | { reason: string };
}

/** The bot: answers a shopper message, or returns null to say "I can't". */
export type AnswerPlugin = (question: BotQuestion, ctx: PluginContext) => Promise<BotAnswer | null>;

/** Labels a shopper message with intent, anger and confidence. */
export type UnderstandPlugin = (text: string, ctx: PluginContext) => Promise<Understanding | undefined>;

export interface EscalationSignals {
  text: string;
  understanding?: Understanding;
  /** The bot's answer to this message (null when it had none or failed). */
  answer: BotAnswer | null;
  failedBotTurns: number;
  /**
   * Set when the rules run because the shopper just marked a bot answer "not helpful" (`text` is
   * then empty and `answer` is that answer): how many of the bot's answers since it last handed
   * over the shopper now marks so. The default rules hand over at `policy.maxFailedBotTurns`.
   */
  notHelpful?: number;
}

export type EscalationDecision = { escalate: false } | { escalate: true; reason: string; priority?: number };

/** Decides, after the bot's turn, whether the conversation goes to a human. */
export type ShouldEscalatePlugin = (
  signals: EscalationSignals,
  ctx: PluginContext,
) => Promise<EscalationDecision>;

export interface RouteDecision {
  group: string;
  /** Higher is served first (default 0). */
  priority?: number;
  reason?: string;
  /** L1 bot, L2 agent, L3 ticket with deadlines (default L2). */
  tier?: SupportTier;
  /** What the agent must be; relaxed after a while so nobody waits for ever. */
  requires?: Requirements;
  /** Make it a ticket: offline (nobody can chat now) or alongside the queue (L3). */
  ticket?: TicketAdvice;
}

export interface RouteInput {
  reason: string;
  understanding?: Understanding;
  /** Priority suggested by the escalation step. */
  priority?: number;
  /**
   * The group the hand-over is about, when the hub knows it: "talk to a person" under an order
   * exception's apology names the exception rule's group (where its L3 ticket went). The default
   * router starts from it (VIP lane, staffing and office hours still apply); a router of your own
   * should too.
   */
  group?: string;
}

/** What a router is told: the plug-in context, and who can take a conversation now. */
export interface RouteContext extends PluginContext {
  /**
   * Whether an agent of `group` is online now, on any node: a router that names a group nobody
   * serves leaves the shopper in a queue nobody reads. The hub passes it unless
   * `routing.ticketWhenUnstaffed` is false; `createRouter` uses it (nobody online → the default
   * group, else a ticket) when its own config gives no `isStaffed`.
   */
  isStaffed?: (group: string, requires?: Requirements) => boolean;
}

/** Chooses the skill group and priority for a conversation that needs a human. */
export type RoutePlugin = (input: RouteInput, ctx: RouteContext) => Promise<RouteDecision>;

/**
 * The merchant's order lookup: the order the bot, self-service actions and agents show, or null
 * when there is none. Texts in it (item titles, the carrier, tracking scans) reach the shopper
 * as they are: return them in `ctx.locale` when the order system has them in more than one language.
 * The order id may come from the shopper's browser (the page context, a message, a button): return
 * the order only when it belongs to `ctx.shopper` (a shopper your identity token names as user 42
 * has the id `u:42`; an anonymous one, `d#…`, owns no order), else null.
 * @example
 * const lookupOrder: LookupOrderPlugin = async (id, { shopper, locale, signal }) => {
 *   const lang = locale?.startsWith('zh') ? 'zh' : 'en';
 *   const res = await fetch(`https://oms.example/orders/${encodeURIComponent(id)}?lang=${lang}`, { signal });
 *   if (!res.ok) return null;
 *   const { ownerId, card } = await res.json();
 *   // Anyone can put any order id on their page: only its owner gets it (an anonymous shopper, no one).
 *   return shopper.userId !== undefined && ownerId === shopper.userId ? card : null;
 * };
 */
export type LookupOrderPlugin = (
  orderId: string,
  ctx: {
    shopper: ShopperInfo;
    /**
     * The site of the conversation: a shopper's `userId` is unique only within a site, so a hub
     * serving shops with separate user accounts compares the order's shop as well as its owner.
     */
    siteKey: string;
    /** The shopper's locale (BCP 47, e.g. `en-GB`, `zh-CN`), when the conversation has one. */
    locale?: string;
    signal: AbortSignal;
  },
) => Promise<Order | null>;

/** Recognises a logged-in shopper from the token the page passed in; null refuses it. */
export type VerifyIdentityPlugin = (token: string, site: { key: string }) => Promise<ShopperIdentity | null>;

export type AuthenticateAgentPlugin = (token: string) => Promise<AgentProfile | null>;
