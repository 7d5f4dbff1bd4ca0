import { afterEach, describe, expect, it } from 'vitest';
import { QaHeldError } from '../agent/agent-client.ts';
import { SMALL_KB } from '../faq/test-fixtures.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { AGENT2_TOKEN, agent, SUPERVISOR_TOKEN, shopper, startHub, until } from '../testing/hub-fixture.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import type { Hub } from './create-hub.ts';

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

async function assignedConversation(url: string, text = '转人工') {
  const s = shopper(url, { locale: 'zh-CN' });
  s.connect();
  await until(() => s.status === 'open', 'welcome');
  s.send(text);
  await until(() => s.state?.status === 'queued', 'queued');
  const a = agent(url);
  await a.connect();
  const c = await a.accept(s.conversationId!);
  return { s, a, c };
}

describe('quality inspection of agent messages', () => {
  it('holds back an absolute promise until the agent overrides, and scores what was sent', async () => {
    const started = await startHub();
    hub = started.hub;
    const { s, a, c } = await assignedConversation(started.url);
    const error = await a.send(c.id, '我们保证明天一定送到！').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QaHeldError);
    expect((error as QaHeldError).violations[0]).toMatchObject({
      ruleId: 'no-absolute-promises',
      matches: ['保证'],
    });
    await a.send(c.id, '预计明天送达');
    await until(
      () => s.messages.some((m) => m.content.kind === 'text' && m.content.text === '预计明天送达'),
      'clean message',
    );
    expect(s.messages.some((m) => m.content.kind === 'text' && m.content.text.includes('保证'))).toBe(false);
    await a.send(c.id, '我们保证明天一定送到！', { override: true });
    await until(
      () => s.messages.some((m) => m.content.kind === 'text' && m.content.text.includes('保证')),
      'overridden',
    );
    const report = await hub.report({
      from: Date.now() - 86_400_000,
      to: Date.now() + 1000,
      groupBy: 'agent',
    });
    const mei = report.rows.find((r) => r.key === 'mei')!;
    expect(mei.qa).toMatchObject({ checked: 2, violations: 1, score: 50 });
    s.close();
    a.disconnect();
  });

  it('warns about "请您理解" to an angry shopper', async () => {
    const started = await startHub();
    hub = started.hub;
    const { s, a, c } = await assignedConversation(
      started.url,
      '气死我了！你们这什么垃圾服务，骗子，转人工！',
    );
    const error = await a.send(c.id, '请您理解，现在是快递高峰期').catch((e: unknown) => e);
    expect((error as QaHeldError).violations.map((v) => v.ruleId)).toContain(
      'no-please-understand-when-angry',
    );
    s.close();
    a.disconnect();
  });

  it('judges the response SLA from when the conversation became the replying agent’s', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 6, 9, 0, 0));
    const store = createMemoryStore();
    const started = await startHub({
      clock,
      store,
      routing: { assignment: 'manual', sla: { default: { firstResponseMs: 15_000 } } },
      limits: { heartbeatMs: 3_600_000, idleTimeoutMs: 3_600_000 },
    });
    hub = started.hub;
    const mei = agent(started.url);
    const lei = agent(started.url, AGENT2_TOKEN);
    await mei.connect();
    await lei.connect();
    const queued = async () => {
      const s = shopper(started.url, { locale: 'zh-CN' });
      s.connect();
      await until(() => s.status === 'open', 'welcome');
      s.send('转人工');
      await until(() => s.state?.status === 'queued', 'queued');
      return s;
    };
    /** The SLA rule's verdicts on the replies in the conversation, as `agent:flagged`. */
    const verdicts = async (conversationId: string, count: number) => {
      const read = async () =>
        (await store.listEvents({ conversationId, kinds: ['qa'] })).map(
          (e) => `${e.agentId}:${String(e.data?.rules).includes('reply-within-sla')}`,
        );
      let seen = await read();
      for (let tries = 0; seen.length < count && tries < 200; tries++) {
        await new Promise((r) => setTimeout(r, 10));
        seen = await read();
      }
      return seen;
    };

    // Breached in the queue (20 s with nobody), answered 2 s after Lei accepts: staffing's, not Lei's.
    const s1 = await queued();
    clock.advance(20_000);
    await lei.accept(s1.conversationId!);
    clock.advance(2_000);
    await lei.send(s1.conversationId!, '抱歉久等，我来帮您');
    expect(await verdicts(s1.conversationId!, 1)).toEqual(['lei:false']);

    // Mei holds it from the start and answers 20 s later: hers, as before.
    const s2 = await queued();
    await mei.accept(s2.conversationId!);
    clock.advance(20_000);
    await mei.send(s2.conversationId!, '您好，让您久等了');
    expect(await verdicts(s2.conversationId!, 1)).toEqual(['mei:true']);

    // Mei lets it breach, then hands it to Lei, who answers 2 s later: not Lei's.
    const s3 = await queued();
    await mei.accept(s3.conversationId!);
    clock.advance(20_000);
    await mei.transfer(s3.conversationId!, { agentId: 'lei' });
    await until(() => s3.state?.agent?.id === 'lei', 'with Lei');
    clock.advance(2_000);
    await lei.send(s3.conversationId!, '您好，我来处理');
    expect(await verdicts(s3.conversationId!, 1)).toEqual(['lei:false']);
    for (const s of [s1, s2, s3]) s.close();
    mei.disconnect();
    lei.disconnect();
  });
});

describe('agent assist', () => {
  it('suggests knowledge-base answers and canned replies for the shopper’s last message', async () => {
    const started = await startHub({
      assist: {
        knowledgeBase: SMALL_KB,
        canned: [
          {
            id: 'refund-eta',
            title: '退款到账时间',
            text: '{name} 您好，退款审核通过后 1-7 个工作日原路到账。',
            category: '售后',
          },
          { id: 'greet', title: '问候', text: '您好，很高兴为您服务', category: '通用' },
        ],
      },
    });
    hub = started.hub;
    const { s, a, c } = await assignedConversation(started.url);
    expect(a.canned.map((r) => r.id)).toEqual(['refund-eta', 'greet']);
    const seen: string[] = [];
    a.on('assist', (x) => seen.push(x.suggestions.map((y) => y.entryId).join()));
    s.send('退款多久能到账啊');
    await until(() => a.assistFor(c.id)?.suggestions[0]?.entryId === 'refund-time', 'kb suggestion');
    const assist = a.assistFor(c.id)!;
    expect(assist.canned.map((r) => r.id)).toContain('refund-eta');
    expect(assist.understanding.intent).toBe('after_sale');
    s.close();
    a.disconnect();
  });
});

describe('CSAT and metrics', () => {
  it('takes one rating after close, and computes the scripted shift’s metrics as by hand', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 23, 9, 0, 0));
    const started = await startHub({ clock, limits: { idleTimeoutMs: 3_600_000 } });
    hub = started.hub;
    const s = shopper(started.url, { locale: 'zh-CN' });
    s.connect();
    await until(() => s.status === 'open', 'welcome');
    s.send('转人工'); // escalated at 09:00:00
    await until(() => s.state?.status === 'queued', 'queued');
    const a = agent(started.url);
    await a.connect();
    clock.advance(10_000);
    const c = await a.accept(s.conversationId!); // waited 10 s
    clock.advance(2_000);
    await a.send(c.id, '您好，我来帮您'); // first response 12 s after the escalation
    clock.advance(48_000);
    await a.close(c.id, 'solved'); // handled 50 s
    await until(() => s.state?.status === 'closed', 'closed');
    s.rate(4, 'quick');
    await until(() => s.state?.rating === 4, 'rating stored');
    const errors: string[] = [];
    s.on('error', (e) => errors.push(e.code));
    s.rate(5);
    await until(() => errors.includes('conflict'), 'a second rating is refused');

    const boss = agent(started.url, SUPERVISOR_TOKEN);
    await boss.connect();
    const day = Date.UTC(2026, 10, 23);
    const report = await boss.report(day, day + 86_400_000, 'day');
    // The zone its days are cut in, for the console's "today".
    expect(report.timeZone).toBe('UTC');
    expect(report.total).toMatchObject({
      conversations: 1,
      firstResponse: { count: 1, meanMs: 12_000 },
      queueWait: { count: 1, meanMs: 10_000 },
      handling: { count: 1, meanMs: 50_000 },
      fcr: { resolved: 1, closed: 1, rate: 1 },
      csat: { count: 1, mean: 4, satisfiedRate: 1 },
      containment: { botOnly: 0, total: 1, rate: 0 },
      transfers: { count: 0, rate: 0 },
    });
    expect(report.rows.map((r) => r.key)).toEqual(['2026-11-23']);
    const mei = agent(started.url);
    await mei.connect();
    await expect(mei.report(day, day + 1)).rejects.toMatchObject({ code: 'forbidden' });
    s.close();
    a.disconnect();
    boss.disconnect();
    mei.disconnect();
  });

  it('serves Prometheus metrics to loopback, and only with the token when one is set', async () => {
    const open = await startHub();
    hub = open.hub;
    const port = new URL(open.url).port;
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('# TYPE kefu_conversations gauge');
    expect(text).toMatch(/kefu_connections\{role="shopper"\} 0/);
    // Through a proxy it is refused, saying why and which option opens it.
    const proxied = await fetch(`http://127.0.0.1:${port}/metrics`, {
      headers: { 'x-forwarded-for': '198.51.100.4' },
    });
    expect(proxied.status).toBe(403);
    const why = await proxied.text();
    expect(why).toMatch(/^forbidden: .*only direct requests from loopback/);
    expect(why).toContain('metrics.token');
    expect(why).toContain('Authorization: Bearer');
    // A scrape reads: a POST (a form on a page, say) is told the methods, not served the figures.
    const posted = await fetch(`http://127.0.0.1:${port}/metrics`, { method: 'POST', body: 'x' });
    expect(posted.status).toBe(405);
    expect(posted.headers.get('allow')).toBe('GET, HEAD');
    const head = await fetch(`http://127.0.0.1:${port}/metrics`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    await hub.close();
    const locked = await startHub({ metrics: { token: 'scrape-token-123' } });
    hub = locked.hub;
    const lockedPort = new URL(locked.url).port;
    expect((await fetch(`http://127.0.0.1:${lockedPort}/metrics`)).status).toBe(401);
    const ok = await fetch(`http://127.0.0.1:${lockedPort}/metrics`, {
      headers: { authorization: 'Bearer scrape-token-123' },
    });
    expect(ok.status).toBe(200);
  });
});
