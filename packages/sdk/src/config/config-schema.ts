import { CannedReply } from '@kefu/protocol';
import { z } from 'zod';
import { type BotName, botNameProblems } from '../conversation/bot-name.ts';
import { strongAgentToken, WEAK_AGENT_TOKEN } from '../hub/agent-token.ts';
import { MAX_DAYS, MAX_DEADLINE_MS, MAX_TIMER_MS } from '../hub/hub-limits.ts';
import {
  knownTimeZone,
  type OfficeHours,
  TIME_ZONE_RULE,
  validateOfficeHours,
} from '../routing/office-hours.ts';
import { WEBHOOK_EVENT_TYPES } from '../seams/webhook-events.ts';
import { knowledgeBaseKeyProblem } from './knowledge-base-language.ts';

// Values may come from `${VAR}` substitutions, which are strings: numbers and booleans written as
// text are read as what they say, so `port: ${PORT:-8080}` works in YAML and JSON alike.
const num = z.preprocess(
  (v) => (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : v),
  z.number().finite(),
);
const count = num.pipe(z.number().int().nonnegative());
const ms = num.pipe(z.number().int().positive());
/** A wait on one of Node's timers: past 2^31 - 1 ms Node fires it at once. */
const timerMs = ms.pipe(
  z.number().max(MAX_TIMER_MS, `at most ${MAX_TIMER_MS} ms (24.8 days): Node fires a longer timer at once`),
);
/** A promised deadline (an SLA, a ticket's): its timers wait in steps, but past a year it is a slip. */
const deadlineMs = ms.pipe(z.number().max(MAX_DEADLINE_MS, `at most ${MAX_DEADLINE_MS} ms (366 days)`));
/** A span of days (retention, abandonment, the webhook log): past ten years it is a slip. */
const days = num.pipe(z.number().positive().max(MAX_DAYS, `at most ${MAX_DAYS} days`));
/** A TCP port; 0 lets the system pick a free one. */
const port = num.pipe(z.number().int().min(0).max(65535, 'a port is 0-65535'));
const share = num.pipe(z.number().min(0).max(1));
const bool = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean());
const text = z.string().min(1);
/** A comma-separated string (from one environment variable) or a list. */
const list = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : v,
  z.array(text),
);

const site = z.strictObject({
  key: text,
  name: text.optional(),
  origins: list.pipe(z.array(text).min(1)),
  identitySecret: z.string().min(16, 'at least 16 characters').optional(),
  locale: text.optional(),
});

const agent = z.strictObject({
  id: text,
  name: text,
  token: z.string().refine(strongAgentToken, WEAK_AGENT_TOKEN),
  groups: list.pipe(z.array(text).min(1)),
  avatar: text.optional(),
  supervisor: bool.optional(),
  mayAssign: bool.optional(),
  capacity: count.optional(),
  level: z.enum(['junior', 'senior']).optional(),
  languages: list.optional(),
});

const slaPolicy = z
  .strictObject({
    firstResponseMs: deadlineMs,
    nextResponseMs: deadlineMs,
    resolutionMs: deadlineMs,
    nearBreachRatio: share,
  })
  .partial();

const timeRange = z.strictObject({
  from: z.string().regex(/^\d\d:\d\d$/, 'HH:MM'),
  to: z.string().regex(/^\d\d:\d\d$/, 'HH:MM'),
});
/** Refused here, naming the key: `kefu config check` passed a misspelt zone that stopped `kefu hub`. */
const timeZone = text.refine(knownTimeZone, {
  error: (issue) => `${TIME_ZONE_RULE}, got ${JSON.stringify(issue.input)}`,
});
const officeHours = z
  .strictObject({
    timeZone,
    weekly: z.partialRecord(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']), z.array(timeRange)),
    holidays: z.array(z.string().regex(/^\d{4}-\d\d-\d\d$/, 'YYYY-MM-DD')).optional(),
  })
  .check((ctx) => {
    // The router's own checks (an empty range, from 24:00, a holiday that is no day), which
    // otherwise passed `kefu config check` and stopped `kefu hub` without naming the key.
    // An unknown zone is said once, at timeZone.
    if (!knownTimeZone(ctx.value.timeZone)) return;
    try {
      validateOfficeHours(ctx.value as OfficeHours);
    } catch (error) {
      ctx.issues.push({ code: 'custom', message: (error as Error).message, input: ctx.value });
    }
  });

/** Milliseconds from a ticket's creation, per deadline kind. */
const ticketDeadline = z
  .strictObject({ progress: deadlineMs, workaround: deadlineMs, resolution: deadlineMs })
  .partial();

const routing = z.strictObject({
  assignment: z.enum(['auto', 'manual']).optional(),
  strategy: z.enum(['least-busy', 'round-robin', 'longest-idle']).optional(),
  preferLastAgent: bool.optional(),
  acceptTimeoutMs: timerMs.optional(),
  agentGraceMs: timerMs.optional(),
  ticketWhenUnstaffed: bool.optional(),
  /** Groups agents can be in, for agents signed in by a function (createHubFromConfig's `extra.agents`). */
  groups: list.optional(),
  sla: z
    .strictObject({
      default: slaPolicy,
      groups: z.record(z.string(), slaPolicy),
      tiers: z.record(z.string(), slaPolicy),
      groupTiers: z.record(z.string(), slaPolicy),
    })
    .partial()
    .optional(),
  breachAlert: z
    .strictObject({ threshold: share, windowMs: deadlineMs, minSamples: count })
    .partial()
    .optional(),
  ticketDeadlines: z.partialRecord(z.enum(['L1', 'L2', 'L3']), ticketDeadline).optional(),
  timers: z.strictObject({ pollMs: timerMs, leaseMs: timerMs }).partial().optional(),
  router: z
    .strictObject({
      defaultGroup: text,
      intentGroups: z.record(z.string(), text),
      seniorIntents: list,
      l3Intents: list,
      minConfidence: share,
      vip: z.union([
        z.literal(false),
        z.strictObject({ tiers: list, group: text.nullable(), priority: num }).partial(),
      ]),
      anger: z.union([z.literal(false), z.strictObject({ threshold: share, priority: num }).partial()]),
      baseLanguages: list,
      officeHours: z.record(z.string(), officeHours),
      offlineReplyWithinMs: deadlineMs,
      overflowToDefault: z.boolean(),
      openWhenStaffed: z.boolean(),
    })
    .partial()
    .optional(),
});

const limits = z
  .strictObject({
    framesPerSecond: num,
    frameBurst: count,
    agentFramesPerSecond: num,
    agentFrameBurst: count,
    maxConnectionsPerIp: count,
    maxConnectionsPerShopper: count,
    conversationMessagesPerSecond: num,
    conversationMessageBurst: count,
    newConversationsPerAddressPerMinute: count,
    maxQueuedPerAddress: count,
    historyBytesPerSecond: count,
    historyBytesBurst: count,
    heartbeatMs: timerMs,
    idleTimeoutMs: timerMs,
    helloTimeoutMs: timerMs,
    upgradeTimeoutMs: timerMs,
    requestTimeoutMs: timerMs,
    maxBufferedBytes: count,
    maxBufferedBytesPerAddress: count,
    maxQueuedFrames: count,
    maxQueuedBytes: count,
    preWelcomeFrames: count,
    preWelcomeBytes: count,
  })
  .partial();

const policy = z
  .strictObject({
    botConfidence: share,
    intentConfidence: share,
    angerThreshold: share,
    angerPriority: num,
    maxFailedBotTurns: count,
    defaultCapacity: count,
    assistConfidence: share,
  })
  .partial();

/** `memory`, a PGlite folder (`pglite:./data/kefu` or a plain path), or `postgres://…`. */
const store = z.union([
  text,
  z.strictObject({
    url: text,
    /** PostgreSQL schema holding Kefu's tables (default `kefu`). */
    schema: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/, 'lower-case letters, digits and _')
      .optional(),
    /** Pool size for PostgreSQL (default 10). */
    poolSize: count.optional(),
    /** How long one PostgreSQL statement may take before it fails (default 60 000). */
    queryTimeoutMs: timerMs.optional(),
  }),
]);

/** `memory` or `redis://…`. */
const bus = z.union([text, z.strictObject({ url: text, prefix: text.optional() })]);

/**
 * A knowledge-base file (JSON, CSV or YAML), or one per language: `{ zh: kb.zh.json, en: kb.en.csv }`,
 * also per region or script (`zh-TW`, `zh-Hant`). A key the bot would never choose is refused
 * (its issue does not abort, so the union reports it rather than "Invalid input").
 */
/**
 * The bot's name, or its names by language (`{ zh, zh-Hant, en }`): checked by createHub's own
 * rule, so the file is refused, naming the key, where the hub would refuse it.
 */
const botName = z.custom<BotName>().superRefine((value, ctx) => {
  for (const { key, message } of botNameProblems(value))
    ctx.addIssue({ code: 'custom', path: key === undefined ? [] : [key], message });
});

/** A canned reply for agents, checked by the protocol's own schema (the welcome carries it as is). */
const cannedReply = z.custom<CannedReply>().superRefine((value, ctx) => {
  const parsed = CannedReply.safeParse(value);
  if (!parsed.success)
    for (const issue of parsed.error.issues)
      ctx.addIssue({ code: 'custom', path: issue.path.map(String), message: issue.message });
});

const knowledgeBase = z.union([
  text,
  z.record(z.string(), text).superRefine((files, ctx) => {
    const first = new Map<string, string>();
    for (const key of Object.keys(files)) {
      const problem = knowledgeBaseKeyProblem(key);
      const same = first.get(key.toLowerCase());
      if (problem) ctx.addIssue({ code: 'custom', path: [key], message: problem });
      else if (same)
        ctx.addIssue({ code: 'custom', path: [key], message: `"${key}" is listed twice (as ${same})` });
      else first.set(key.toLowerCase(), key);
    }
  }),
]);

/** The HTTP API: limits, and keys seeded by the SHA-256 of their secret (`kefu api-key create` prints one). */
const http = z.strictObject({
  maxBodyBytes: count.optional(),
  rateLimit: z.strictObject({ perSecond: num, burst: count }).optional(),
  readyTimeoutMs: timerMs.optional(),
  /** What the order system signs `POST /api/v1/inbound/order-events` with. */
  inboundSecret: z.string().min(16, 'at least 16 characters').optional(),
  /** Page origins that may call the API from a browser (CORS). */
  corsOrigins: list.optional(),
  apiKeys: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[A-Za-z0-9]{1,40}$/, '1–40 letters or digits'),
        name: text,
        scopes: list.pipe(z.array(z.enum(['read', 'write', 'admin'])).min(1)),
        hash: z.string().regex(/^[0-9a-f]{64}$/, "the SHA-256 of the key's secret, 64 lowercase hex digits"),
      }),
    )
    .optional(),
});

/** Signed webhooks: subscriptions that always exist (more come through the API), and delivery settings. */
const webhooks = z.strictObject({
  subscriptions: z
    .array(
      z.strictObject({
        url: z.url({ protocol: /^https?$/ }),
        events: list.pipe(z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1)),
        secret: z.string().min(16, 'at least 16 characters'),
      }),
    )
    .optional(),
  allowPrivateNetworks: bool.optional(),
  timeoutMs: timerMs.optional(),
  retry: z.strictObject({ baseMs: timerMs, maxDelayMs: timerMs, forMs: deadlineMs }).partial().optional(),
  pollMs: timerMs.optional(),
  leaseMs: timerMs.optional(),
  batch: count.optional(),
  perSubscription: count.optional(),
  keepDays: days.optional(),
});

/** Photos: where they live (a folder, relative to the config file, or S3) and the intake's limits. */
const images = z.strictObject({
  store: z.union([
    z.strictObject({ folder: text }),
    z.strictObject({
      s3: z.strictObject({
        bucket: text,
        region: text.optional(),
        endpoint: z.url().optional(),
        forcePathStyle: bool.optional(),
        keyPrefix: text.optional(),
      }),
    }),
  ]),
  maxBytes: count.optional(),
  maxPixels: count.optional(),
  maxConcurrentDecodes: count.optional(),
  maxWaitingDecodes: count.optional(),
  decodeWaitMs: timerMs.optional(),
  urlTtlMs: ms.optional(),
  secret: z.string().min(16, 'at least 16 characters').optional(),
  consoleOrigins: list.optional(),
});

/**
 * A list's `field` must differ between its items: createHub refuses a repeated site key or agent
 * id too, but only once the rest of the config is valid, so the schema names it beside the others.
 */
function uniqueBy<K extends string>(list: string, field: K) {
  return (items: ReadonlyArray<Record<K, unknown>>, ctx: z.RefinementCtx) => {
    const first = new Map<unknown, number>();
    items.forEach((item, i) => {
      const at = first.get(item[field]);
      if (at === undefined) first.set(item[field], i);
      else
        ctx.addIssue({
          code: 'custom',
          path: [i, field],
          message: `"${String(item[field])}" is listed twice (first as ${list}[${at}].${field})`,
        });
    });
  };
}

/**
 * `kefu.config.json` / `kefu.config.yaml`: everything a hub needs that can be written as data.
 * Plug-ins (your own bot, order lookup, router) are code: build the hub with `createHubFromConfig`
 * and pass them as `extra` options.
 */
export const KefuConfigSchema = z.strictObject({
  /** Where `kefu hub` listens (default 127.0.0.1:8080; `0.0.0.0` to accept other machines). */
  listen: z.strictObject({ port: port.optional(), host: text.optional() }).optional(),
  /** Path the WebSocket endpoint answers on (default any path). */
  path: z.string().startsWith('/').optional(),
  store: store.default('memory'),
  bus: bus.default('memory'),
  /** Signs session tokens; the same on every node of a cluster. */
  secret: z.string().min(16, 'at least 16 characters').optional(),
  sites: z.array(site).min(1).superRefine(uniqueBy('sites', 'key')),
  agents: z.array(agent).superRefine(uniqueBy('agents', 'id')).optional(),
  knowledgeBase: knowledgeBase.optional(),
  /** Agents' canned replies (the console's `/`), beside those `createHubFromConfig`'s `extra.assist` gives. */
  canned: z.array(cannedReply).max(1000).superRefine(uniqueBy('canned', 'id')).optional(),
  /** Reload the knowledge base when its file changes (default true). */
  watchKnowledgeBase: bool.optional(),
  /**
   * Show knowledge-base answers (the bot's, and those suggested to agents) in the shopper's
   * Chinese script: Simplified entries in Traditional to zh-TW/zh-HK shoppers and back (default true).
   */
  convertScript: bool.optional(),
  /** The bot's display name: one, or one per language of the shopper (zh, zh-Hant, en). */
  botName: botName.optional(),
  /** The bot's first line in a new conversation, per language. */
  greeting: z.strictObject({ zh: text.optional(), en: text.optional() }).optional(),
  /** The bot answers what it can outright while the shopper waits for a person (default true). */
  botWhileWaiting: bool.optional(),
  /** Waits before each new try of a bot turn the store failed (default about a minute; `[]` tries once). */
  botRetryMs: z
    .array(num.pipe(z.number().int().nonnegative().max(MAX_TIMER_MS, `at most ${MAX_TIMER_MS} ms`)))
    .max(20)
    .optional(),
  routing: routing.optional(),
  limits: limits.optional(),
  policy: policy.optional(),
  metrics: z.strictObject({ timeZone: timeZone.optional(), token: z.string().min(16).optional() }).optional(),
  retention: z.strictObject({ closedDays: days, everyMs: timerMs.optional() }).optional(),
  abandonment: z
    .union([z.literal(false), z.strictObject({ idleDays: days, everyMs: timerMs }).partial()])
    .optional(),
  newConversationAfterDays: days.optional(),
  sessionTtlMs: ms.optional(),
  identifiedSessionTtlMs: ms.optional(),
  pluginTimeoutMs: timerMs.optional(),
  trustProxy: z.union([bool, count]).optional(),
  /** How long `kefu hub` waits for work in progress on SIGTERM/SIGINT before exiting 1 (default 30000). */
  shutdownTimeoutMs: timerMs.optional(),
  log: z.strictObject({ level: z.enum(['debug', 'info', 'warn', 'error']) }).optional(),
  http: http.optional(),
  webhooks: webhooks.optional(),
  images: images.optional(),
});

export type KefuConfig = z.output<typeof KefuConfigSchema>;
/** The config as written, before defaults. */
export type KefuConfigInput = z.input<typeof KefuConfigSchema>;
