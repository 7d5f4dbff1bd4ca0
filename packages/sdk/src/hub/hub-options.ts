import { CannedReply, LIMITS } from '@kefu/protocol';
import type { Bus } from '../bus/bus.ts';
import { createMemoryBus } from '../bus/memory-bus.ts';
import { type Clock, systemClock } from '../clock.ts';
import type { AssistOptions } from '../conversation/assistant.ts';
import { type BotName, type BotNames, botNameProblems, resolveBotName } from '../conversation/bot-name.ts';
import { DEFAULT_BOT_RETRY_MS } from '../conversation/bot-turn-retry.ts';
import { defaultAnswer } from '../conversation/default-answer.ts';
import type { KnowledgeBaseOptions } from '../faq/knowledge-editor.ts';
import {
  type HttpApiOptions,
  type ResolvedHttpApiOptions,
  resolveHttpApiOptions,
} from '../http/http-options.ts';
import { defaultIds, type IdGenerator } from '../ids.ts';
import type { HubImageOptions } from '../images/image-library.ts';
import { createJsonLogger, type Logger } from '../logger.ts';
import { resolveActions, withActionOffers } from '../proactive/actions.ts';
import { type NotificationLimits, resolveNotificationLimits } from '../proactive/notify-record.ts';
import { type OrderRules, resolveOrderRules } from '../proactive/order-rules.ts';
import { DEFAULT_QA_RULES, type QaRule } from '../quality/rules.ts';
import type { RouterConfig } from '../routing/default-router.ts';
import type { RoutingOptions } from '../routing/dispatcher-contract.ts';
import { createEscalationRules } from '../routing/escalation-rules.ts';
import { knownTimeZone, TIME_ZONE_RULE } from '../routing/office-hours.ts';
import type { SelfServiceActions } from '../seams/actions.ts';
import type { AgentProfile } from '../seams/agents.ts';
import type { ClassifyImagePlugin } from '../seams/classify-image.ts';
import { loggedPluginFailures, type PluginFailures } from '../seams/plugin-failures.ts';
import type {
  AnswerPlugin,
  AuthenticateAgentPlugin,
  LookupOrderPlugin,
  RoutePlugin,
  ShouldEscalatePlugin,
  UnderstandPlugin,
  VerifyIdentityPlugin,
} from '../seams/plugins.ts';
import { type Policy, resolvePolicy } from '../seams/policy.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { Store } from '../store/store.ts';
import { understandPlugin } from '../understand/understand.ts';
import {
  type ResolvedWebhookOptions,
  resolveWebhookOptions,
  type WebhookOptions,
} from '../webhooks/webhook-options.ts';
import { checkBackend, checkPlugins } from './check-plug-ins.ts';
import { trustedProxyCount } from './client-address.ts';
import { checkDeadlines, checkUpTo } from './duration-bounds.ts';
import { type HubLimits, MAX_DAYS, MAX_TIMER_MS, resolveLimits } from './hub-limits.ts';
import { HubOptionsError } from './hub-options-error.ts';
import { resolveImageOptions } from './image-options.ts';
import { type ResolvedAgents, resolveAgents } from './resolve-agents.ts';
import { DEFAULT_SIGN_IN_THROTTLE, type SignInThrottleOptions } from './sign-in-throttle.ts';
import { randomSecret } from './signed-token.ts';
import { resolveSites, type SiteConfig } from './site-config.ts';

export type { SiteConfig };

export interface AgentConfig extends AgentProfile {
  token: string;
}

export interface HubOptions {
  sites: SiteConfig[];
  /** Agents and their tokens, or a function that resolves a token (your SSO). */
  agents?: AgentConfig[] | AuthenticateAgentPlugin;
  /** Signs the hub's session tokens. Give every node of a cluster the same one; random by default. */
  secret?: string;
  store?: Store;
  bus?: Bus;
  /** The bot. Default: says a human is coming and hands over. */
  answer?: AnswerPlugin;
  /** Labels shopper messages with intent and anger (default: the built-in zh/en understanding; null: none). */
  understand?: UnderstandPlugin | null;
  shouldEscalate?: ShouldEscalatePlugin;
  /** Chooses the group and priority (default: `createRouter(routing.router)` — intent, VIP, anger, language, office hours). */
  route?: RoutePlugin;
  /** Assignment, SLA, tickets, and the default router's rules. */
  routing?: HubRoutingOptions;
  lookupOrder?: LookupOrderPlugin;
  /** Agent assist: knowledge-base suggestions and canned replies for the shopper's last message. */
  assist?: AssistOptions;
  /** Quality inspection of agent messages: rules as data (default `DEFAULT_QA_RULES`; `[]` turns it off). */
  quality?: { rules?: readonly QaRule[] };
  /**
   * The `/metrics` endpoint (Prometheus) and reports: days cut in `timeZone`. With `token`, a
   * request needs `Authorization: Bearer <token>` (compared in constant time). Without one, only
   * a direct request from loopback is served: never one that came through a proxy (`trustProxy`
   * set, or a `Forwarded`, `X-Forwarded-For` or `X-Real-IP` header), since a proxy on the same
   * host would make every visitor look local, nor one addressed to another name than `localhost`
   * or a loopback address (DNS rebinding). Set a token whenever a proxy is in front.
   */
  metrics?: { timeZone?: string; token?: string };
  /** A shopper who comes back this long after their conversation closed starts a new one (default 7 days). */
  newConversationAfterDays?: number;
  /** Erase closed conversations untouched for `closedDays` (checked every `everyMs`, default hourly). */
  retention?: { closedDays: number; everyMs?: number };
  /**
   * Close as abandoned the conversations nobody touched (no message, no change) for `idleDays`
   * (default 7), checked every `everyMs` (default hourly); tickets are left to their deadlines.
   * `false` turns it off.
   */
  abandonment?: { idleDays?: number; everyMs?: number } | false;
  /** Replaces the built-in HMAC check of identity tokens. */
  verifyIdentity?: VerifyIdentityPlugin;
  /** Time each plug-in call may take (default 3000 ms), agent sign-in included. */
  pluginTimeoutMs?: number;
  /** Back-off on failed agent sign-ins, per address and node-wide; see `DEFAULT_SIGN_IN_THROTTLE`. */
  signIn?: Partial<SignInThrottleOptions>;
  /** The hub's policy numbers (bot confidence, anger threshold, capacity …); see `DEFAULT_POLICY`. */
  policy?: Partial<Policy>;
  /**
   * The bot's display name (default "Kefu"): one for every shopper, or one per language of the
   * hub's own words, chosen from each shopper's locale: `{ zh: '小客', 'zh-Hant': '小客', en: 'Kefu assistant' }`.
   * A language without a name borrows one: zh-Hant and zh from each other, then en, then the first given.
   */
  botName?: BotName;
  /**
   * The bot's first line in a new conversation, per language (Chinese for any `zh` locale,
   * English otherwise): say what your shop's bot can do. Default 「您好！请问有什么可以帮您？」 /
   * "Hi! How can we help you today?". The FAQ bot's `messages.greeting` is its reply to a "hi".
   */
  greeting?: { zh?: string; en?: string };
  /**
   * While the shopper waits for a person (queued, or a ticket nobody took yet), the bot still
   * answers a question it answers outright, and stays silent on anything else (default true;
   * `false`: silent until the person comes).
   */
  botWhileWaiting?: boolean;
  /**
   * Waits before each new try of a bot turn that failed for a passing reason (the store was
   * unreachable or timed out): default `[1000, 2000, 4000, 8000, 16000, 30000]`, about a minute in
   * all; `[]` tries once. A turn that still fails hands the conversation to people.
   */
  botRetryMs?: readonly number[];
  /** Session token lifetime of an anonymous (device) shopper (default 30 days). */
  sessionTtlMs?: number;
  /**
   * Session token lifetime of a shopper signed in with an identity token (default 12 hours):
   * shorter, because a shared computer keeps the session in the browser.
   */
  identifiedSessionTtlMs?: number;
  limits?: Partial<HubLimits>;
  /**
   * How many proxies you run in front of the hub (`true` is one; default none). The client's
   * address is then the one the outermost of them saw: the `trustProxy`-th entry of
   * `X-Forwarded-For` from the right (entries further left are written by the client and
   * ignored); a missing or malformed header gives the socket's address. Behind proxies the TCP
   * peer is a proxy, so connections count against `limits.maxConnectionsPerIp` by the forwarded
   * address once their upgrade request is complete; half-sent requests are the proxy's to time
   * out (nginx's `client_header_timeout`), and any socket still not upgraded after
   * `limits.upgradeTimeoutMs` is closed by the hub too.
   */
  trustProxy?: boolean | number;
  /** Path the WebSocket endpoint answers on (default any path). */
  path?: string;
  /** The HTTP API: body limit, rate limit per key, keys from config (see docs/http-api.md). */
  http?: HttpApiOptions;
  /**
   * Photos in the chat (docs/photos.md): the upload route, signed image URLs and where the bytes
   * live. Unset: the hub takes no images. No default store: a temporary folder or memory would
   * lose shoppers' proof of damage on a restart, so the merchant names where it is kept.
   */
  images?: HubImageOptions;
  /**
   * Recognises what a shopper's photo shows (no model ships: see docs/photos.md). A `damaged`,
   * `wrong_item` or `missing_part` label routes the conversation as `after_sale`; the agent sees
   * the label and confidence in the assist panel. Needs `images`.
   */
  classifyImage?: ClassifyImagePlugin;
  /**
   * The knowledge base the back office edits (`hub.admin.knowledge`, the HTTP API's `/kb`):
   * edits reload `engine`, approved drafts become entries, `onChange` keeps them.
   */
  knowledgeBase?: KnowledgeBaseOptions;
  /** Signed webhooks from a durable outbox in the store (see docs/webhooks.md). */
  webhooks?: WebhookOptions;
  logger?: Logger;
  clock?: Clock;
  ids?: IdGenerator;
  /** How often the shop may notify one shopper unasked, and how long a `dedupeKey` counts (see docs/proactive.md). */
  notifications?: Partial<NotificationLimits>;
  /** Which order events notify the shopper and which are exceptions; defaults in `DEFAULT_ORDER_RULES`. */
  orderRules?: Partial<OrderRules>;
  /** Self-service actions the bot offers and the shopper confirms (see docs/proactive.md, `defineAction`). */
  actions?: SelfServiceActions;
}

export interface HubRoutingOptions extends RoutingOptions {
  /** Rules of the default router (ignored when you pass your own `route`). */
  router?: Omit<RouterConfig, 'clock' | 'isStaffed'>;
  /**
   * With an `agents` function: the groups your agents can be in, so a transfer to one is queued
   * for it while nobody of it has signed in yet (the groups the router and SLAs name count too).
   * With an agents list, its groups are the ones.
   */
  groups?: readonly string[];
}

export interface ResolvedHubOptions extends ResolvedAgents {
  sites: Map<string, SiteConfig>;
  secret: string;
  store: Store;
  ownsStore: boolean;
  bus: Bus;
  ownsBus: boolean;
  answer: AnswerPlugin;
  understand?: UnderstandPlugin;
  shouldEscalate: ShouldEscalatePlugin;
  /** Undefined: the hub builds the default router on its agent directory. */
  route?: RoutePlugin;
  routing: HubRoutingOptions;
  lookupOrder?: LookupOrderPlugin;
  assist: AssistOptions;
  qaRules: readonly QaRule[];
  metrics: { timeZone?: string; token?: string };
  retention?: { closedDays: number; everyMs?: number };
  /** Unset when turned off. */
  abandonment?: { idleMs: number; everyMs: number };
  freshAfterMs: number;
  verifyIdentity?: VerifyIdentityPlugin;
  pluginTimeoutMs: number;
  signIn: SignInThrottleOptions;
  policy: Readonly<Policy>;
  botName: BotNames;
  greeting: { zh?: string; en?: string };
  botWhileWaiting: boolean;
  botRetryMs: readonly number[];
  sessionTtlMs: number;
  identifiedSessionTtlMs: number;
  limits: HubLimits;
  /** Proxies trusted in front of the hub (see `HubOptions.trustProxy`); 0 for none. */
  trustProxy: number;
  path?: string;
  http: ResolvedHttpApiOptions;
  images?: Required<HubImageOptions>;
  classifyImage?: ClassifyImagePlugin;
  knowledgeBase?: KnowledgeBaseOptions;
  webhooks: ResolvedWebhookOptions;
  logger: Logger;
  clock: Clock;
  ids: IdGenerator;
  notifications: NotificationLimits;
  orderRules: OrderRules;
  actions: SelfServiceActions;
  /** Where failures of merchant functions called inside another plug-in (an action's `eligible`) go. */
  pluginFailures: PluginFailures;
}

function fail(message: string): never {
  throw new TypeError(`createHub: ${message}`);
}

/**
 * Checks options early, with a precise message, and fills in the defaults. Every refusal is a
 * {@link HubOptionsError} (code `HUB_OPTIONS_INVALID`): the checks of other folders (order rules,
 * actions, office hours) throw plain TypeErrors and RangeErrors naming the option, wrapped here so
 * a merchant catches one class whichever option is wrong. `problems` are reported with its own
 * (misspelt keys and wrong values: `resolveCheckedHubOptions`, unknown-options.ts, which callers use).
 */
export function resolveHubOptions(options: HubOptions, problems: readonly string[] = []): ResolvedHubOptions {
  try {
    return resolveChecked(options, problems);
  } catch (error) {
    if (error instanceof HubOptionsError || !(error instanceof TypeError || error instanceof RangeError))
      throw error;
    throw new HubOptionsError([error.message.replace(/^createHub: /, '')], { cause: error });
  }
}

function resolveChecked(options: HubOptions, found: readonly string[]): ResolvedHubOptions {
  // A list of checks, one per option, so every bad option fails at start with its own message.
  if (!options || !Array.isArray(options.sites) || options.sites.length === 0)
    fail('options.sites must list at least one site ({ key, origins })');
  // Sites and agents are lists a merchant writes by hand: every problem in them is named at once.
  const problems: string[] = [];
  const report = (problem: string) => void problems.push(problem);
  const sites = resolveSites(options.sites, report);
  const agents = resolveAgents(options, report);
  for (const problem of found) report(problem);
  if (problems.length) throw new HubOptionsError(problems);
  const limits = resolveLimits(options.limits);
  // Timers cannot wait longer than 2^31 - 1 ms: Node fires a larger delay after 1 ms.
  for (const [key, value] of Object.entries(limits))
    if (typeof value !== 'number' || !(value > 0) || value > MAX_TIMER_MS)
      fail(`limits.${key} must be a positive number up to ${MAX_TIMER_MS}`);
  const timeout = options.pluginTimeoutMs ?? 3000;
  if (!(timeout > 0) || timeout > MAX_TIMER_MS)
    fail(`pluginTimeoutMs must be a positive number up to ${MAX_TIMER_MS}`);
  if (options.secret !== undefined && (typeof options.secret !== 'string' || options.secret.length < 16))
    fail('secret must be a string of at least 16 characters');
  for (const key of ['acceptTimeoutMs', 'agentGraceMs'] as const) {
    const value = options.routing?.[key];
    if (value !== undefined && !(value > 0 && value <= MAX_TIMER_MS))
      fail(`routing.${key} must be a positive number up to ${MAX_TIMER_MS}`);
  }
  for (const key of ['pollMs', 'leaseMs'] as const) {
    const value = options.routing?.timers?.[key];
    if (value !== undefined && !(value > 0 && value <= MAX_TIMER_MS))
      fail(`routing.timers.${key} must be a positive number up to ${MAX_TIMER_MS}`);
  }
  checkDeadlines(options.routing);
  checkUpTo('newConversationAfterDays', options.newConversationAfterDays, MAX_DAYS, 'days');
  // Reports cut days in it: an unknown zone would fail every report and /metrics scrape instead.
  const metricsZone = options.metrics?.timeZone;
  if (metricsZone !== undefined && !knownTimeZone(metricsZone))
    fail(`metrics.timeZone ${TIME_ZONE_RULE}, got ${JSON.stringify(metricsZone)}`);
  const signIn = { ...DEFAULT_SIGN_IN_THROTTLE, ...options.signIn };
  for (const [key, value] of Object.entries(signIn))
    if (typeof value !== 'number' || !(value >= (key === 'freeFailures' ? 0 : 1)) || value > MAX_TIMER_MS)
      fail(`signIn.${key} must be a number from ${key === 'freeFailures' ? 0 : 1} up to ${MAX_TIMER_MS}`);
  const trustProxy = trustedProxyCount(options.trustProxy);
  if (trustProxy === undefined)
    fail('trustProxy must be true, false or the number of proxies in front of the hub (an integer ≥ 0)');
  const ttl = options.sessionTtlMs ?? 30 * 24 * 3600 * 1000;
  if (!(ttl > 0) || !Number.isFinite(ttl)) fail('sessionTtlMs must be a positive number of milliseconds');
  const identifiedTtl = options.identifiedSessionTtlMs ?? 12 * 3600 * 1000;
  if (!(identifiedTtl > 0) || !Number.isFinite(identifiedTtl))
    fail('identifiedSessionTtlMs must be a positive number of milliseconds');

  const secret = options.secret ?? randomSecret();
  const images = resolveImageOptions(options.images, fail);
  if (options.classifyImage !== undefined && typeof options.classifyImage !== 'function')
    fail('classifyImage must be a function (image, ctx) => Promise<{ label, confidence } | null>');
  if (options.classifyImage && !images)
    fail('classifyImage needs the images option: photos are taken only with it');
  if (options.botWhileWaiting !== undefined && typeof options.botWhileWaiting !== 'boolean')
    fail('botWhileWaiting must be true or false');
  const botName = options.botName ?? 'Kefu';
  const [nameProblem] = botNameProblems(botName);
  if (nameProblem) fail(`botName${nameProblem.key ? `.${nameProblem.key}` : ''} ${nameProblem.message}`);
  const botRetryMs = options.botRetryMs ?? DEFAULT_BOT_RETRY_MS;
  if (
    !Array.isArray(botRetryMs) ||
    botRetryMs.length > 20 ||
    !botRetryMs.every((ms) => typeof ms === 'number' && ms >= 0 && ms <= MAX_TIMER_MS)
  )
    fail(`botRetryMs must be a list of up to 20 waits, each from 0 to ${MAX_TIMER_MS} ms`);
  for (const [lang, text] of Object.entries(options.greeting ?? {}))
    if (
      !['zh', 'en'].includes(lang) ||
      typeof text !== 'string' ||
      !text.trim() ||
      text.length > LIMITS.maxTextChars
    )
      fail(`greeting.${lang} must be zh or en with a text of 1-${LIMITS.maxTextChars} characters`);
  const actions = resolveActions(options.actions);
  const logger = options.logger ?? createJsonLogger();
  const clock = options.clock ?? systemClock;
  // Reported through the conversations once the hub has made them (create-hub.ts); logged until then.
  const pluginFailures = loggedPluginFailures(logger);
  // Every agent's welcome carries them: one bad reply (a `javascript:` picture) would fail them all.
  for (const [i, reply] of (options.assist?.canned ?? []).entries()) {
    const checked = CannedReply.safeParse(reply);
    if (!checked.success)
      fail(
        `assist.canned[${i}] is not a canned reply: ${checked.error.issues[0]?.path.join('.')} ${checked.error.issues[0]?.message}`,
      );
    // The console uploads the picture to the conversation: without `images` every send is refused.
    if (checked.data.image && !images)
      fail(
        `assist.canned[${i}] (${checked.data.id}) has an image, which needs the images option: set images, or remove the image`,
      );
  }
  const orderRules = resolveOrderRules(options.orderRules);
  for (const [status, names] of Object.entries(orderRules.offer ?? {}))
    for (const name of names ?? [])
      if (!Object.hasOwn(actions, name))
        fail(`orderRules.offer.${status} names ${name}, which is not in actions`);
  checkPlugins(options);
  checkBackend('store', options.store, ['appendMessage', 'findLatestConversation', 'close']);
  checkBackend('bus', options.bus, ['publish', 'subscribe', 'close']);
  const store = options.store ?? createMemoryStore();
  const bus = options.bus ?? createMemoryBus();
  const resolved: ResolvedHubOptions = {
    sites,
    ...agents,
    secret,
    store,
    ...(images ? { images: { ...images, secret: images.secret ?? secret } } : {}),
    ...(options.classifyImage ? { classifyImage: options.classifyImage } : {}),
    ownsStore: options.store === undefined,
    bus,
    ownsBus: options.bus === undefined,
    // The merchant's bot, with buttons for the self-service actions that fit the shopper's intent.
    answer: withActionOffers(options.answer ?? defaultAnswer, actions, pluginFailures, {
      clock,
      pluginTimeoutMs: timeout,
    }),
    pluginFailures,
    shouldEscalate: options.shouldEscalate ?? createEscalationRules(),
    routing: options.routing ?? {},
    assist: options.assist ?? {},
    qaRules: options.quality?.rules ?? DEFAULT_QA_RULES,
    metrics: options.metrics ?? {},
    freshAfterMs: (options.newConversationAfterDays ?? 7) * 86_400_000,
    pluginTimeoutMs: timeout,
    signIn,
    policy: resolvePolicy(options.policy),
    botName: resolveBotName(botName),
    greeting: options.greeting ?? {},
    botWhileWaiting: options.botWhileWaiting ?? true,
    botRetryMs,
    sessionTtlMs: ttl,
    identifiedSessionTtlMs: identifiedTtl,
    limits,
    trustProxy,
    http: resolveHttpApiOptions(options.http, fail),
    webhooks: resolveWebhookOptions(options.webhooks, fail),
    logger,
    clock,
    ids: options.ids ?? defaultIds,
    notifications: resolveNotificationLimits(options.notifications),
    orderRules,
    actions,
  };
  // Intent and anger for every shopper message unless the merchant brings their own (or turns it off with null).
  if (options.understand !== null) resolved.understand = options.understand ?? understandPlugin;
  if (options.route) resolved.route = options.route;
  if (options.retention) {
    if (!(options.retention.closedDays > 0)) fail('retention.closedDays must be a positive number of days');
    checkUpTo('retention.closedDays', options.retention.closedDays, MAX_DAYS, 'days');
    // A repeating plain timer: past Node's reach it ran the erasure every millisecond.
    checkUpTo('retention.everyMs', options.retention.everyMs, MAX_TIMER_MS, 'ms');
    resolved.retention = options.retention;
  }
  if (options.abandonment !== false) {
    const { idleDays = 7, everyMs = 3_600_000 } = options.abandonment ?? {};
    if (!(idleDays > 0) || !Number.isFinite(idleDays))
      fail('abandonment.idleDays must be a positive number of days');
    checkUpTo('abandonment.idleDays', idleDays, MAX_DAYS, 'days');
    if (!(everyMs >= 1000) || everyMs > MAX_TIMER_MS)
      fail(`abandonment.everyMs must be a number of milliseconds from 1000 up to ${MAX_TIMER_MS}`);
    resolved.abandonment = { idleMs: idleDays * 86_400_000, everyMs };
  }
  if (options.lookupOrder) resolved.lookupOrder = options.lookupOrder;
  if (options.verifyIdentity) resolved.verifyIdentity = options.verifyIdentity;
  if (options.path) resolved.path = options.path;
  if (options.knowledgeBase) resolved.knowledgeBase = options.knowledgeBase;
  return resolved;
}
