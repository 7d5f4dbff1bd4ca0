import { afterEach, describe, expect, it } from 'vitest';
import type { AgentClientEvents } from '../agent/agent-client-events.ts';
import type { HubEvents } from '../conversation/hub-events.ts';
import { createFaqBot } from '../faq/faq-bot.ts';
import { SMALL_KB } from '../faq/test-fixtures.ts';
import { createRouter } from '../routing/default-router.ts';
import { agent, shopper, startHub, until } from '../testing/hub-fixture.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import type { Hub } from './create-hub.ts';
import type { HubOptions } from './hub-options.ts';
import { signIdentity } from './identity.ts';

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

const AGENTS: HubOptions['agents'] = [
  {
    id: 'mei',
    name: 'Mei',
    token: 'token-mei-7a2c9e4b1f',
    groups: ['default', 'logistics'],
    languages: ['zh', 'en'],
  },
  {
    id: 'lei',
    name: 'Lei',
    token: 'token-lei-3d8f1b6a0c',
    groups: ['default', 'complaints', 'vip'],
    level: 'senior',
  },
  { id: 'ann', name: 'Ann', token: 'token-ann-5e0a7c2d9b', groups: ['default', 'after-sale'] },
];

/** A hub with the routing defaults (auto assignment, tickets when nobody is online). */
async function start(overrides: Partial<HubOptions> = {}) {
  const started = await startHub({
    agents: AGENTS,
    ...overrides,
    routing: { agentGraceMs: 100, acceptTimeoutMs: 60_000, ...overrides.routing },
  });
  hub = started.hub;
  return started.url;
}

async function ask(url: string, text: string, options: Parameters<typeof shopper>[1] = {}) {
  const s = shopper(url, options);
  s.connect();
  await until(() => s.status === 'open', 'welcome');
  s.send(text);
  return s;
}

describe('routing over real sockets', () => {
  it('assigns an escalated conversation to an online agent of the right group, who replies within the SLA', async () => {
    const url = await start();
    const sla: HubEvents['sla'][] = [];
    hub.on('sla', (e) => sla.push(e));
    const mei = agent(url, 'token-mei-7a2c9e4b1f');
    const ann = agent(url, 'token-ann-5e0a7c2d9b');
    await Promise.all([mei.connect(), ann.connect()]);
    const s = await ask(url, '我的快递三天了还没到，物流到哪了？');
    await until(() => s.state?.status === 'assigned', 'assigned automatically');
    expect(s.state?.agent?.id).toBe('mei');
    await until(
      () =>
        mei.inbox.some(
          (i) =>
            i.conversationId === s.conversationId && i.state.group === 'logistics' && i.sla !== undefined,
        ),
      'SLA countdown in the inbox',
    );
    const c = await mei.join(s.conversationId!);
    await mei.send(c.id, '您好，我来帮您查一下物流');
    await until(() => sla.some((e) => e.type === 'met'), 'first response met');
    s.close();
    mei.disconnect();
    ann.disconnect();
  });

  it('sends a VIP to the VIP lane with a higher priority, and an angry shopper to a senior agent', async () => {
    const url = await start({
      sites: [{ key: 'shop', origins: ['https://shop.test'], identitySecret: 'identity-secret-for-tests' }],
    });
    const escalated: HubEvents['escalated'][] = [];
    hub.on('escalated', (e) => escalated.push(e));
    const lei = agent(url, 'token-lei-3d8f1b6a0c');
    const mei = agent(url, 'token-mei-7a2c9e4b1f');
    await Promise.all([lei.connect(), mei.connect()]);
    const vip = await ask(url, '转人工', {
      identity: signIdentity({ id: 'u1', tier: 'vip' }, 'identity-secret-for-tests', { audience: 'shop' }),
    });
    await until(() => vip.state?.status === 'assigned', 'VIP assigned');
    expect(vip.state?.agent?.id).toBe('lei');
    await until(
      () => lei.inbox.some((i) => i.conversationId === vip.conversationId && i.state.group === 'vip'),
      'in the VIP lane',
    );
    expect(escalated[0]!.priority).toBeGreaterThanOrEqual(20);
    const angry = await ask(url, '你们这什么垃圾服务，气死我了，骗子！我要投诉！！');
    await until(() => angry.state?.status === 'assigned', 'angry shopper assigned');
    expect(angry.state?.agent?.id).toBe('lei');
    vip.close();
    angry.close();
    lei.disconnect();
    mei.disconnect();
  });

  it('turns an escalation into a ticket when nobody is online, and an agent coming online takes it', async () => {
    const url = await start();
    const s = await ask(url, '转人工');
    await until(() => s.state?.status === 'ticket' && s.state.ticket !== undefined, 'ticket');
    expect(s.state?.ticket?.expectedReplyAt).toBeGreaterThan(Date.now());
    expect(s.state?.ticket?.status).toBe('open');
    const tickets: HubEvents['ticket'][] = [];
    hub.on('ticket', (e) => tickets.push(e));
    const mei = agent(url, 'token-mei-7a2c9e4b1f');
    await mei.connect();
    expect(mei.inbox.map((i) => i.conversationId)).toContain(s.conversationId);
    const c = await mei.accept(s.conversationId!);
    // The ticket is Mei's now too.
    expect(tickets.at(-1)?.ticket.assignee).toEqual({ id: 'mei', name: 'Mei' });
    await mei.send(c.id, '您好，让您久等了');
    await mei.close(c.id, 'solved');
    await until(() => s.state?.status === 'closed', 'closed');
    s.close();
    mei.disconnect();
  });

  it('a small team all in the default group sees the ticket of a VIP who asked while nobody was online (no one is in the VIP lane)', async () => {
    const url = await start({
      agents: [{ id: 'mei', name: 'Mei', token: 'token-mei-7a2c9e4b1f', groups: ['default'] }],
      sites: [{ key: 'shop', origins: ['https://shop.test'], identitySecret: 'identity-secret-for-tests' }],
    });
    const vip = await ask(url, '转人工', {
      identity: signIdentity({ id: 'u1', tier: 'vip' }, 'identity-secret-for-tests', { audience: 'shop' }),
    });
    await until(() => vip.state?.status === 'ticket', 'ticket');
    const mei = agent(url, 'token-mei-7a2c9e4b1f');
    await mei.connect();
    expect(mei.inbox.map((i) => i.conversationId)).toContain(vip.conversationId);
    vip.close();
    mei.disconnect();
  });

  it('tells a merchant’s own route who is online, so one built on createRouter overflows to the default group', async () => {
    const base = createRouter({ intentGroups: { logistics: 'warehouse' } });
    const url = await start({
      // A shop's own rule on top of the default router's: it never names an unstaffed group itself.
      route: async (input, ctx) => ({ ...(await base(input, ctx)), priority: 1 }),
    });
    const mei = agent(url, 'token-mei-7a2c9e4b1f');
    await mei.connect();
    // A parcel question goes to `warehouse`, where nobody works: Mei of `default` takes it.
    const s = await ask(url, '我的快递三天了还没到，物流到哪了？');
    await until(() => s.state?.status === 'assigned', 'assigned in the default group');
    expect(s.state?.agent?.id).toBe('mei');
    expect(mei.inbox.find((i) => i.conversationId === s.conversationId)?.state.group).toBe('default');
    s.close();
    mei.disconnect();
  });

  // ticketWhenUnstaffed: false turned the staffing check off altogether: a parcel question queued
  // in `warehouse`, where nobody works and no agent of `default` may take it, for ever.
  it('with ticketWhenUnstaffed false still overflows to the default group, and queues instead of a ticket', async () => {
    const url = await start({
      routing: { ticketWhenUnstaffed: false, router: { intentGroups: { logistics: 'warehouse' } } },
    });
    const mei = agent(url, 'token-mei-7a2c9e4b1f');
    await mei.connect();
    const s = await ask(url, '我的快递三天了还没到，物流到哪了？');
    await until(
      () => s.state?.status === 'assigned',
      () => `assigned in the default group (${s.state?.status})`,
    );
    expect(s.state?.agent?.id).toBe('mei');
    expect(mei.inbox.find((i) => i.conversationId === s.conversationId)?.state.group).toBe('default');
    mei.disconnect();
    // Nobody online at all: it waits in the queue for the group, no ticket.
    await until(() => hub.onlineAgents().length === 0, 'Mei gone', 30_000);
    const later = await ask(url, '转人工');
    await until(
      () => later.state?.status === 'queued',
      () => `queued (${later.state?.status})`,
    );
    expect(await hub.admin.tickets({})).toEqual([]);
    s.close();
    later.close();
  });

  it('promises no person "now" to a shopper who asks for one outside office hours, in either language', async () => {
    const url = await start({
      answer: createFaqBot(SMALL_KB),
      // No opening hours on any day: closed whenever the test runs.
      routing: { router: { officeHours: { '*': { timeZone: 'Asia/Shanghai', weekly: {} } } } },
    });
    for (const [locale, text] of [
      ['en', 'talk to a human'],
      ['zh-CN', '转人工'],
    ] as const) {
      const s = await ask(url, text, { locale });
      await until(() => s.state?.status === 'ticket', `a ticket (${locale})`);
      await until(
        () => s.messages.some((m) => m.content.kind === 'system' && m.content.event === 'notice'),
        'the ticket notice',
      );
      const said = s.messages.flatMap((m) => (m.content.kind === 'text' ? [m.content.text] : []));
      expect(said.filter((t) => /hold on|one moment|稍候|稍等/i.test(t))).toEqual([]);
      s.close();
    }
  });

  it('makes a complaint outside office hours a ticket with both L3 deadlines, and shows progress to the shopper', async () => {
    const url = await start({
      routing: {
        router: {
          // A schedule with no opening hours today: always closed, on any day the test runs.
          officeHours: { '*': { timeZone: 'Asia/Shanghai', weekly: {}, holidays: [] } },
        },
      },
    });
    const tickets: HubEvents['ticket'][] = [];
    hub.on('ticket', (e) => tickets.push(e));
    const s = await ask(url, '质量太差了，我要投诉，屏幕有坏点！');
    await until(() => s.state?.status === 'ticket' && s.state.ticket !== undefined, 'ticket');
    const deadlines = s.state!.ticket!.deadlines.map((d) => [d.kind, d.dueAt - tickets[0]!.ticket.createdAt]);
    expect(deadlines).toEqual([
      ['progress', 2 * 3600_000],
      ['workaround', 4 * 3600_000],
    ]);
    expect(s.state?.ticket?.tier).toBe('L3');
    const lei = agent(url, 'token-lei-3d8f1b6a0c');
    await lei.connect();
    const c = await lei.accept(s.conversationId!);
    await lei.ticket(c.id, 'progress', '已联系仓库核实，明天给您答复');
    await until(() => s.state?.ticket?.lastUpdate === '已联系仓库核实，明天给您答复', 'progress visible');
    expect(s.state?.ticket?.deadlines[0]?.metAt).toBeDefined();
    s.close();
    lei.disconnect();
  });

  it('requeues the conversations of an agent who goes offline, to another agent', async () => {
    const url = await start();
    const mei = agent(url, 'token-mei-7a2c9e4b1f');
    await mei.connect();
    const s = await ask(url, '转人工');
    await until(() => s.state?.agent?.id === 'mei', 'with Mei');
    const ann = agent(url, 'token-ann-5e0a7c2d9b');
    await ann.connect();
    mei.disconnect();
    await until(() => s.state?.agent?.id === 'ann', 'moved to Ann after the grace period');
    expect(s.messages.some((m) => m.content.kind === 'system' && m.content.event === 'agent_left')).toBe(
      true,
    );
    s.close();
    ann.disconnect();
  });

  it('moves a conversation the agent never opens to another agent, marks them away and tells them', async () => {
    // The offers run out when the test moves the hub's clock, not while a busy machine stalls: on
    // real time a 150 ms offer could lapse before the test saw it, or Ann's before the next shopper came.
    const clock = new ManualClock(Date.UTC(2026, 11, 4, 9));
    const url = await start({ clock, routing: { acceptTimeoutMs: 150 } });
    const mei = agent(url, 'token-mei-7a2c9e4b1f');
    const alerts: string[] = [];
    await mei.connect();
    mei.on('alert', (a) => alerts.push(a.kind));
    const s = await ask(url, '转人工');
    await until(() => s.state?.agent?.id === 'mei', 'offered to Mei');
    clock.advance(150);
    await until(() => alerts.includes('requeued'), 'Mei told the conversation went back to the queue');
    const ann = agent(url, 'token-ann-5e0a7c2d9b');
    await ann.connect();
    await until(() => s.state?.agent?.id === 'ann', 'moved to Ann');
    // Mei is away now: a new conversation goes to Ann too.
    const next = await ask(url, '转人工');
    await until(() => next.state?.status === 'assigned', 'next assigned');
    expect(next.state?.agent?.id).toBe('ann');
    next.close();
    s.close();
    mei.disconnect();
    ann.disconnect();
  });

  it('tells a waiting shopper their place and an estimated wait while every agent is busy', async () => {
    const url = await start({
      agents: [
        { id: 'solo', name: 'Solo', token: 'token-solo-9f4b2e7a1c', groups: ['default'], capacity: 1 },
      ],
    });
    const solo = agent(url, 'token-solo-9f4b2e7a1c');
    await solo.connect();
    const first = await ask(url, '转人工');
    await until(() => first.state?.status === 'assigned', 'first assigned');
    const second = await ask(url, '转人工');
    await until(() => second.state?.queue?.position === 1, 'second waits first in line');
    expect(second.state?.queue?.etaSeconds).toBeGreaterThan(0);
    const c = await solo.join(first.conversationId!);
    await solo.close(c.id);
    await until(() => second.state?.status === 'assigned', 'second assigned when Solo frees up');
    first.close();
    second.close();
    solo.disconnect();
  });

  it('raises an SLA breach alert to the agent and a follow-up alert when a pending conversation falls due', async () => {
    const url = await start({ routing: { sla: { default: { firstResponseMs: 100 } } } });
    const mei = agent(url, 'token-mei-7a2c9e4b1f');
    await mei.connect();
    const alerts: string[] = [];
    const received: AgentClientEvents['alert'][] = [];
    mei.on('alert', (a) => {
      alerts.push(a.kind);
      received.push(a);
    });
    const s = await ask(url, '转人工');
    await until(() => alerts.includes('sla_breach'), 'breach alert');
    // What the alert is about travels as fields, so a console need not read the English message.
    const breach = received.find((a) => a.kind === 'sla_breach')!;
    expect(breach).toMatchObject({ conversationId: s.conversationId, metric: 'first_response' });
    expect(breach.dueAt).toBeLessThanOrEqual(breach.at);
    const c = await mei.join(s.conversationId!);
    await mei.send(c.id, 'Sorry for the wait!');
    // Answered late: the overdue countdown leaves the inbox line all the same.
    await until(
      () => mei.inbox.some((i) => i.conversationId === c.id && i.sla === undefined),
      'no countdown once answered',
    );
    // Due soon, yet in the future when the hub reads it: the hub refuses a past dueAt, and 100 ms
    // ahead was past once a busy machine paused between the agent's send and the hub's check.
    await mei.pending(c.id, Date.now() + 1_000, 'refund overdue');
    await until(() => s.state?.status === 'pending', 'pending');
    await until(() => alerts.includes('follow_up_due'), 'follow-up alert');
    expect(received.find((a) => a.kind === 'follow_up_due')).toMatchObject({ note: 'refund overdue' });
    s.send('any news?');
    await until(() => s.state?.status === 'assigned', 'back to the agent when the shopper writes');
    s.close();
    mei.disconnect();
  });
});
