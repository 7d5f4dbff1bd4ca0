import { describe, expect, it } from 'vitest';
import type { BotAnswer, EscalationSignals, PluginContext } from '../seams/plugins.ts';
import { runPluginNow } from '../seams/run-plugin.ts';
import type { Understanding } from '../seams/understanding.ts';
import { createEscalationRules, DEFAULT_ESCALATION_RULES } from './escalation-rules.ts';

// The defaults read only the locale from the context; the rest is never touched.
const ctx = (locale?: string) => ({ ...(locale ? { locale } : {}) }) as PluginContext;

const confident: BotAnswer = { content: [{ kind: 'text', text: 'We ship in 2 days.' }], confidence: 0.9 };
const calm = (intent = 'shipping', anger = 0): Understanding => ({ intent, confidence: 0.8, anger });
const signals = (extra: Partial<EscalationSignals> = {}): EscalationSignals => ({
  text: 'when will it ship?',
  understanding: calm(),
  answer: confident,
  failedBotTurns: 0,
  ...extra,
});

describe('createEscalationRules (the default rules)', () => {
  const rules = createEscalationRules();

  it('keeps a calm shopper with a confident answer with the bot', async () => {
    expect(await rules(signals(), ctx())).toEqual({ escalate: false });
  });

  it('decides at once too, without a promise, as the hub runs them (runPluginNow)', async () => {
    const upset = signals({ understanding: calm('shipping', 1) });
    expect(runPluginNow('shouldEscalate', rules, signals(), ctx())).toEqual({
      ok: true,
      value: { escalate: false },
    });
    expect(runPluginNow('shouldEscalate', rules, upset, ctx())).toEqual({
      ok: true,
      value: await rules(upset, ctx()),
    });
  });

  it('escalates an upset shopper, at the threshold, with the anger priority', async () => {
    const at = signals({ understanding: calm('shipping', DEFAULT_ESCALATION_RULES.angerThreshold) });
    expect(await rules(at, ctx())).toEqual({ escalate: true, reason: 'the shopper is upset', priority: 10 });
  });

  it('keeps a shopper just under the anger threshold with the bot', async () => {
    const under = signals({ understanding: calm('shipping', 0.69) });
    expect(await rules(under, ctx())).toEqual({ escalate: false });
  });

  it.each(['ask_for_human', 'complaint'])('escalates the %s intent', async (intent) => {
    expect(await rules(signals({ understanding: calm(intent) }), ctx())).toEqual({
      escalate: true,
      reason: `intent: ${intent}`,
    });
  });

  it('escalates when the bot had no answer', async () => {
    expect(await rules(signals({ answer: null }), ctx())).toEqual({
      escalate: true,
      reason: 'the bot had no answer',
    });
  });

  it('escalates when the bot handed over, with its reason', async () => {
    const answer: BotAnswer = { ...confident, handoff: { reason: 'refunds need a person' } };
    expect(await rules(signals({ answer }), ctx())).toEqual({
      escalate: true,
      reason: 'refunds need a person',
    });
  });

  it('escalates when the bot handed over with `true`, with a generic reason', async () => {
    expect(await rules(signals({ answer: { ...confident, handoff: true } }), ctx())).toEqual({
      escalate: true,
      reason: 'the bot handed over',
    });
  });

  it('keeps the shopper with the bot when handoff is false', async () => {
    expect(await rules(signals({ answer: { ...confident, handoff: false } }), ctx())).toEqual({
      escalate: false,
    });
  });

  it('escalates after two low-confidence bot turns in a row, not after one', async () => {
    expect(await rules(signals({ failedBotTurns: 1 }), ctx())).toEqual({ escalate: false });
    expect(await rules(signals({ failedBotTurns: 2 }), ctx())).toEqual({
      escalate: true,
      reason: '2 bot answers in a row were not confident',
    });
  });

  it('decides without an understanding (when the merchant turned it off)', async () => {
    expect(await rules(signals({ understanding: undefined }), ctx())).toEqual({ escalate: false });
    expect(await rules(signals({ understanding: undefined, answer: null }), ctx())).toMatchObject({
      escalate: true,
    });
  });

  it('puts anger first, so an angry complaint gets the anger priority', async () => {
    const angryComplaint = signals({ understanding: calm('complaint', 0.95), answer: null });
    expect(await rules(angryComplaint, ctx())).toEqual({
      escalate: true,
      reason: 'the shopper is upset',
      priority: 10,
    });
  });

  it('takes the merchant’s own thresholds, intents and priority', async () => {
    const strict = createEscalationRules({
      angerThreshold: 0.3,
      maxFailedBotTurns: 1,
      humanIntents: ['refund'],
      angerPriority: 50,
    });
    expect(await strict(signals({ understanding: calm('shipping', 0.3) }), ctx())).toMatchObject({
      priority: 50,
    });
    expect(await strict(signals({ understanding: calm('refund') }), ctx())).toEqual({
      escalate: true,
      reason: 'intent: refund',
    });
    expect(await strict(signals({ understanding: calm('complaint') }), ctx())).toEqual({ escalate: false });
    expect(await strict(signals({ failedBotTurns: 1 }), ctx())).toMatchObject({ escalate: true });
  });
});
