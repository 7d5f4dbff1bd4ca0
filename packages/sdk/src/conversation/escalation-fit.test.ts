import { describe, expect, it } from 'vitest';
import { fitEscalationDecision, fitPriority } from './escalation-fit.ts';

describe('fitPriority', () => {
  it('keeps an integer and rounds a fraction (the inbox frame carries integers only)', () => {
    expect(fitPriority(5)).toEqual({ ok: true, value: 5 });
    expect(fitPriority(7.3)).toEqual({ ok: true, value: 7 });
    expect(fitPriority(undefined)).toEqual({ ok: true, value: undefined });
  });

  it('refuses NaN, infinities and non-numbers, which made every agent’s inbox unreadable', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, 'high', null, 1e300])
      expect(fitPriority(bad)).toMatchObject({ ok: false });
  });
});

describe('fitEscalationDecision', () => {
  it('passes a decision as it is', () => {
    const d = { escalate: true as const, reason: 'upset', priority: 10 };
    expect(fitEscalationDecision(d)).toEqual({ ok: true, value: d });
    expect(fitEscalationDecision({ escalate: false })).toEqual({ ok: true, value: { escalate: false } });
  });

  it('fails the plug-in, naming it, for undefined, a string or a non-boolean escalate', () => {
    for (const bad of [undefined, null, 'yes', { escalate: 'true' }, {}]) {
      const fitted = fitEscalationDecision(bad);
      expect(fitted.ok).toBe(false);
      if (!fitted.ok) {
        expect(fitted.error.code).toBe('plugin_failed');
        expect(fitted.error.message).toMatch(/^plugin shouldEscalate returned/);
      }
    }
  });

  it('gives a hand-over without a reason one people can read, and rounds its priority', () => {
    expect(fitEscalationDecision({ escalate: true, priority: 2.6 })).toEqual({
      ok: true,
      value: { escalate: true, reason: 'the escalation rules gave no reason', priority: 3 },
    });
  });

  it('fails the plug-in for a priority the frames cannot carry', () => {
    expect(fitEscalationDecision({ escalate: true, reason: 'x', priority: Number.NaN }).ok).toBe(false);
  });
});
