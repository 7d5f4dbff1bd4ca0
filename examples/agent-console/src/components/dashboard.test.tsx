import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleState } from '../console-state.ts';
import { createDashboardState } from '../dashboard-state.ts';
import { STRINGS } from '../strings.ts';
import { createFakeClient, inboxItem, metricsRow } from '../testing/fake-client.ts';
import { Dashboard } from './dashboard.tsx';

afterEach(cleanup);
const en = STRINGS.en;

async function setup() {
  const fake = createFakeClient({
    profile: { id: 'boss', supervisor: true },
    report: (from, to, groupBy) => ({
      from,
      to,
      groupBy: groupBy as 'group',
      total: metricsRow('all', {
        conversations: 3,
        firstResponse: { count: 3, meanMs: 12_000 },
        csat: { count: 1, mean: 4, satisfiedRate: 1 },
        transfers: { count: 1, rate: 1 / 3 },
        qa: { checked: 5, violations: 0, score: 100 },
        bot: { answers: 4, helpful: 1, notHelpful: 0, failures: 1 },
        proactive: {
          notifications: { 'order.shipped': 3, 'order.not_shipped': 1 },
          notified: { conversations: 4, contacted: 1, rate: 0.25 },
          unnotifiedContacts: 2,
          exceptions: { detected: 1, resolved: 1, resolution: { count: 1, meanMs: 60_000 } },
          actions: { started: 2, completed: 1, failed: 1, ineligible: 0 },
          afterSales: { total: 2, withoutPerson: 1, rate: 0.5 },
        },
        photos: { conversations: 1, rate: 1 / 3, resolution: { count: 0 } },
      }),
      rows:
        groupBy === 'agent'
          ? [
              metricsRow('(no agent)', { conversations: 1 }),
              metricsRow('mei', { conversations: 2 }),
              // Nothing to show (an older hub's row of bot answers alone): not a row of dashes.
              metricsRow('lei', {}),
            ]
          : [metricsRow('default', { conversations: 3 })],
    }),
  });
  const state = createConsoleState(fake.client, { lang: 'en' });
  await state.connect();
  fake.emit('inbox', [
    inboxItem({ conversationId: 'a' }),
    inboxItem({
      conversationId: 'b',
      state: { status: 'assigned', group: 'default', agent: { id: 'mei', name: 'Mei' } },
    }),
  ]);
  const dash = createDashboardState(fake.client, {
    fetchMetrics: async () =>
      [
        'kefu_agents_online{group="default"} 2',
        'kefu_agents_online{group="vip"} 1',
        // Two order exceptions' L3 tickets: no conversation of theirs is in the inbox.
        'kefu_tickets_open{group="logistics"} 2',
        'kefu_tickets_open{group=""} 1',
        '',
      ].join('\n'),
    everyMs: 60_000,
  });
  render(<Dashboard state={state} dash={dash} metricsUrl="/metrics" />);
  return { fake, dash };
}

describe('dashboard', () => {
  // The hub cuts its days in metrics.timeZone; a browser elsewhere asked for "today" from its own
  // midnight, so a Shanghai morning's conversations were missing from today (or counted twice).
  it("asks for today from midnight in the hub's time zone, once the hub has said which", async () => {
    const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const zone = local === 'Asia/Shanghai' ? 'America/New_York' : 'Asia/Shanghai';
    // 17:30 UTC on 4 December: 01:30 on the 5th in Shanghai, 12:30 on the 4th in New York.
    const now = Date.UTC(2026, 11, 4, 17, 30);
    const midnight = zone === 'Asia/Shanghai' ? Date.UTC(2026, 11, 4, 16) : Date.UTC(2026, 11, 4, 5);
    const asked: Array<[number, string | undefined]> = [];
    const fake = createFakeClient({
      profile: { id: 'boss', supervisor: true },
      report: (from, to, groupBy) => {
        asked.push([from, groupBy]);
        return { from, to, timeZone: zone, total: metricsRow('all'), rows: [] };
      },
    });
    const dash = createDashboardState(fake.client, { now: () => now, everyMs: 60_000 });
    await dash.refresh();
    const last = asked.slice(-2);
    expect(last).toEqual([
      [midnight, 'group'],
      [midnight - 6 * 86_400_000, 'day'],
    ]);
    expect(dash.timeZone.value).toBe(zone);
    dash.stop();
  });

  it('tells an agent who is no supervisor why, on a page with its landmark and title', async () => {
    const fake = createFakeClient({ profile: { id: 'mei', supervisor: false } });
    const state = createConsoleState(fake.client, { lang: 'en' });
    await state.connect();
    const dash = createDashboardState(fake.client, { fetchMetrics: async () => '', everyMs: 60_000 });
    render(<Dashboard state={state} dash={dash} metricsUrl="/metrics" />);
    const main = screen.getByRole('main', { name: en.dashboardTitle });
    expect(main.querySelector('h1')?.textContent).toBe(en.dashboardTitle);
    expect(main.textContent).toContain(en.supervisorsOnly);
    dash.stop();
  });

  // Finding (2026-12-06): a console run with --hub on another origin than the hub's was told
  // "loopback or a token only" while on loopback; the fetch was blocked by CORS, and the console
  // sends no token. The note now says where the console must be for /metrics.
  it('says where a console must run to read /metrics when it cannot', async () => {
    const fake = createFakeClient({ profile: { id: 'boss', supervisor: true } });
    const state = createConsoleState(fake.client, { lang: 'en' });
    await state.connect();
    const dash = createDashboardState(fake.client, { fetchMetrics: async () => undefined, everyMs: 60_000 });
    render(<Dashboard state={state} dash={dash} metricsUrl="http://127.0.0.1:8080/metrics" />);
    const note = await screen.findByText(/Cannot read \/metrics/);
    expect(note.textContent).toContain('the hub’s own origin');
    expect(note.textContent).not.toContain('token');
    dash.stop();
  });

  it("shows each agent's load now, and an agent not online who still has shoppers", async () => {
    const fake = createFakeClient({
      profile: { id: 'boss', name: 'Boss', supervisor: true },
      online: () => [
        { id: 'boss', name: 'Boss', groups: ['default'] },
        { id: 'mei', name: '小美 Mei', groups: ['default'] },
      ],
    });
    const state = createConsoleState(fake.client, { lang: 'en' });
    await state.connect();
    const lei = { id: 'lei', name: '李雷 Lei' };
    const mei = { id: 'mei', name: '小美 Mei' };
    fake.emit('inbox', [
      inboxItem({ conversationId: 'a', state: { status: 'assigned', group: 'default', agent: lei } }),
      inboxItem({ conversationId: 'b', state: { status: 'assigned', group: 'default', agent: lei } }),
      inboxItem({ conversationId: 'c', state: { status: 'pending', group: 'default', agent: mei } }),
      inboxItem({ conversationId: 'd' }),
    ]);
    const dash = createDashboardState(fake.client, { everyMs: 60_000 });
    render(<Dashboard state={state} dash={dash} metricsUrl="/metrics" />);
    await dash.refresh();
    const table = await screen.findByRole('table', { name: en.agentsLoad });
    await waitFor(() => expect(table.querySelectorAll('tbody tr')).toHaveLength(3));
    const cells = (id: string) =>
      [...table.querySelectorAll(`tr[data-agent=${id}] th, tr[data-agent=${id}] td`)].map(
        (c) => c.textContent,
      );
    expect(cells('lei')).toEqual(['李雷 Lei', en.signedOut, '2', '0']);
    expect(cells('mei')).toEqual(['小美 Mei', en.online, '0', '1']);
    expect(cells('boss')).toEqual(['Boss', en.online, '0', '0']);
    dash.stop();
    state.dispose();
  });

  // Attack pass (2026-12-07): a colleague named "Mеi" (Cyrillic е) read as Mei in the load table, so
  // a supervisor moved shoppers from or to the wrong agent. Names that look alike show their ids.
  it("shows look-alike agents' ids beside their names in the load table", async () => {
    const fake = createFakeClient({
      profile: { id: 'boss', name: 'Boss', supervisor: true },
      online: () => [
        { id: 'mei', name: 'Mei', groups: ['default'] },
        { id: 'mallory', name: 'M\u0435i', groups: ['default'] },
        { id: 'boss', name: 'Boss', groups: ['default'] },
      ],
    });
    const state = createConsoleState(fake.client, { lang: 'en' });
    await state.connect();
    const dash = createDashboardState(fake.client, { everyMs: 60_000 });
    render(<Dashboard state={state} dash={dash} metricsUrl="/metrics" />);
    await dash.refresh();
    const table = await screen.findByRole('table', { name: en.agentsLoad });
    await waitFor(() => expect(table.querySelectorAll('tbody tr')).toHaveLength(3));
    const name = (id: string) => table.querySelector(`tr[data-agent=${id}] th`)?.textContent;
    expect([name('mei'), name('mallory'), name('boss')]).toEqual(['Mei (mei)', 'M\u0435i (mallory)', 'Boss']);
    dash.stop();
    state.dispose();
  });

  // i18n QA (2026-12-06): in the Chinese console on a browser whose own language is English, agents
  // with the same load were listed in code-point order (小美, 李雷, 王经理), not by pinyin.
  it('lists agents with the same load in the order of the console language (pinyin in Chinese)', async () => {
    const fake = createFakeClient({
      profile: { id: 'boss', name: '王经理 Wang', supervisor: true },
      online: () => [
        { id: 'mei', name: '小美 Mei', groups: ['default'] },
        { id: 'lei', name: '李雷 Lei', groups: ['default'] },
        { id: 'boss', name: '王经理 Wang', groups: ['default'] },
      ],
    });
    const state = createConsoleState(fake.client, { lang: 'zh' });
    await state.connect();
    fake.emit('inbox', [inboxItem({ conversationId: 'a' })]);
    const dash = createDashboardState(fake.client, { everyMs: 60_000 });
    render(<Dashboard state={state} dash={dash} metricsUrl="/metrics" />);
    await dash.refresh();
    const table = await screen.findByRole('table', { name: STRINGS.zh.agentsLoad });
    await waitFor(() => expect(table.querySelectorAll('tbody tr')).toHaveLength(3));
    const order = [...table.querySelectorAll('tbody tr')].map((r) => r.getAttribute('data-agent'));
    expect(order).toEqual(['lei', 'boss', 'mei']);
    dash.stop();
    state.dispose();
  });

  it('says one of a thing in the singular in English', () => {
    const en = STRINGS.en;
    expect([en.csatDetail(1), en.transfersDetail(1), en.qaDetail(2, 1)]).toEqual([
      '1 rating',
      '1 transfer',
      '2 checked · 1 violation',
    ]);
    expect([en.csatDetail(2), en.transfersDetail(0), en.qaDetail(2, 0)]).toEqual([
      '2 ratings',
      '0 transfers',
      '2 checked · 0 violations',
    ]);
  });

  it("shows today's figures, live queues and agents online per group", async () => {
    await setup();
    await waitFor(() => expect(document.querySelector('[data-metric=frt] .figure')?.textContent).toBe('12s'));
    const tile = (id: string) => document.querySelector(`[data-metric=${id}]`) as HTMLElement;
    expect(tile('conversations').textContent).toContain('3');
    expect(tile('csat').textContent).toContain('4.00');
    expect(tile('csat').textContent).toContain('1 rating');
    expect(tile('csat').textContent).not.toContain('1 ratings');
    expect(tile('transfer').textContent).toContain('33.3%');
    expect(tile('qa').textContent).toContain('5 checked · 0 violations');
    expect(tile('notified').textContent).toContain('25%');
    expect(tile('notified').textContent).toContain('4 notices sent · 2 contacts without one');
    expect(tile('selfService').textContent).toContain('1/2 done · 1 failed');
    expect(tile('exceptions').textContent).toContain('1 resolved');
    expect(tile('photos').textContent).toContain('33.3%');
    expect(tile('botFailures').textContent).toContain(`${en.metric.botFailures}1`);
    const row = document.querySelector('tr[data-group=default]') as HTMLElement;
    expect(row.querySelector('[data-col=queued]')?.textContent).toBe('1');
    expect(row.querySelector('[data-col=assigned]')?.textContent).toBe('1');
    expect(row.querySelector('[data-col=online]')?.textContent).toBe('2');
    expect(document.querySelector('tr[data-group=vip] [data-col=online]')?.textContent).toBe('1');
    // Open tickets per group are the hub's tickets, not conversations in `ticket` status.
    expect(document.querySelector('tr[data-group=logistics] [data-col=ticket]')?.textContent).toBe('2');
    expect(row.querySelector('[data-col=ticket]')?.textContent).toBe('1');
    expect(document.querySelector('tr[data-group=vip] [data-col=ticket]')?.textContent).toBe('0');
    expect(screen.getByRole('link', { name: en.prometheus }).getAttribute('href')).toBe('/metrics');
    expect(screen.getAllByRole('img').length).toBeGreaterThanOrEqual(4);
  });

  it("asks for today's report per group, and per agent when switched", async () => {
    const { fake } = await setup();
    await waitFor(() => expect(document.querySelector('[data-metric=frt] .figure')?.textContent).toBe('12s'));
    const reports = () => fake.calls.filter((c) => c.method === 'report').map((c) => c.args[2]);
    expect(reports()).toEqual(['group', 'day']);
    const start = fake.calls.find((c) => c.method === 'report')?.args[0] as number;
    expect(new Date(start).getHours()).toBe(0);
    fireEvent.click(screen.getByRole('radio', { name: en.byAgent }));
    await waitFor(() => expect(document.querySelector('tr[data-key=mei]')).toBeTruthy());
    expect(reports()).toContain('agent');
    // By name, as the supervisor knows them, not by the hub's id.
    expect(document.querySelector('tr[data-key=mei] th')?.textContent).toBe('Mei');
    // The conversations no agent held are named for what they were.
    expect(document.querySelector('tr[data-key="(no agent)"] th')?.textContent).toBe(en.botOnly);
    expect(document.querySelector('tr[data-key=lei]')).toBeNull();
  });
});
