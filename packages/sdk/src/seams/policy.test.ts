import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, resolvePolicy } from './policy.ts';

describe('resolvePolicy', () => {
  it('fills in the defaults and keeps the merchant’s changes, frozen', () => {
    const policy = resolvePolicy({ angerThreshold: 0.6, defaultCapacity: 8 });
    expect(policy).toEqual({ ...DEFAULT_POLICY, angerThreshold: 0.6, defaultCapacity: 8 });
    expect(Object.isFrozen(policy)).toBe(true);
    expect(resolvePolicy()).toEqual(DEFAULT_POLICY);
  });

  it.each([
    [{ botConfidence: 1.2 }, 'policy.botConfidence must be a number from 0 to 1'],
    [{ angerThreshold: Number.NaN }, 'policy.angerThreshold must be a number from 0 to 1'],
    [{ assistConfidence: -0.1 }, 'policy.assistConfidence must be a number from 0 to 1'],
    [{ defaultCapacity: 0 }, 'policy.defaultCapacity must be a whole number of at least 1'],
    [{ maxFailedBotTurns: 1.5 }, 'policy.maxFailedBotTurns must be a whole number of at least 1'],
    [{ angerPriority: -1 }, 'policy.angerPriority must be a whole number of at least 0'],
    [{ angerTreshold: 0.5 }, 'policy.angerTreshold is not a policy setting'],
  ])('refuses %j with a precise TypeError', (changes, message) => {
    expect(() => resolvePolicy(changes as never)).toThrow(new TypeError(`createHub: ${message}`));
  });
});
