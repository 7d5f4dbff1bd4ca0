import type { Bus } from '../bus/bus.ts';
import type { Clock } from '../clock.ts';
import type { IdGenerator } from '../ids.ts';
import type { Logger } from '../logger.ts';
import type { QaRule } from '../quality/rules.ts';
import type { ClassifyImagePlugin } from '../seams/classify-image.ts';
import type {
  AnswerPlugin,
  LookupOrderPlugin,
  ShouldEscalatePlugin,
  UnderstandPlugin,
} from '../seams/plugins.ts';
import type { Policy } from '../seams/policy.ts';
import type { Store } from '../store/store.ts';
import type { BotNames } from './bot-name.ts';

/** The resolved hub options the conversation service reads (the hub's resolved options fit). */
export interface ConversationOptions {
  store: Store;
  bus: Bus;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  policy: Readonly<Policy>;
  answer: AnswerPlugin;
  understand?: UnderstandPlugin;
  shouldEscalate: ShouldEscalatePlugin;
  lookupOrder?: LookupOrderPlugin;
  classifyImage?: ClassifyImagePlugin;
  pluginTimeoutMs: number;
  qaRules: readonly QaRule[];
  /** The bot's name in each language: its messages carry the one of the conversation's locale. */
  botName: BotNames;
  /** The sites, for their own language (`SiteConfig.locale`): a new conversation's greeting is in it when the shopper gave none. */
  sites: ReadonlyMap<string, { readonly locale?: string }>;
  /** The merchant's first line of a new conversation, per language (else the hub's own). */
  greeting: { zh?: string; en?: string };
  /** The bot answers what it can outright while the shopper waits for a person (queued, a ticket). */
  botWhileWaiting: boolean;
  /** Waits before each new try of a bot turn that failed for a passing reason (see `bot-turn-retry.ts`). */
  botRetryMs: readonly number[];
  /** A shopper back this long after a close starts a new conversation. */
  freshAfterMs: number;
  metrics: { timeZone?: string };
  /** Groups that exist before anyone of them signs in (ResolvedHubOptions.knownGroups). */
  knownGroups: ReadonlySet<string>;
  /** What becomes of a routed group outside knownGroups: see {@link UnknownGroups}. */
  unknownGroups: UnknownGroups;
  /** See HubLimits.maxQueuedPerAddress. */
  limits: { maxQueuedPerAddress: number };
}

/**
 * A routed group no agent of the hub's own agents list is in would be a queue (or an offline
 * ticket) no agent ever sees: it goes to the default group (`'default'`, the built-in router's
 * lanes a small team does not have), reported as the merchant's route's mistake (`'reported'`, a
 * typo). With an agents function the hub cannot know every group: `'kept'`.
 */
export type UnknownGroups = 'kept' | 'default' | 'reported';
