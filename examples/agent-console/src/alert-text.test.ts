import { describe, expect, it } from 'vitest';
import { alertText } from './alert-text.ts';
import { STRINGS } from './strings.ts';

const zh = STRINGS.zh;

describe('alertText', () => {
  it('says SLA alerts in the console’s language, from their kind and the metric the hub names', () => {
    // The hub's messages, as packages/sdk/src/routing/service-promises.ts words them.
    expect(alertText({ kind: 'sla_near_breach', message: 'first response is almost due' }, zh)).toBe(
      '首次响应即将超时',
    );
    expect(alertText({ kind: 'sla_breach', message: 'first response is overdue' }, zh)).toBe(
      '首次响应已超时',
    );
    expect(alertText({ kind: 'sla_near_breach', message: 'next response is almost due' }, zh)).toBe(
      zh.slaAlmostDue('next_response'),
    );
    expect(alertText({ kind: 'sla_breach', message: 'resolution is overdue' }, zh)).toBe(
      zh.slaOverdue('resolution'),
    );
    // A message it does not recognise still gives a sentence in the console's language.
    expect(alertText({ kind: 'sla_near_breach', message: 'something else' }, zh)).toBe(zh.slaAlmostDue());
    expect(alertText({ kind: 'sla_near_breach', message: 'first response is almost due' }, STRINGS.en)).toBe(
      'First response is almost due',
    );
  });

  it('says a requeue and a follow-up in the console’s language, keeping the agent’s own note', () => {
    expect(alertText({ kind: 'requeued', message: 'you did not open this conversation in time' }, zh)).toBe(
      zh.alertRequeued,
    );
    expect(alertText({ kind: 'follow_up_due', message: 'a follow-up is due' }, zh)).toBe('该跟进了');
    expect(alertText({ kind: 'follow_up_due', message: '问问尺码换好了没' }, zh)).toBe(
      '该跟进了：问问尺码换好了没',
    );
  });

  it('shows the hub’s message for kinds whose details only it carries', () => {
    expect(alertText({ kind: 'ticket_overdue', message: 'ticket t1: reply is overdue' }, zh)).toBe(
      'ticket t1: reply is overdue',
    );
  });
});
