import { describe, expect, it } from 'vitest';
import { consoleAlerts } from './console-alerts.ts';

const breach = (conversationId: string, kind: 'sla_breach' | 'sla_near_breach', metric: string) =>
  ({ kind, conversationId, metric, at: 0, message: '' }) as Parameters<
    ReturnType<typeof consoleAlerts>['add']
  >[0];

describe('consoleAlerts', () => {
  it('keeps the five newest, and past due replaces almost due for the same clock only', () => {
    const a = consoleAlerts();
    a.add(breach('c1', 'sla_near_breach', 'first_response'));
    a.add(breach('c1', 'sla_near_breach', 'resolution'));
    a.add(breach('c1', 'sla_breach', 'first_response'));
    expect(a.alerts.value.map((x) => [x.kind, x.metric])).toEqual([
      ['sla_breach', 'first_response'],
      ['sla_near_breach', 'resolution'],
    ]);
    for (let i = 2; i <= 7; i++) a.add(breach(`c${i}`, 'sla_near_breach', 'first_response'));
    expect(a.alerts.value.map((x) => x.conversationId)).toEqual(['c7', 'c6', 'c5', 'c4', 'c3']);
  });

  it('ends response alerts on a reply, all of a conversation on drop, one on dismiss', () => {
    const a = consoleAlerts();
    a.add(breach('c1', 'sla_breach', 'next_response'));
    a.add(breach('c1', 'sla_near_breach', 'resolution'));
    a.add(breach('c2', 'sla_breach', 'first_response'));
    a.answered('c1');
    expect(a.alerts.value.map((x) => [x.conversationId, x.metric])).toEqual([
      ['c2', 'first_response'],
      ['c1', 'resolution'],
    ]);
    a.drop('c1');
    expect(a.alerts.value.map((x) => x.conversationId)).toEqual(['c2']);
    a.dismiss(a.alerts.value[0]!.id);
    expect(a.alerts.value).toEqual([]);
  });

  it('settles: drops the alerts about conversations no longer the agent’s, keeps the rest', () => {
    const a = consoleAlerts();
    a.add(breach('c1', 'sla_near_breach', 'first_response'));
    a.add(breach('c2', 'sla_breach', 'first_response'));
    a.settle((id) => id === 'c1');
    expect(a.alerts.value.map((x) => x.conversationId)).toEqual(['c2']);
  });
});
