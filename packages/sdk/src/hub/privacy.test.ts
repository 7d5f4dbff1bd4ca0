import { afterEach, describe, expect, it } from 'vitest';
import { AGENT2_TOKEN, agent, shopper, startHub, until } from '../testing/hub-fixture.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import type { Hub } from './create-hub.ts';
import { signIdentity } from './identity.ts';

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

const SECRET = 'identity-secret-for-tests';

describe('privacy', () => {
  it('exports everything about a shopper, then erases them while keeping the metrics', async () => {
    const started = await startHub();
    hub = started.hub;
    const s = shopper(started.url, {
      identity: signIdentity({ id: '42', name: 'Li Lei', email: 'li@example.com' }, SECRET),
    });
    s.connect();
    await until(() => s.status === 'open', 'welcome');
    s.send('我的地址是上海市幸福路 8 号，电话 13800138000，转人工');
    await until(() => s.state?.status === 'queued', 'queued');
    const a = agent(started.url);
    await a.connect();
    const c = await a.accept(s.conversationId!);
    await a.send(c.id, '好的，李先生');
    await a.note(c.id, 'VIP, address checked');
    await a.ticket(c.id, 'create', '李先生：屏幕坏点，寄回上海市幸福路 8 号');
    await a.ticket(c.id, 'progress', '已联系仓库');
    await until(() => s.messages.some((m) => m.author.kind === 'agent'), 'reply');

    const data = await hub.exportShopper({ siteKey: 'shop', userId: '42' });
    expect(data.profile).toMatchObject({ name: 'Li Lei', email: 'li@example.com', identified: true });
    expect(data.conversations).toHaveLength(1);
    expect(JSON.stringify(data.conversations[0]!.messages)).toContain('幸福路');
    expect(data.conversations[0]!.notes.map((n) => n.text)).toEqual(['VIP, address checked']);
    expect(data.conversations[0]!.tickets).toMatchObject([
      {
        title: '李先生：屏幕坏点，寄回上海市幸福路 8 号',
        history: [{ action: 'created' }, { note: '已联系仓库' }],
      },
    ]);
    const before = await hub.report({ from: 0, to: Date.now() + 1000 });
    // A colleague opening it gets the hub's assist (what the shopper's message meant)…
    const lei = agent(started.url, AGENT2_TOKEN);
    const assists: string[] = [];
    lei.on('assist', (x) => assists.push(x.conversationId));
    await lei.connect();
    await lei.join(c.id);
    await until(() => assists.length === 1, 'the assist for a colleague');

    const closed = new Promise<number | undefined>((resolve) =>
      s.on('connection', (e) => e.status === 'failed' && resolve(e.code)),
    );
    expect(await hub.eraseShopper({ siteKey: 'shop', userId: '42' })).toEqual({ conversations: 1 });
    expect(await closed).toBe(4403);
    const after = await hub.exportShopper({ siteKey: 'shop', userId: '42' });
    expect(after.profile).toBeNull();
    expect(after.conversations).toEqual([]);
    // …and after the erasure this node remembers nothing of it to hand out.
    await lei.leave(c.id);
    await lei.join(c.id);
    const page = await a.loadOlder(c.id, 100);
    expect(assists).toHaveLength(1);
    expect(JSON.stringify(page.messages)).not.toMatch(/幸福路|13800138000|Li Lei|42/);
    expect(page.messages.every((m) => m.content.kind === 'system')).toBe(true);
    // The ticket trail stays (deadlines, who did what), without a word of it.
    const [ticket] = await hub.tickets({ conversationId: c.id });
    expect(JSON.stringify(ticket)).not.toMatch(/幸福路|李先生|仓库/);
    expect(ticket!.history.map((h) => h.action)).toEqual(['created', 'progress']);
    const report = await hub.report({ from: 0, to: Date.now() + 1000 });
    expect(report.total.conversations).toBe(before.total.conversations);
    expect(report.total.firstResponse).toEqual(before.total.firstResponse);
    a.disconnect();
  });

  it('erases closed conversations older than the retention period, and only those', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const started = await startHub({ clock, limits: { idleTimeoutMs: 10 * 86_400_000 } });
    hub = started.hub;
    const open = async (text: string) => {
      const s = shopper(started.url);
      s.connect();
      await until(() => s.status === 'open', 'welcome');
      s.send(text);
      await until(() => s.state?.status === 'queued', 'queued');
      return s;
    };
    const old = await open('old question, 转人工');
    const a = agent(started.url);
    await a.connect();
    await a.close(old.conversationId!, 'done');
    clock.advance(40 * 86_400_000);
    const recent = await open('new question, 转人工');
    expect(await hub.applyRetention(30 * 86_400_000)).toEqual({ erased: 1 });
    const oldView = await a.join(old.conversationId!);
    expect(JSON.stringify(oldView.messages)).not.toContain('old question');
    const recentView = await a.join(recent.conversationId!);
    expect(JSON.stringify(recentView.messages)).toContain('new question');
    old.close();
    recent.close();
    a.disconnect();
  });
});
