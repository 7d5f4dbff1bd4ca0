import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../store/store.ts';
import { reportToPrometheus } from './export-formats.ts';
import { computeReport } from './report.ts';

const HOUR = 3_600_000;
const T = Date.UTC(2026, 10, 23, 8, 0, 0);
let n = 0;
const e = (
  hours: number,
  kind: EventRecord['kind'],
  conversationId: string,
  extra: Partial<EventRecord> = {},
): EventRecord => ({ id: `e${++n}`, at: T + hours * HOUR, kind, conversationId, ...extra });

// n1: notified (shipped), the shopper wrote 2 h later: a contact after a notification.
// n2: notified twice, wrote 30 h later: not a contact within 24 h.
// n3: notified, then only tapped the notice's own button (a return): not a contact.
// u1: no notification, the shopper wrote; a photo, routed to after-sale; closed after 3 h.
// a1: a return started and completed by self-service, no person.
// a2: a return failed and went to the after-sale group.
// x1: a not-shipped exception whose ticket was resolved 5 h later; x2's ticket is open.
const events: EventRecord[] = [
  e(0, 'conversation.created', 'n1'),
  e(1, 'notification', 'n1', { data: { kind: 'order.shipped', orderId: 'KF1' } }),
  e(3, 'message', 'n1', { data: { authorKind: 'shopper' } }),
  e(0, 'conversation.created', 'n3'),
  e(1, 'notification', 'n3', { data: { kind: 'order.delivered', orderId: 'KF5' } }),
  e(2, 'message', 'n3', { data: { authorKind: 'shopper', noticeTap: true } }),
  e(0, 'conversation.created', 'n2'),
  e(1, 'notification', 'n2', { data: { kind: 'order.shipped', orderId: 'KF2' } }),
  e(2, 'notification', 'n2', { data: { kind: 'order.out_for_delivery', orderId: 'KF2' } }),
  e(32, 'message', 'n2', { data: { authorKind: 'shopper' } }),
  e(0, 'conversation.created', 'u1'),
  e(0, 'message', 'u1', { data: { authorKind: 'shopper', image: true } }),
  e(0, 'escalated', 'u1', { group: 'after-sale' }),
  e(3, 'closed', 'u1', { agentId: 'mei' }),
  e(0, 'conversation.created', 'a1'),
  e(1, 'message', 'a1', { data: { authorKind: 'shopper' } }),
  e(1, 'action', 'a1', { data: { action: 'requestReturn', outcome: 'started' } }),
  e(1, 'action', 'a1', { data: { action: 'requestReturn', outcome: 'completed' } }),
  e(0, 'conversation.created', 'a2'),
  e(1, 'message', 'a2', { data: { authorKind: 'shopper' } }),
  e(1, 'action', 'a2', { data: { action: 'requestReturn', outcome: 'started' } }),
  e(1, 'action', 'a2', { data: { action: 'requestReturn', outcome: 'failed' } }),
  e(1, 'escalated', 'a2', { group: 'after-sale' }),
  e(0, 'conversation.created', 'x1'),
  e(2, 'notification', 'x1', { data: { kind: 'order.not_shipped', orderId: 'KF3' } }),
  e(2, 'order.exception', 'x1', { data: { orderId: 'KF3', exception: 'not_shipped', ticketId: 't1' } }),
  e(2, 'order.exception', 't2', { data: { orderId: 'KF4', exception: 'address', ticketId: 't2' } }),
];

describe('proactive, after-sales and photo metrics', () => {
  const report = computeReport(events, {
    from: T - HOUR,
    to: T + 48 * HOUR,
    ticketsResolvedAt: new Map([['t1', T + 7 * HOUR]]),
  });

  it('counts notifications per kind and the contacts within 24 h after one, against conversations with none', () => {
    const p = report.total.proactive!;
    expect(p.notifications).toEqual({
      'order.shipped': 2,
      'order.out_for_delivery': 1,
      'order.delivered': 1,
      'order.not_shipped': 1,
    });
    expect(p.notified).toEqual({ conversations: 4, contacted: 1, rate: 1 / 4 });
    expect(p.unnotifiedContacts).toBe(3);
  });

  it('times exceptions from detection to their resolved ticket', () => {
    expect(report.total.proactive!.exceptions).toEqual({
      detected: 2,
      resolved: 1,
      resolution: { count: 1, meanMs: 5 * HOUR, p90Ms: 5 * HOUR },
    });
  });

  it('counts self-service outcomes and the after-sales conversations no person touched', () => {
    const p = report.total.proactive!;
    expect(p.actions).toEqual({ started: 2, completed: 1, failed: 1, ineligible: 0 });
    expect(p.afterSales).toEqual({ total: 3, withoutPerson: 1, rate: 1 / 3 });
  });

  it('gives the share of conversations with a photo and their resolution time', () => {
    expect(report.total.photos).toEqual({
      conversations: 1,
      rate: 1 / 7,
      resolution: { count: 1, meanMs: 3 * HOUR, p90Ms: 3 * HOUR },
    });
  });

  it('counts a photo conversation in the row its conversation ended in, and rows add up to the total', () => {
    for (const groupBy of ['group', 'agent', 'day'] as const) {
      const cut = computeReport(events, { from: T - HOUR, to: T + 48 * HOUR, groupBy });
      const sum = (of: (r: (typeof cut.rows)[number]) => number) => cut.rows.reduce((n, r) => n + of(r), 0);
      expect(
        sum((r) => r.conversations),
        groupBy,
      ).toBe(cut.total.conversations);
      expect(
        sum((r) => r.photos?.conversations ?? 0),
        groupBy,
      ).toBe(cut.total.photos?.conversations);
      expect(
        sum((r) => r.containment.total),
        groupBy,
      ).toBe(cut.total.containment.total);
      for (const row of cut.rows)
        expect(row.photos?.conversations ?? 0).toBeLessThanOrEqual(row.conversations);
    }
    // u1's photo was routed to after-sales: it is in that row, with its conversation.
    const byGroup = computeReport(events, { from: T - HOUR, to: T + 48 * HOUR, groupBy: 'group' });
    expect(byGroup.rows.find((r) => r.key === 'after-sale')).toMatchObject({
      conversations: 2,
      photos: { conversations: 1, rate: 1 / 2 },
    });
  });

  it('exports them to Prometheus', () => {
    const text = reportToPrometheus(report, {
      queued: {},
      agentsOnline: {},
      connections: { shoppers: 0, agents: 0 },
      breachRate: 0,
    });
    expect(text).toContain('kefu_notifications_sent{kind="order.shipped"} 2');
    expect(text).toContain('kefu_contacts{notified="yes"} 1');
    expect(text).toContain('kefu_contacts{notified="no"} 3');
    expect(text).toContain('kefu_order_exceptions{state="detected"} 2');
    expect(text).toContain('kefu_order_exception_resolution_seconds 18000');
    expect(text).toContain('kefu_self_service_actions{outcome="failed"} 1');
    expect(text).toContain(`kefu_after_sales_without_person_ratio ${1 / 3}`);
    expect(text).toContain(`kefu_photo_conversation_ratio ${1 / 7}`);
  });
});
