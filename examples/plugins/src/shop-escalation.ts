import { createEscalationRules, createRouter, type RoutePlugin, type ShouldEscalatePlugin } from '@kefu/sdk';

// A shop's own escalation and routing on top of the built-in ones: a chargeback or a lawyer goes to
// a person at once and to the complaints team, and a VIP gets a person after one unsure answer.
const builtIn = createEscalationRules();
const rules = createRouter();
const DISPUTE = /chargeback|lawyer|投诉|律师|拒付/i;

export const shouldEscalate: ShouldEscalatePlugin = async (signals, ctx) => {
  // signals.text: the shopper's message (a tapped quick reply's label); '' after a "not helpful"
  // vote, when signals.notHelpful counts the bot's answers so marked since it last handed over.
  // signals.understanding: `understand`'s { intent, confidence, anger, locale?, image? }, if any.
  // signals.answer: the bot's answer ({ content, confidence?, entryId?, handoff? }), null if none.
  // signals.failedBotTurns: unsure bot turns in a row, this one included (0 after a confident one).
  if (DISPUTE.test(signals.text)) return { escalate: true, reason: 'payment dispute', priority: 20 };
  if (ctx.shopper.tier === 'vip' && signals.failedBotTurns >= 1)
    return { escalate: true, reason: 'VIP: the bot was unsure', priority: 10 };
  // Everything else as the built-in rules decide (anger, "a person please", no answer …).
  return builtIn(signals, ctx);
};

export const route: RoutePlugin = async (input, ctx) => {
  // input.reason: why it escalated (shouldEscalate's reason; "sent a photo (damaged)" for a photo).
  // input.priority: the escalation's priority; input.understanding: as signals.understanding.
  // input.group: a group the hand-over already names (an order exception's): keep it.
  if (!input.group && input.reason === 'payment dispute')
    return rules({ ...input, group: 'complaints' }, ctx);
  return rules(input, ctx);
};
