import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock.ts';
import { createSignInThrottle, type SignInThrottleOptions, type SignInVerdict } from './sign-in-throttle.ts';

const options: SignInThrottleOptions = {
  freeFailures: 3,
  backoffMs: 1_000,
  maxBackoffMs: 8_000,
  nodeFailuresPerMinute: 1_000,
  maxTrackedAddresses: 100,
};

function fail(verdict: SignInVerdict): void {
  if (!verdict.ok) throw new Error(`refused, retry in ${verdict.retryAfterMs} ms`);
  verdict.ticket.done(false);
}

describe('the sign-in throttle', () => {
  it('lets an address fail a few times, then makes it wait longer after each failure, up to the cap', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const throttle = createSignInThrottle(clock, options);
    for (let i = 0; i < 3; i++) fail(throttle.attempt('10.0.0.1'));
    fail(throttle.attempt('10.0.0.1'));
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      const refused = throttle.attempt('10.0.0.1');
      if (refused.ok) throw new Error('expected a refusal');
      waits.push(refused.retryAfterMs);
      clock.advance(refused.retryAfterMs);
      fail(throttle.attempt('10.0.0.1'));
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
  });

  it('keeps other addresses out of one address’s back-off', () => {
    const throttle = createSignInThrottle(new ManualClock(Date.UTC(2026, 0, 1)), options);
    for (let i = 0; i < 4; i++) fail(throttle.attempt('10.0.0.1'));
    expect(throttle.attempt('10.0.0.1').ok).toBe(false);
    expect(throttle.attempt('10.0.0.2').ok).toBe(true);
  });

  it('forgets the failures once the address signs in', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const throttle = createSignInThrottle(clock, options);
    for (let i = 0; i < 4; i++) fail(throttle.attempt('10.0.0.1'));
    clock.advance(1_000);
    const verdict = throttle.attempt('10.0.0.1');
    if (!verdict.ok) throw new Error('expected an attempt after the wait');
    verdict.ticket.done(true);
    for (let i = 0; i < 3; i++) fail(throttle.attempt('10.0.0.1'));
    expect(throttle.attempt('10.0.0.1').ok).toBe(true);
  });

  it('gives an address past its free failures one attempt at a time, however many sockets it opens', () => {
    const throttle = createSignInThrottle(new ManualClock(Date.UTC(2026, 0, 1)), options);
    const verdicts = Array.from({ length: 10 }, () => throttle.attempt('10.0.0.1'));
    expect(verdicts.filter((v) => v.ok)).toHaveLength(3);
  });

  it('starts an address afresh once it has been quiet for the longest wait', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const throttle = createSignInThrottle(clock, options);
    for (let i = 0; i < 4; i++) fail(throttle.attempt('10.0.0.1'));
    clock.advance(1_000 + 8_001);
    for (let i = 0; i < 3; i++) fail(throttle.attempt('10.0.0.1'));
    expect(throttle.attempt('10.0.0.1').ok).toBe(true);
  });

  it('caps failures across the node, but not for an address an agent signed in from', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const throttle = createSignInThrottle(clock, { ...options, nodeFailuresPerMinute: 6 });
    const known = throttle.attempt('10.9.9.9');
    if (!known.ok) throw new Error('expected an attempt');
    known.ticket.done(true);
    for (let i = 0; i < 6; i++) fail(throttle.attempt(`10.0.0.${i}`));
    const spread = throttle.attempt('10.0.1.1');
    expect(spread).toEqual({ ok: false, retryAfterMs: 10_000 });
    expect(throttle.attempt('10.9.9.9').ok).toBe(true);
    clock.advance(10_000);
    expect(throttle.attempt('10.0.1.1').ok).toBe(true);
  });

  it('remembers a bounded number of addresses', () => {
    const throttle = createSignInThrottle(new ManualClock(Date.UTC(2026, 0, 1)), {
      ...options,
      maxTrackedAddresses: 50,
      nodeFailuresPerMinute: 1e6,
    });
    for (let i = 0; i < 10_000; i++) fail(throttle.attempt(`10.${i >> 8}.${i & 255}.1`));
    expect(throttle.tracked).toBeLessThanOrEqual(100);
  });

  it('counts a ticket once, however often it is reported', () => {
    const throttle = createSignInThrottle(new ManualClock(Date.UTC(2026, 0, 1)), options);
    const verdict = throttle.attempt('10.0.0.1');
    if (!verdict.ok) throw new Error('expected an attempt');
    for (let i = 0; i < 5; i++) verdict.ticket.done(false);
    for (let i = 0; i < 2; i++) fail(throttle.attempt('10.0.0.1'));
    expect(throttle.attempt('10.0.0.1').ok).toBe(true);
  });
});
