import { ALERT_KINDS, type AlertFrame } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import { alertText } from './alert-text.ts';
import { STRINGS } from './strings.ts';

const { zh, en } = STRINGS;
const AT = 1_795_442_988_555;
/** An alert as the hub sends it: its English message is for logs, and must not matter here. */
const alert = (fields: Omit<AlertFrame, 'v' | 'type' | 'message' | 'at'>): AlertFrame => ({
  v: 1,
  type: 'alert',
  message: 'English prose the console never shows',
  at: AT,
  ...fields,
});

describe('alertText', () => {
  it('says SLA alerts in the console’s language, from the metric field', () => {
    expect(alertText(alert({ kind: 'sla_near_breach', metric: 'first_response' }), zh)).toBe(
      '首次响应即将超时',
    );
    expect(alertText(alert({ kind: 'sla_breach', metric: 'first_response' }), zh)).toBe('首次响应已超时');
    expect(alertText(alert({ kind: 'sla_near_breach', metric: 'next_response' }), zh)).toBe(
      zh.slaAlmostDue('next_response'),
    );
    expect(alertText(alert({ kind: 'sla_breach', metric: 'resolution' }), zh)).toBe(
      zh.slaOverdue('resolution'),
    );
    expect(alertText(alert({ kind: 'sla_near_breach', metric: 'first_response' }), en)).toBe(
      'First response is almost due',
    );
  });

  it('never reads the metric out of the English message', () => {
    const old = { ...alert({ kind: 'sla_breach' }), message: 'first response is overdue' };
    expect(alertText(old, zh)).toBe(zh.slaOverdue());
  });

  it('says a requeue and a follow-up in the console’s language, keeping the agent’s own note', () => {
    expect(alertText(alert({ kind: 'requeued' }), zh)).toBe(zh.alertRequeued);
    expect(alertText(alert({ kind: 'follow_up_due' }), zh)).toBe('该跟进了');
    expect(alertText(alert({ kind: 'follow_up_due', note: '问问尺码换好了没' }), zh)).toBe(
      '该跟进了：问问尺码换好了没',
    );
  });

  it('says an overdue ticket with its id, its deadline and how late the hub noticed it', () => {
    const ticket = { kind: 'ticket_overdue', ticketId: 't_9', deadline: 'progress' } as const;
    expect(alertText(alert({ ...ticket, dueAt: AT }), zh)).toBe('工单 t_9 的进展已逾期');
    expect(alertText(alert({ ...ticket, dueAt: AT - 29 * 60_000 }), zh)).toBe(
      '工单 t_9 的进展已逾期 29m 00s',
    );
    expect(alertText(alert({ ...ticket, deadline: 'resolution', dueAt: AT }), en)).toBe(
      'Ticket t_9: resolution is overdue',
    );
    expect(alertText(alert({ kind: 'ticket_overdue' }), zh)).toBe('工单已逾期');
  });

  it('says the breach rate with its figures, raised and cleared', () => {
    const figures = { rate: 0.0625, threshold: 0.05, total: 48 };
    expect(alertText(alert({ kind: 'breach_rate', ...figures }), zh)).toBe(
      'SLA 超时率 6.3%（48 次响应），超过阈值 5%',
    );
    expect(alertText(alert({ kind: 'breach_rate', ...figures }), en)).toBe(
      'SLA breach rate 6.3% of 48 responses, above the 5% threshold',
    );
    expect(alertText(alert({ kind: 'breach_rate_cleared', ...figures, rate: 0.04 }), zh)).toBe(
      'SLA 超时率已回落到 4%（阈值 5%）',
    );
    expect(alertText(alert({ kind: 'breach_rate' }), zh)).toBe('SLA 超时率超过阈值');
  });

  it('words every alert kind in both languages without the English message', () => {
    for (const kind of ALERT_KINDS) {
      for (const t of [zh, en]) expect(alertText(alert({ kind }), t)).not.toContain('English prose');
    }
  });
});
