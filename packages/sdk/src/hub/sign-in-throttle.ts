import type { Clock } from '../clock.ts';

/** How hard the hub makes guessing agent tokens; `HubOptions.signIn`. */
export interface SignInThrottleOptions {
  /** Failed sign-ins an address may make before each further attempt has to wait. */
  freeFailures: number;
  /** The wait after the first failure past the free ones; it doubles with each further failure. */
  backoffMs: number;
  /** The longest wait. An address quiet for this long after its wait ended starts afresh. */
  maxBackoffMs: number;
  /**
   * Failed sign-ins per minute the whole node accepts from addresses that never signed in: a
   * guesser spread over many addresses gets this many guesses, not the per-address allowance
   * times the addresses. Addresses an agent signed in from are not held up by it.
   */
  nodeFailuresPerMinute: number;
  /** Addresses remembered (failing ones, and ones that signed in), oldest forgotten first. */
  maxTrackedAddresses: number;
}

export const DEFAULT_SIGN_IN_THROTTLE: SignInThrottleOptions = {
  freeFailures: 5,
  backoffMs: 1_000,
  maxBackoffMs: 15 * 60_000,
  nodeFailuresPerMinute: 60,
  maxTrackedAddresses: 10_000,
};

/** An allowed attempt: report how it ended, once. */
export interface SignInTicket {
  done(succeeded: boolean): void;
}

export type SignInVerdict = { ok: true; ticket: SignInTicket } | { ok: false; retryAfterMs: number };

export interface SignInThrottle {
  /** Asks whether `address` may try a sign-in now; refused ones never reach the authenticator. */
  attempt(address: string): SignInVerdict;
  /** Addresses remembered, for tests of its bound. */
  readonly tracked: number;
}

interface Failing {
  failures: number;
  inFlight: number;
  /** No attempt before this instant (the last failure's, when that one is still free). */
  until: number;
}

/**
 * Per-address exponential back-off on failed agent sign-ins, plus a node-wide failure budget.
 * The agent hello carries only a token, so a failure cannot be pinned on an agent id: the
 * address and the node are what there is to throttle. A success forgets the address's failures.
 * @example
 * const throttle = createSignInThrottle(systemClock);
 * const verdict = throttle.attempt(conn.ip);
 * if (!verdict.ok) return conn.close('rate_limited', `retry in ${verdict.retryAfterMs} ms`);
 * verdict.ticket.done((await authenticate(token)) !== null);
 */
export function createSignInThrottle(
  clock: Clock,
  options: SignInThrottleOptions = DEFAULT_SIGN_IN_THROTTLE,
): SignInThrottle {
  const { freeFailures, backoffMs, maxBackoffMs, nodeFailuresPerMinute, maxTrackedAddresses } = options;
  const failing = new Map<string, Failing>();
  /** Addresses an agent signed in from, with when. */
  const trusted = new Map<string, number>();
  const refillPerMs = nodeFailuresPerMinute / 60_000;
  let nodeBudget = nodeFailuresPerMinute;
  let refilledAt = clock.now();

  function nodeBudgetNow(now: number): number {
    // A clock stepping backwards must not drain the budget.
    nodeBudget = Math.min(nodeFailuresPerMinute, nodeBudget + Math.max(0, now - refilledAt) * refillPerMs);
    refilledAt = now;
    return nodeBudget;
  }

  /** Re-inserts so Map order is least recently used first, then forgets the oldest beyond the bound. */
  function remember<V>(map: Map<string, V>, address: string, value: V): void {
    map.delete(address);
    map.set(address, value);
    while (map.size > maxTrackedAddresses) map.delete(map.keys().next().value as string);
  }

  function finish(address: string, entry: Failing, succeeded: boolean): void {
    entry.inFlight--;
    const now = clock.now();
    if (succeeded) {
      failing.delete(address);
      remember(trusted, address, now);
      return;
    }
    if (!trusted.has(address)) nodeBudget = nodeBudgetNow(now) - 1;
    entry.failures++;
    const over = entry.failures - freeFailures;
    entry.until = over > 0 ? now + Math.min(maxBackoffMs, backoffMs * 2 ** Math.min(over - 1, 40)) : now;
    // Only an entry still in the map is kept up to date; an evicted one is dropped here.
    if (failing.get(address) === entry) remember(failing, address, entry);
  }

  return {
    attempt(address) {
      const now = clock.now();
      let entry = failing.get(address);
      if (entry && entry.inFlight === 0 && now > entry.until + maxBackoffMs) {
        failing.delete(address);
        entry = undefined;
      }
      if (entry && now < entry.until) return { ok: false, retryAfterMs: entry.until - now };
      // Past the free failures, one attempt at a time: parallel sockets must not each get a guess.
      if (entry && entry.failures + entry.inFlight >= freeFailures && entry.inFlight > 0)
        return { ok: false, retryAfterMs: backoffMs };
      if (!trusted.has(address)) {
        const budget = nodeBudgetNow(now);
        if (budget < 1) return { ok: false, retryAfterMs: Math.ceil((1 - budget) / refillPerMs) };
      }
      if (!entry) {
        entry = { failures: 0, inFlight: 0, until: now };
        remember(failing, address, entry);
      }
      entry.inFlight++;
      const claimed = entry;
      let settled = false;
      return {
        ok: true,
        ticket: {
          done(succeeded) {
            if (settled) return;
            settled = true;
            finish(address, claimed, succeeded);
          },
        },
      };
    },
    get tracked() {
      return failing.size + trusted.size;
    },
  };
}
