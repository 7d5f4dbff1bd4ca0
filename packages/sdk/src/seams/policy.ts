/**
 * The hub's policy numbers in one place: resolved and checked with the other options, used by
 * the hub, and handed to every plug-in in its context (`ctx.policy`), so a merchant's rules and
 * the built-in ones agree on what "confident" or "angry" means.
 */
export interface Policy {
  /** A bot answer under this confidence (0..1) counts as a failed bot turn. */
  botConfidence: number;
  /** The default router ignores an intent under this confidence (0..1): a wrong group is worse than the default one. */
  intentConfidence: number;
  /** Anger at or over this (0..1) is an angry shopper: escalation, a senior agent, QA's angry-shopper rules. */
  angerThreshold: number;
  /** Queue priority added for an angry shopper. */
  angerPriority: number;
  /** Failed bot turns in a row before the shopper is handed to a person. */
  maxFailedBotTurns: number;
  /** Concurrent conversations per agent when their profile does not say. */
  defaultCapacity: number;
  /** Agent-assist suggestions under this confidence (0..1) are not shown. */
  assistConfidence: number;
}

export const DEFAULT_POLICY: Readonly<Policy> = Object.freeze({
  botConfidence: 0.5,
  intentConfidence: 0.4,
  angerThreshold: 0.7,
  angerPriority: 10,
  maxFailedBotTurns: 2,
  defaultCapacity: 5,
  assistConfidence: 0.2,
});

const SHARES = ['botConfidence', 'intentConfidence', 'angerThreshold', 'assistConfidence'] as const;
const COUNTS = ['angerPriority', 'maxFailedBotTurns', 'defaultCapacity'] as const;

/**
 * The defaults with the merchant's changes, checked: shares lie in 0..1, counts are whole
 * numbers (capacity and failed turns at least 1). Throws a TypeError naming the bad field.
 */
export function resolvePolicy(changes: Partial<Policy> = {}): Readonly<Policy> {
  const policy = { ...DEFAULT_POLICY, ...changes };
  for (const key of Object.keys(changes))
    if (!(key in DEFAULT_POLICY)) throw new TypeError(`createHub: policy.${key} is not a policy setting`);
  for (const key of SHARES) {
    const value = policy[key];
    if (typeof value !== 'number' || !(value >= 0 && value <= 1))
      throw new TypeError(`createHub: policy.${key} must be a number from 0 to 1`);
  }
  for (const key of COUNTS) {
    const value = policy[key];
    const least = key === 'angerPriority' ? 0 : 1;
    if (!Number.isInteger(value) || value < least)
      throw new TypeError(`createHub: policy.${key} must be a whole number of at least ${least}`);
  }
  return Object.freeze(policy);
}
