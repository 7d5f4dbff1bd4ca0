import { describe, expect, it } from 'vitest';
import { fitUnderstanding } from './understanding-fit.ts';

describe('fitUnderstanding', () => {
  it('passes an understanding as it is, and undefined or null as none', () => {
    const u = { intent: 'logistics', confidence: 0.8, anger: 0.1 };
    expect(fitUnderstanding(u)).toEqual({ ok: true, value: u });
    expect(fitUnderstanding(undefined)).toEqual({ ok: true, value: undefined });
    expect(fitUnderstanding(null)).toEqual({ ok: true, value: undefined });
  });

  it('clamps confidence and anger to 0..1 (anger 7 is furious, not seven times)', () => {
    expect(fitUnderstanding({ intent: 'x', confidence: 7, anger: -2 })).toEqual({
      ok: true,
      value: { intent: 'x', confidence: 1, anger: 0 },
    });
  });

  it('fails the plug-in for NaN, which made the agent’s assist frame unreadable, a string or a missing intent', () => {
    for (const bad of [
      { intent: 'x', confidence: Number.NaN, anger: 0 },
      { intent: 'x', confidence: 0.5, anger: '0.9' },
      { confidence: 0.5, anger: 0 },
      'logistics',
    ]) {
      const fitted = fitUnderstanding(bad);
      expect(fitted.ok).toBe(false);
      if (!fitted.ok) expect(fitted.error.message).toMatch(/^plugin understand returned/);
    }
  });
});
