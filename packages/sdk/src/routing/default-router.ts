import { type Clock, systemClock } from '../clock.ts';
import type { Requirements } from '../seams/agents.ts';
import type { RouteDecision, RouteInput } from '../seams/plugins.ts';
import { DEFAULT_POLICY, type Policy } from '../seams/policy.ts';
import type { ShopperInfo } from '../seams/shopper.ts';
import type { SupportTier, TicketAdvice } from '../seams/tickets.ts';
import { primaryLanguage } from './agent-directory.ts';
import { isOpen, nextOpening, type OfficeHours, validateOfficeHours } from './office-hours.ts';

/** A {@link RouteDecision} with what the default router knows beyond group and priority. */
export interface RoutingDecision extends RouteDecision {
  group: string;
  priority: number;
  reason: string;
  tier?: SupportTier;
  /** What the agent must be (senior, speaks the shopper's language); the queue honours it. */
  requires?: Requirements;
  ticket?: TicketAdvice;
}

/** The part of the plug-in context routing reads; a full `PluginContext` fits. */
export interface RouterContext {
  shopper: Pick<ShopperInfo, 'tier'>;
  /** The hub's policy: intent confidence and anger when the config does not set them. */
  policy?: Pick<Policy, 'intentConfidence' | 'angerThreshold' | 'angerPriority'>;
  locale?: string;
  conversation?: { locale?: string };
  /** The hub's staffing check (see `RouteContext`), used when the config has no `isStaffed`. */
  isStaffed?: (group: string, requires?: Requirements) => boolean;
}

/** Intent (from the understanding step) → skill group. `ask_for_human` and unknowns go to the default group. */
export const DEFAULT_INTENT_GROUPS: Readonly<Record<string, string>> = {
  pre_sale: 'pre-sale',
  logistics: 'logistics',
  after_sale: 'after-sale',
  complaint: 'complaints',
};

export interface RouterConfig {
  clock?: Clock;
  /** Where everything the rules do not place goes (default `default`, the hub's fallback too). */
  defaultGroup?: string;
  /**
   * Merged over {@link DEFAULT_INTENT_GROUPS}; e.g. `{ invoice: 'after-sale', payment: 'pre-sale',
   * account: 'account' }`. Map an intent to `undefined` to send it to the default group.
   */
  intentGroups?: Record<string, string | undefined>;
  /** Intents that need a senior agent (default `['complaint']`). */
  seniorIntents?: readonly string[];
  /** Intents handled as L3 with a ticket's deadlines (default `['complaint']`). */
  l3Intents?: readonly string[];
  /** An intent under this confidence is ignored (default: the hub's `policy.intentConfidence`, 0.4): a wrong group is worse than the default one. */
  minConfidence?: number;
  /** VIP lane; `false` turns it off. */
  vip?: false | { tiers?: readonly string[]; group?: string | null; priority?: number };
  /** Anger routing (default: the hub's `policy.angerThreshold` and `angerPriority`); `false` turns it off. */
  anger?: false | { threshold?: number; priority?: number };
  /** Languages every agent speaks (default `['zh']`); any other shopper language becomes a requirement. */
  baseLanguages?: readonly string[];
  /** Office hours per group; `'*'` applies to groups without their own. No entry: always open. */
  officeHours?: Readonly<Record<string, OfficeHours>>;
  /**
   * A group with someone online counts as open outside its office hours (default false: outside
   * them a shopper gets a ticket whoever is signed in). For a shop whose agents stay on late, or a
   * demo tried at any hour: the agent online answers now, and with nobody online the ticket still
   * promises the next opening, not a reply within the hour.
   */
  openWhenStaffed?: boolean;
  /** Promised reply time after the group opens (or from now when nobody is online); default 1 h. */
  offlineReplyWithinMs?: number;
  /** Whether anyone could take the conversation now (e.g. `directory.staffing(g).online > 0`). */
  isStaffed?: (group: string, requires: Requirements | undefined) => boolean;
  /**
   * When nobody of the chosen group is online but the default group is staffed and open, queue
   * there rather than leave an offline ticket (default true): a shopper who asked for a person
   * gets one now. `false` keeps them for the group's own agents, as a ticket.
   */
  overflowToDefault?: boolean;
  /**
   * Nobody online who could take it (and no overflow): an offline ticket with the reply time
   * promised (default true), or with `false` a place in the group's queue.
   */
  ticketWhenUnstaffed?: boolean;
}

const DEFAULTS = {
  defaultGroup: 'default',
  seniorIntents: ['complaint'],
  l3Intents: ['complaint'],
  vip: { tiers: ['vip', 'svip'], group: 'vip', priority: 20 },
  baseLanguages: ['zh'],
  offlineReplyWithinMs: 3_600_000,
};

/**
 * The default router, rule by rule (each rule adds to the decision; later rules never undo
 * earlier ones):
 *
 * 1. **Intent → group** by `intentGroups` when the understanding is confident enough; no
 *    understanding (the FAQ step is not wired), `ask_for_human`, or an unknown intent → the
 *    default group. `seniorIntents` require a senior; `l3Intents` make the tier L3 and open a
 *    ticket alongside the queue.
 * 2. **VIP** (`ctx.shopper.tier` in `vip.tiers`, case-insensitive) → the VIP lane (its own group,
 *    unless `vip.group` is null) and `vip.priority`. The lane wins over the intent's group: VIPs
 *    are served by the VIP team whatever they ask; requirements (senior, language) still apply.
 * 3. **Anger** ≥ `anger.threshold` → a senior agent and `anger.priority`.
 * 4. **Language** (understanding, then the session's locale) outside `baseLanguages` → an agent
 *    who speaks it.
 * 5. **Office hours** of the chosen group closed → an offline ticket with the time the shopper can
 *    expect a reply. Nobody of it online (`isStaffed`) → the default group when someone there could
 *    take it and it is open (`overflowToDefault`), else the same offline ticket.
 *
 * Priority is the larger of the escalation's priority and the sum of the VIP and anger boosts —
 * the larger, not the sum, because the escalation rules already raise priority for anger.
 *
 * A router that throws or times out never strands a shopper: the hub's `runPlugin` catches it,
 * routes to group `default` with the escalation's priority and emits an `error` event
 * (`plugin: 'route'`). The returned function itself only throws if the merchant's `isStaffed`
 * hook does — and then that same net catches it.
 *
 * Every group it can name (`vip`, `complaints`, …) needs agents in the directory, or a staffing
 * check, so an unstaffed group becomes a ticket instead of a queue nobody serves: the hub hands
 * its own as `ctx.isStaffed`, so a merchant's `route` that calls this router gets it too; outside
 * a hub, pass `isStaffed`.
 *
 * @example
 * const route = createRouter({
 *   intentGroups: { invoice: 'after-sale' },
 *   officeHours: { '*': { timeZone: 'Asia/Shanghai', weekly: { mon: [{ from: '09:00', to: '21:00' }] } } },
 * });
 * createHub({ …, route });
 * await route({ reason: 'asked for a human', understanding: { intent: 'logistics', confidence: 0.9, anger: 0 } }, ctx);
 * // → { group: 'logistics', priority: 0, tier: 'L2', reason: '…' }
 */
/** Every group the default router with this config can name: default, intents' groups, the VIP lane, office hours' groups. */
export function routerGroups(config: Omit<RouterConfig, 'clock' | 'isStaffed'> = {}): Set<string> {
  const groups = new Set([config.defaultGroup ?? DEFAULTS.defaultGroup]);
  for (const group of Object.values({ ...DEFAULT_INTENT_GROUPS, ...config.intentGroups }))
    if (group) groups.add(group);
  const vip = config.vip === false ? undefined : { ...DEFAULTS.vip, ...config.vip };
  if (vip?.group) groups.add(vip.group);
  for (const group of Object.keys(config.officeHours ?? {})) if (group !== '*') groups.add(group);
  return groups;
}

/** Whether a group with this schedule (none: always open) is open at `now`. */
function isOpenAt(schedule: OfficeHours | undefined, now: number): boolean {
  return !schedule || isOpen(schedule, now);
}

export function createRouter(
  config: RouterConfig = {},
): (input: RouteInput, ctx: RouterContext) => Promise<RoutingDecision> {
  const clock = config.clock ?? systemClock;
  const defaultGroup = config.defaultGroup ?? DEFAULTS.defaultGroup;
  const intentGroups: Record<string, string | undefined> = {
    ...DEFAULT_INTENT_GROUPS,
    ...config.intentGroups,
  };
  const seniorIntents = new Set(config.seniorIntents ?? DEFAULTS.seniorIntents);
  const l3Intents = new Set(config.l3Intents ?? DEFAULTS.l3Intents);
  const vip = config.vip === false ? undefined : { ...DEFAULTS.vip, ...config.vip };
  const vipTiers = new Set((vip?.tiers ?? []).map((t) => t.toLowerCase()));
  const anger = config.anger === false ? undefined : (config.anger ?? {});
  const baseLanguages = new Set((config.baseLanguages ?? DEFAULTS.baseLanguages).map(primaryLanguage));
  const officeHours = config.officeHours ?? {};
  const replyWithin = config.offlineReplyWithinMs ?? DEFAULTS.offlineReplyWithinMs;
  const overflow = config.overflowToDefault ?? true;
  const ticketWhenUnstaffed = config.ticketWhenUnstaffed ?? true;
  const openWhenStaffed = config.openWhenStaffed ?? false;
  const scheduleOf = (group: string) => officeHours[group] ?? officeHours['*'];
  // Bad schedules fail at start-up with a precise message, not on a shopper's first escalation.
  for (const [name, schedule] of Object.entries(officeHours))
    try {
      validateOfficeHours(schedule);
    } catch (error) {
      throw error instanceof RangeError ? new RangeError(`officeHours.${name}: ${error.message}`) : error;
    }

  return async (input, ctx) => {
    const reasons = [input.reason];
    const requires: Requirements = {};
    let tier: SupportTier = 'L2';
    let boost = 0;

    const policy = ctx.policy ?? DEFAULT_POLICY;
    const minConfidence = config.minConfidence ?? policy.intentConfidence;
    const u = input.understanding;
    const intent = u && u.confidence >= minConfidence ? u.intent : undefined;
    // A group the hand-over names (an order exception's rule) wins over a guess from the words.
    let group = input.group || (intent && intentGroups[intent]) || defaultGroup;
    // The named group follows the hand-over's own reason ("payment dispute → complaints"): the
    // rule that named it (a merchant's route, an order exception) said why, the shopper did not ask.
    if (input.group) reasons[0] = `${input.reason} → ${input.group}`;
    else if (intent && group !== defaultGroup) reasons.push(`${intent} → ${group}`);
    if (intent && seniorIntents.has(intent)) requires.level = 'senior';
    if (intent && l3Intents.has(intent)) tier = 'L3';

    if (vip && ctx.shopper.tier && vipTiers.has(ctx.shopper.tier.toLowerCase())) {
      if (vip.group) group = vip.group;
      boost += vip.priority;
      reasons.push('VIP lane');
    }
    if (anger && u && u.anger >= (anger.threshold ?? policy.angerThreshold)) {
      requires.level = 'senior';
      boost += anger.priority ?? policy.angerPriority;
      reasons.push('upset shopper → senior agent');
    }
    const locale = u?.locale ?? ctx.locale ?? ctx.conversation?.locale;
    const language = locale ? primaryLanguage(locale) : '';
    if (language && !baseLanguages.has(language)) {
      requires.language = language;
      reasons.push(`speaks ${language}`);
    }

    const decision: RoutingDecision = {
      group,
      priority: Math.max(input.priority ?? 0, boost),
      reason: reasons.join('; '),
      tier,
    };
    if (requires.level || requires.language) decision.requires = requires;

    const now = clock.now();
    const schedule = scheduleOf(group);
    const isStaffed = config.isStaffed ?? ctx.isStaffed;
    const staffed = (g: string) => !isStaffed || isStaffed(g, decision.requires);
    if (
      overflow &&
      group !== defaultGroup &&
      !staffed(group) &&
      staffed(defaultGroup) &&
      (openWhenStaffed || isOpenAt(scheduleOf(defaultGroup), now))
    ) {
      decision.group = defaultGroup;
      decision.reason += `; nobody in ${group} online → ${defaultGroup}`;
      if (tier === 'L3') decision.ticket = { offline: false, cause: 'l3' };
    } else if (schedule && !isOpen(schedule, now) && !(openWhenStaffed && isStaffed && staffed(group))) {
      const opensAt = nextOpening(schedule, now);
      decision.ticket = {
        offline: true,
        cause: 'outside_office_hours',
        ...(opensAt === undefined ? {} : { opensAt, expectedReplyAt: opensAt + replyWithin }),
      };
      decision.reason += '; outside office hours → ticket';
    } else if (ticketWhenUnstaffed && !staffed(group)) {
      decision.ticket = { offline: true, cause: 'no_agent_online', expectedReplyAt: now + replyWithin };
      decision.reason += '; no agent online → ticket';
    } else if (tier === 'L3') {
      decision.ticket = { offline: false, cause: 'l3' };
    }
    return decision;
  };
}
