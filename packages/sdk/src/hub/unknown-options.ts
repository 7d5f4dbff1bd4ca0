import { meantKey } from '../config/known-keys.ts';
import type { AssistOptions } from '../conversation/assistant.ts';
import { botNameProblems } from '../conversation/bot-name.ts';
import type { KnowledgeBaseOptions } from '../faq/knowledge-editor.ts';
import type { HttpApiOptions } from '../http/http-options.ts';
import type { HubImageOptions } from '../images/image-library.ts';
import type { NotificationLimits } from '../proactive/notify-record.ts';
import type { SlaPolicy } from '../routing/sla.ts';
import type { RetrySchedule } from '../webhooks/retry-schedule.ts';
import type { WebhookOptions, WebhookSubscriptionConfig } from '../webhooks/webhook-options.ts';
import type { HubLimits } from './hub-limits.ts';
import {
  type AgentConfig,
  type HubOptions,
  type HubRoutingOptions,
  type ResolvedHubOptions,
  resolveHubOptions,
  type SiteConfig,
} from './hub-options.ts';
import type { SignInThrottleOptions } from './sign-in-throttle.ts';

// Options from JavaScript, or from a variable, get no excess-property check: a misspelt key
// (`identitySecrets`, `limits.framesPerSec`) was ignored and its default silently kept. Each list
// below is checked against its type by `satisfies`, so an option added to a type must be added here.

type Keys<T> = Record<keyof Required<T>, true>;
const keys = <T>(record: Keys<T>): readonly string[] => Object.keys(record);

const TOP = keys<HubOptions>({
  sites: true,
  agents: true,
  secret: true,
  store: true,
  bus: true,
  answer: true,
  understand: true,
  shouldEscalate: true,
  route: true,
  routing: true,
  lookupOrder: true,
  assist: true,
  quality: true,
  metrics: true,
  newConversationAfterDays: true,
  retention: true,
  abandonment: true,
  verifyIdentity: true,
  pluginTimeoutMs: true,
  signIn: true,
  policy: true,
  botName: true,
  greeting: true,
  botWhileWaiting: true,
  botRetryMs: true,
  sessionTtlMs: true,
  identifiedSessionTtlMs: true,
  limits: true,
  trustProxy: true,
  path: true,
  http: true,
  images: true,
  classifyImage: true,
  knowledgeBase: true,
  webhooks: true,
  logger: true,
  clock: true,
  ids: true,
  notifications: true,
  orderRules: true,
  actions: true,
});
const SITE = keys<SiteConfig>({ key: true, origins: true, identitySecret: true, name: true, locale: true });
const AGENT = keys<AgentConfig>({
  id: true,
  name: true,
  token: true,
  groups: true,
  avatar: true,
  supervisor: true,
  mayAssign: true,
  capacity: true,
  level: true,
  languages: true,
});
const LIMITS = keys<HubLimits>({
  framesPerSecond: true,
  frameBurst: true,
  agentFramesPerSecond: true,
  agentFrameBurst: true,
  maxConnectionsPerIp: true,
  maxConnectionsPerShopper: true,
  conversationMessagesPerSecond: true,
  conversationMessageBurst: true,
  newConversationsPerAddressPerMinute: true,
  maxQueuedPerAddress: true,
  historyBytesPerSecond: true,
  historyBytesBurst: true,
  heartbeatMs: true,
  idleTimeoutMs: true,
  helloTimeoutMs: true,
  upgradeTimeoutMs: true,
  requestTimeoutMs: true,
  maxBufferedBytes: true,
  maxBufferedBytesPerAddress: true,
  maxQueuedFrames: true,
  maxQueuedBytes: true,
  preWelcomeFrames: true,
  preWelcomeBytes: true,
});
const SIGN_IN = keys<SignInThrottleOptions>({
  freeFailures: true,
  backoffMs: true,
  maxBackoffMs: true,
  nodeFailuresPerMinute: true,
  maxTrackedAddresses: true,
});
const NOTIFICATIONS = keys<NotificationLimits>({ maxPerShopper: true, windowMs: true, dedupeMs: true });
const HTTP = keys<HttpApiOptions>({
  maxBodyBytes: true,
  rateLimit: true,
  apiKeys: true,
  readyTimeoutMs: true,
  inboundSecret: true,
  corsOrigins: true,
});
const WEBHOOKS = keys<WebhookOptions>({
  subscriptions: true,
  allowPrivateNetworks: true,
  timeoutMs: true,
  retry: true,
  pollMs: true,
  leaseMs: true,
  batch: true,
  perSubscription: true,
  keepDays: true,
  random: true,
  resolve: true,
  post: true,
});
const SUBSCRIPTION = keys<WebhookSubscriptionConfig>({ url: true, events: true, secret: true });
const RETRY = keys<RetrySchedule>({ baseMs: true, maxDelayMs: true, forMs: true });
const ROUTING = keys<HubRoutingOptions>({
  assignment: true,
  strategy: true,
  preferLastAgent: true,
  acceptTimeoutMs: true,
  agentGraceMs: true,
  ticketWhenUnstaffed: true,
  sla: true,
  breachAlert: true,
  ticketDeadlines: true,
  timers: true,
  router: true,
  groups: true,
});
const SLA = keys<NonNullable<HubRoutingOptions['sla']>>({
  default: true,
  groups: true,
  tiers: true,
  groupTiers: true,
});
const SLA_POLICY = keys<SlaPolicy>({
  firstResponseMs: true,
  nextResponseMs: true,
  resolutionMs: true,
  nearBreachRatio: true,
});
const ASSIST = keys<AssistOptions>({
  knowledgeBase: true,
  canned: true,
  minConfidence: true,
  convertScript: true,
});
const IMAGES = keys<HubImageOptions>({
  blobStore: true,
  maxBytes: true,
  maxPixels: true,
  urlTtlMs: true,
  secret: true,
  consoleOrigins: true,
  maxConcurrentDecodes: true,
  maxWaitingDecodes: true,
  decodeWaitMs: true,
});
const KNOWLEDGE_BASE = keys<KnowledgeBaseOptions>({ base: true, engine: true, onChange: true });

/** The one known key a cut-short key begins (`framesPerSec`: framesPerSecond). */
function abbreviated(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const starts = known.filter((k) => lower.length >= 4 && k.toLowerCase().startsWith(lower));
  return starts.length === 1 ? starts[0] : undefined;
}

const plain = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Map);

/**
 * `resolveHubOptions` with every misspelt key and wrong value of `options` among its problems: what
 * createHub and `kefu config check` call (kept apart so hub-options.ts does not import this file).
 */
export const resolveCheckedHubOptions = (options: HubOptions): ResolvedHubOptions =>
  resolveHubOptions(options, [...unknownOptionProblems(options), ...optionValueProblems(options)]);

/**
 * Every key of `options` that createHub does not read, each named with the key it was likely
 * meant to be (`limits.framesPerSec is not an option (did you mean framesPerSecond?)`). Plug-ins
 * and backends (store, bus, logger…) are the caller's objects and are not looked into.
 */
export function unknownOptionProblems(options: HubOptions): string[] {
  const problems: string[] = [];
  const check = (value: unknown, path: string, known: readonly string[]) => {
    if (!plain(value)) return;
    for (const key of Object.keys(value)) {
      if (known.includes(key)) continue;
      const meant = meantKey(key, known) ?? abbreviated(key, known);
      const where = path ? `${path}.${key} is not an option` : `${key} is not an option of createHub`;
      problems.push(`${where}${meant ? ` (did you mean ${meant}?)` : ''}`);
    }
  };
  const each = (list: unknown, path: string, known: readonly string[]) => {
    if (Array.isArray(list)) for (const [i, item] of list.entries()) check(item, `${path}[${i}]`, known);
  };
  const o = options as unknown as Record<string, Record<string, unknown> | undefined>;
  check(o, '', TOP);
  each(o.sites, 'sites', SITE);
  each(o.agents, 'agents', AGENT);
  check(o.limits, 'limits', LIMITS);
  check(o.signIn, 'signIn', SIGN_IN);
  check(o.notifications, 'notifications', NOTIFICATIONS);
  check(o.http, 'http', HTTP);
  check(o.http?.rateLimit, 'http.rateLimit', ['perSecond', 'burst']);
  check(o.webhooks, 'webhooks', WEBHOOKS);
  check(o.webhooks?.retry, 'webhooks.retry', RETRY);
  each(o.webhooks?.subscriptions, 'webhooks.subscriptions', SUBSCRIPTION);
  check(o.routing, 'routing', ROUTING);
  check(o.routing?.timers, 'routing.timers', ['pollMs', 'leaseMs']);
  check(o.routing?.breachAlert, 'routing.breachAlert', ['threshold', 'windowMs', 'minSamples']);
  const sla = o.routing?.sla;
  check(sla, 'routing.sla', SLA);
  if (plain(sla)) {
    check(sla.default, 'routing.sla.default', SLA_POLICY);
    for (const scope of ['groups', 'tiers', 'groupTiers'] as const) {
      const byName = sla[scope];
      if (plain(byName))
        for (const [name, policy] of Object.entries(byName))
          check(policy, `routing.sla.${scope}.${name}`, SLA_POLICY);
    }
  }
  check(o.metrics, 'metrics', ['timeZone', 'token']);
  check(o.retention, 'retention', ['closedDays', 'everyMs']);
  check(o.abandonment, 'abandonment', ['idleDays', 'everyMs']);
  check(o.assist, 'assist', ASSIST);
  check(o.quality, 'quality', ['rules']);
  check(o.images, 'images', IMAGES);
  check(o.knowledgeBase, 'knowledgeBase', KNOWLEDGE_BASE);
  return problems;
}

const STRATEGIES = ['least-busy', 'round-robin', 'longest-idle'];

/** Values JavaScript callers can get wrong: a fixed set's, a bot name that is no string, a logger or clock without its methods. */
export function optionValueProblems(options: HubOptions): string[] {
  const problems: string[] = [];
  const { strategy, assignment } = options.routing ?? {};
  if (strategy !== undefined && !STRATEGIES.includes(strategy))
    problems.push(
      `routing.strategy must be "least-busy", "round-robin" or "longest-idle", not ${JSON.stringify(strategy)}`,
    );
  if (assignment !== undefined && assignment !== 'auto' && assignment !== 'manual')
    problems.push(`routing.assignment must be "auto" or "manual", not ${JSON.stringify(assignment)}`);
  if (options.botName !== undefined)
    for (const { key, message } of botNameProblems(options.botName))
      problems.push(`botName${key === undefined ? '' : `.${key}`} ${message}`);
  // Without these the hub started, then threw "logger.log is not a function" at its first line.
  const lacking = (value: unknown, methods: readonly string[]) =>
    methods.filter((m) => typeof (value as Record<string, unknown> | null)?.[m] !== 'function');
  const noLog = options.logger === undefined ? [] : lacking(options.logger, ['log']);
  if (noLog.length)
    problems.push(`logger must be a Logger such as createJsonLogger() (it has no ${noLog.join(', ')})`);
  const noClock =
    options.clock === undefined ? [] : lacking(options.clock, ['now', 'setTimeout', 'clearTimeout']);
  if (noClock.length) problems.push(`clock must be a Clock (it has no ${noClock.join(', ')})`);
  return problems;
}
