import { afterEach, describe, expect, it } from 'vitest';
import type { ShopperClient } from '../client/shopper-client.ts';
import type { Hub } from '../hub/create-hub.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { AGENT_TOKEN, AGENT2_TOKEN, agent, shopper, startHub, until } from '../testing/hub-fixture.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { reportToCsv } from './export-formats.ts';

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

/** 2026-12-01 00:00 in Shanghai (16:00 UTC the day before): the day boundary inside the window. */
const MIDNIGHT = Date.UTC(2026, 10, 30, 16);
/** The window: Shanghai 23:50 to 00:20, so it holds the end of one day and the start of the next. */
const FROM = MIDNIGHT - 600_000;
const TO = MIDNIGHT + 1_200_000;
const S = 1000;
const turn = () => new Promise((r) => setTimeout(r, 10));

describe('a support manager checks the report by hand', () => {
  it('gives the figures computed by hand for a scripted half hour around a Shanghai midnight', async () => {
    const clock = new ManualClock(FROM - 5 * S);
    const store = createMemoryStore();
    const started = await startHub({
      clock,
      store,
      metrics: { timeZone: 'Asia/Shanghai' },
      // Greetings the bot answers; anything else it cannot, and hands to people at once.
      answer: async (q) =>
        /你好|在吗/.test(q.text)
          ? { content: [{ kind: 'text', text: '您好，有什么可以帮您？' }], confidence: 0.9 }
          : null,
      routing: {
        assignment: 'manual',
        ticketWhenUnstaffed: false,
        sla: { default: { firstResponseMs: 15_000 } },
      },
      limits: { heartbeatMs: 3_600_000, idleTimeoutMs: 7_200_000 },
    });
    hub = started.hub;
    const { url } = started;
    /** Moves the hub's clock to FROM + `s` seconds, a second at a time near the end so timers' work lands. */
    const at = async (s: number) => {
      const target = FROM + s * S;
      if (target - clock.now() > 60 * S) clock.advanceTo(target - 60 * S);
      while (clock.now() < target) {
        clock.advance(Math.min(S, target - clock.now()));
        await turn();
      }
    };
    const mei = agent(url, AGENT_TOKEN);
    const lei = agent(url, AGENT2_TOKEN);
    await mei.connect();
    await lei.connect();
    const open = async (text: string, status: 'bot' | 'queued') => {
      const s = shopper(url, { locale: 'zh-CN' });
      s.connect();
      await until(() => s.status === 'open', 'welcome');
      s.send(text);
      await until(
        () => s.state?.status === status && s.messages.some((m) => m.seq >= 3),
        () => `${status} (${s.state?.status})`,
      );
      return s;
    };
    const rate = async (s: ShopperClient, rating: number) => {
      await until(() => s.state?.status === 'closed', 'closed');
      s.rate(rating);
      await until(() => s.state?.rating === rating, `rated ${rating}`);
    };

    // C1, created 5 s before the window: waits 8 s, Mei answers 10 s after it asked, closes at +65 s, rated 5.
    const s1 = await open('转人工', 'queued');
    await at(3);
    await mei.accept(s1.conversationId!);
    await at(5);
    await mei.send(s1.conversationId!, '您好');
    await at(65);
    await mei.close(s1.conversationId!);
    await rate(s1, 5);

    // C2, C3: only the bot.
    await at(100);
    await open('你好', 'bot');
    await at(110);
    await open('在吗', 'bot');

    // C4: nobody takes it for 20 s, so its first-response SLA (15 s) breaches; Lei answers at 22 s; rated 2.
    await at(120);
    const s4 = await open('转人工', 'queued');
    await at(140);
    await lei.accept(s4.conversationId!);
    await at(142);
    await lei.send(s4.conversationId!, '抱歉久等');
    await at(200);
    await lei.close(s4.conversationId!);
    await rate(s4, 2);

    // C5: Mei takes it after 5 s, answers at 8 s, hands it straight to Lei at 20 s; Lei closes at 80 s; rated 5.
    await at(300);
    const s5 = await open('转人工', 'queued');
    await at(305);
    await mei.accept(s5.conversationId!);
    await at(308);
    await mei.send(s5.conversationId!, '您好');
    await at(320);
    await mei.transfer(s5.conversationId!, { agentId: 'lei' }, '退款');
    await until(() => s5.state?.agent?.id === 'lei', 'with Lei');
    await at(325);
    await lei.send(s5.conversationId!, '我来处理退款');
    await at(380);
    await lei.close(s5.conversationId!);
    await rate(s5, 5);

    // C6: Mei (wait 2 s, first reply 4 s, closed at 30 s), rated 3; the shopper writes again and
    // asks for a person: Lei (wait 3 s, first reply 6 s after it asked again, closed), rated 4.
    await at(400);
    const s6 = await open('转人工', 'queued');
    await at(402);
    await mei.accept(s6.conversationId!);
    await at(404);
    await mei.send(s6.conversationId!, '您好');
    await at(430);
    await mei.close(s6.conversationId!);
    await rate(s6, 3);
    await at(460);
    s6.send('还有个问题');
    // The bot does not know the answer and hands it to people at once.
    await until(() => s6.state?.status === 'queued', 'reopened and queued');
    await at(463);
    await lei.accept(s6.conversationId!);
    await at(466);
    await lei.send(s6.conversationId!, '您好，我接着帮您');
    await at(500);
    await lei.close(s6.conversationId!);
    const secondRating = await rate(s6, 4).then(
      () => 'rated',
      (e: unknown) => String(e),
    );

    // C7: the shopper who is erased later: Mei (wait 5 s, first reply 10 s, closed at 40 s), rated 1.
    await at(520);
    const s7 = await open('转人工', 'queued');
    await at(525);
    await mei.accept(s7.conversationId!);
    await at(530);
    await mei.send(s7.conversationId!, '您好');
    await at(560);
    await mei.close(s7.conversationId!);
    await rate(s7, 1);

    // C8: asks 10 s before midnight (Shanghai), Mei takes it at 5 s and answers 1 s after midnight
    // with a promise the QA rules flag, sent anyway.
    await at(590);
    const s8 = await open('转人工', 'queued');
    await at(595);
    await mei.accept(s8.conversationId!);
    await at(601);
    await mei.send(s8.conversationId!, '我们保证明天送到', { override: true });
    await at(650);
    await mei.close(s8.conversationId!);

    // C9: only the bot, on the new day.
    await at(700);
    await open('你好', 'bot');

    // C10: asks 10 s before the window ends, Lei takes it 8 s later and answers after the end.
    await at(1790);
    const s10 = await open('转人工', 'queued');
    await at(1798);
    await lei.accept(s10.conversationId!);
    await at(1805);
    await lei.send(s10.conversationId!, '您好');

    // C11: after the window.
    await at(1900);
    const s11 = await open('转人工', 'queued');
    await lei.accept(s11.conversationId!);
    await lei.send(s11.conversationId!, '您好');

    // By hand. The window is [0 s, 1800 s); C1 began before it, C11 after it; C10 asked inside it.
    // Conversations created in it: C2–C10 = 9; the bot alone: C2, C3, C9.
    // First responses ending in it: C1 10, C4 22, C5 8, C6 4 and 6 (it went to people again), C7 10, C8 11.
    // Handling ending in it: C1 62, C4 60, C5 15 (Mei) + 60 (Lei), C6 28 + 37, C7 35, C8 55 (C10 still open).
    // Queue waits: C1 8, C4 20, C5 5 (the transfer straight to Lei is none), C6 2 and 3, C7 5, C8 5, C10 8.
    // FCR: closings C1, C4, C5, C6, C7, C8; C6's second closing is the same contact: 6 closed, C6 not resolved.
    // CSAT: 5, 2, 5, 3, 4 (C6 rated again after it was reopened and closed), 1: mean 20/6, 3 of 6 satisfied.
    // SLA (first response 15 s): met C1, C5, C6 ×2, C7, C8; breached C4 (C10's breach is at 1805 s).
    // Transfers: 1 (C5, by Mei), of the 6 conversations that reached an agent (C4–C8, C10).
    // QA: 8 agent messages inspected, 1 flagged (C8's promise): 87.5. C4's reply 22 s after it asked
    // is no violation of Lei's: its SLA breached in the queue, and Lei answered 2 s after the accept.
    expect(secondRating).toBe('rated');
    const report = await hub.admin.report({ from: FROM, to: TO, groupBy: 'agent' });
    expect(report.total).toMatchObject({
      conversations: 9,
      firstResponse: { count: 7, meanMs: 71_000 / 7, p90Ms: 22_000 },
      handling: { count: 8, meanMs: 44_000, p90Ms: 62_000 },
      queueWait: { count: 8, meanMs: 7_000, p90Ms: 20_000 },
      fcr: { resolved: 5, closed: 6, rate: 5 / 6 },
      csat: { count: 6, mean: 20 / 6, satisfiedRate: 0.5 },
      containment: { botOnly: 3, total: 9, rate: 3 / 9 },
      sla: { met: 6, breached: 1, breachRate: 1 / 7 },
      transfers: { count: 1, rate: 1 / 6 },
      qa: { checked: 8, violations: 1, score: 87.5 },
      bot: { answers: 3, helpful: 0, notHelpful: 0, failures: 0 },
    });
    const row = (key: string) => report.rows.find((r) => r.key === key);
    expect(report.rows.map((r) => r.key)).toEqual(['(no agent)', 'lei', 'mei']);
    // The bot's conversations, and C4's breach before anyone took it.
    expect(row('(no agent)')).toMatchObject({
      conversations: 3,
      containment: { botOnly: 3, total: 3, rate: 1 },
      sla: { met: 0, breached: 1, breachRate: 1 },
      transfers: { count: 0 },
    });
    // Lei ended C4, C5, C6, C10; answered C4 first (22 s) and C6 after its reopen (6 s); passed nothing on.
    expect(row('lei')).toMatchObject({
      conversations: 4,
      firstResponse: { count: 2, meanMs: 14_000 },
      fcr: { resolved: 2, closed: 2, rate: 1 },
      csat: { count: 3, mean: 11 / 3 },
      sla: { met: 1, breached: 0 },
      transfers: { count: 0, rate: 0 },
      qa: { checked: 3, violations: 0, score: 100 },
    });
    // Mei ended C7, C8; held C5–C8 and passed C5 on: 1 of 4. C1's figures are hers though C1 began before.
    expect(row('mei')).toMatchObject({
      conversations: 2,
      firstResponse: { count: 5, meanMs: 8_600 },
      fcr: { resolved: 3, closed: 4, rate: 0.75 },
      csat: { count: 3, mean: 3 },
      sla: { met: 5, breached: 0, breachRate: 0 },
      transfers: { count: 1, rate: 0.25 },
      qa: { checked: 5, violations: 1, score: 80 },
    });

    // Days in Shanghai: C8 asked on 11-30 (its conversation is there), answered on 12-01 (its response is there).
    const byDay = await hub.admin.report({ from: FROM, to: TO, groupBy: 'day' });
    expect(byDay.timeZone).toBe('Asia/Shanghai');
    expect(reportToCsv(byDay, { bom: false }).split('\r\n')).toEqual([
      'day,conversations,first_response_count,first_response_mean_s,first_response_p90_s,handling_mean_s,queue_wait_mean_s,queue_wait_p90_s,fcr_rate,csat_count,csat_mean,csat_satisfied_rate,bot_containment_rate,sla_breach_rate,transfer_rate,qa_score,bot_failures',
      '2026-11-30,7,6,10,22,42.429,6.857,20,0.8,6,3.333,0.5,0.286,0.167,0.2,100,0',
      '2026-12-01,2,1,11,11,55,8,8,1,0,,,0.5,0,0,0,0',
      'all,9,7,10.143,22,44,7,20,0.833,6,3.333,0.5,0.333,0.143,0.167,87.5,0',
      '',
    ]);

    // The same over HTTP, as JSON and as CSV.
    const key = (await hub.admin.apiKeys.create({ name: 'manager', scopes: ['read'] })).key;
    const base = `http://${new URL(url).host}`;
    const get = (query: string, accept = 'application/json') =>
      fetch(`${base}/api/v1/reports?${query}`, { headers: { authorization: `Bearer ${key}`, accept } });
    const overHttp = await get(`from=${FROM}&to=${TO}&groupBy=agent`);
    expect(await overHttp.json()).toEqual(JSON.parse(JSON.stringify(report)));
    expect(await (await get(`from=${FROM}&to=${TO}&groupBy=day`, 'text/csv')).text()).toBe(
      reportToCsv(byDay).slice(1),
    );

    // Only the bot's conversations, and nothing at all: no rate without a whole, no NaN anywhere.
    const botOnly = await hub.admin.report({ from: FROM + 95 * S, to: FROM + 115 * S });
    expect(botOnly.total).toMatchObject({
      conversations: 2,
      containment: { botOnly: 2, total: 2, rate: 1 },
      firstResponse: { count: 0 },
      fcr: { resolved: 0, closed: 0 },
      csat: { count: 0 },
      sla: { met: 0, breached: 0 },
      transfers: { count: 0 },
      qa: { checked: 0, violations: 0 },
    });
    expect(reportToCsv(botOnly, { bom: false }).split('\r\n')[1]).toBe('all,2,0,,,,,,,0,,,1,,,,0');
    const empty = await hub.admin.report({ from: TO + 3_600 * S, to: TO + 7_200 * S, groupBy: 'agent' });
    expect(empty.rows).toEqual([]);
    expect(reportToCsv(empty, { bom: false }).split('\r\n')[1]).toBe('all,0,0,,,,,,,0,,,,,,,0');
    for (const query of [
      `from=${FROM + 95 * S}&to=${FROM + 115 * S}`,
      `from=${TO + 3_600 * S}&to=${TO + 7_200 * S}`,
    ]) {
      const text = await (await get(query)).text();
      expect(text).not.toMatch(/NaN|null|Infinity/);
      expect(await (await get(query, 'text/csv')).text()).not.toMatch(/NaN|null|Infinity/);
    }

    // Erasing C7's shopper redacts the conversation; the figures stay as they were.
    const c7 = await store.getConversation(s7.conversationId!);
    await hub.admin.eraseShopper({ siteKey: 'shop', shopperId: c7!.shopperId });
    expect(await hub.admin.report({ from: FROM, to: TO, groupBy: 'agent' })).toEqual(report);
    for (const s of [s1, s4, s5, s6, s7, s8, s10, s11]) s.close();
  });
});
