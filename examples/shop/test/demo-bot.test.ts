import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message } from '@kefu/sdk';
import { createShopperClient, memoryStorage } from '@kefu/sdk/client';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { pgliteInitdbSeed } from '../../../packages/sdk/src/store/pglite-seed.ts';
import { openDemoStore } from '../src/hub.ts';
import { type Demo, startDemo } from '../src/server.ts';

// The demo as `pnpm demo` runs it: PGlite in a data folder, the FAQ bot in Chinese and English.
const dir = await mkdtemp(join(tmpdir(), 'kefu-demo-'));
const opened: Array<Awaited<ReturnType<typeof openDemoStore>>> = [];
let demo: Demo | undefined;
afterAll(async () => {
  await demo?.close();
  for (const o of opened) await o.store.close();
  await rm(dir, { recursive: true, force: true });
});

async function boot(): Promise<Demo> {
  const o = await openDemoStore(dir, { loadDataDir: await pgliteInitdbSeed() });
  opened.push(o);
  return startDemo({ port: 0, store: o.store, secret: o.secret });
}

function shopper(hubUrl: string, locale: string, storage = memoryStorage()) {
  const client = createShopperClient({
    url: hubUrl,
    siteKey: 'demo',
    WebSocket,
    origin: 'http://127.0.0.1:5173',
    storage,
    locale,
  });
  client.connect();
  return client;
}

const botTexts = (messages: Message[]) =>
  messages.flatMap((m) =>
    m.author.kind !== 'bot'
      ? []
      : m.content.kind === 'text'
        ? [m.content.text]
        : m.content.kind === 'quick_replies'
          ? [m.content.text ?? '']
          : [],
  );

const botNames = (messages: Message[]) =>
  messages.flatMap((m) => (m.author.kind === 'bot' ? [m.author.name] : []));

async function until(check: () => boolean, what: string): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > 20_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the demo shop’s bot', () => {
  it('answers from the knowledge base in Chinese and in English', async () => {
    demo = await boot();
    const zh = shopper(demo.hubUrl, 'zh-CN');
    await until(() => zh.status === 'open', 'welcome');
    zh.send('今天下单什么时候发货？');
    await until(
      () => botTexts(zh.messages).some((t) => t.includes('48 小时内发货')),
      'the shipping-time answer',
    );
    const en = shopper(demo.hubUrl, 'en');
    await until(() => en.status === 'open', 'welcome');
    en.send('is shipping free?');
    await until(
      () => botTexts(en.messages).some((t) => /free on orders of ¥99/.test(t)),
      'the shipping-fee answer',
    );
    // The bot's name in the shopper's language: English shoppers read no Chinese name.
    expect(new Set(botNames(zh.messages))).toEqual(new Set(['小客']));
    expect(new Set(botNames(en.messages))).toEqual(new Set(['Kefu assistant']));
    zh.close();
    en.close();
  });

  it('hands over to a person on 转人工, and on an angry message', async () => {
    demo ??= await boot();
    for (const text of ['转人工', '你们这什么破服务，气死我了，骗子！']) {
      const s = shopper(demo.hubUrl, 'zh-CN');
      await until(() => s.status === 'open', 'welcome');
      s.send(text);
      await until(
        () => ['queued', 'assigned', 'ticket'].includes(s.state?.status ?? ''),
        `escalation of "${text}"`,
      );
      s.close();
    }
  });

  it('makes a complaint outside the complaints team’s hours a ticket with progress (2 h) and workaround (4 h) deadlines', async () => {
    // Saturday 23:00 in Shanghai: the complaints team is off. Real timers, a fixed wall clock.
    const saturdayNight = Date.UTC(2026, 10, 28, 15, 0, 0);
    const clock = {
      now: () => saturdayNight,
      setTimeout,
      clearTimeout: (h: unknown) => clearTimeout(h as never),
    };
    const nightDir = await mkdtemp(join(tmpdir(), 'kefu-demo-night-'));
    const o = await openDemoStore(nightDir, { loadDataDir: await pgliteInitdbSeed() });
    const night = await startDemo({ port: 0, store: o.store, secret: o.secret, hub: { clock } });
    const s = shopper(night.hubUrl, 'zh-CN');
    await until(() => s.status === 'open', 'welcome');
    s.send('收到的耳机是坏的，质量太差了，我要投诉！');
    // The ticket's summary (tier, deadlines) follows the status once its promises are recorded.
    await until(() => s.state?.status === 'ticket' && s.state.ticket !== undefined, 'a ticket');
    // The group is the agents' business: the shopper's state does not carry it (the store does, below).
    expect(s.state?.group).toBeUndefined();
    expect(s.state?.ticket?.tier).toBe('L3');
    expect(s.state?.ticket?.deadlines.map((d) => [d.kind, d.dueAt - saturdayNight])).toEqual([
      ['progress', 2 * 3_600_000],
      ['workaround', 4 * 3_600_000],
    ]);
    // Promised for when the team is back: Monday 09:00 Shanghai plus the reply target.
    expect(s.state?.ticket?.expectedReplyAt).toBeGreaterThanOrEqual(Date.UTC(2026, 10, 30, 1, 0, 0));
    s.close();
    await night.close();
    await o.store.close();
    // The ticket and its deadlines are in the embedded store: a restarted demo still has them.
    const reopened = await openDemoStore(nightDir);
    opened.push(reopened);
    const tickets = await reopened.store.listTickets({ conversationId: s.conversationId! });
    expect(tickets).toMatchObject([
      { tier: 'L3', cause: 'outside_office_hours', status: 'open', group: 'complaints' },
    ]);
    expect((await reopened.store.getTimer(`ticket:${tickets[0]!.id}`))?.dueAt).toBe(
      saturdayNight + 2 * 3_600_000,
    );
  });

  it('keeps conversations across a restart of the demo (embedded PGlite)', async () => {
    demo ??= await boot();
    const storage = memoryStorage();
    const before = shopper(demo.hubUrl, 'en', storage);
    await until(() => before.status === 'open', 'welcome');
    before.send('How much is shipping?');
    await until(() => botTexts(before.messages).length >= 2, 'the answer');
    const conversationId = before.conversationId;
    before.close();
    await demo.close();
    for (const o of opened.splice(0)) await o.store.close();
    demo = await boot();
    const after = shopper(demo.hubUrl, 'en', storage);
    await until(() => after.status === 'open' && after.messages.length >= 3, 'the restored transcript');
    expect(after.conversationId).toBe(conversationId);
    expect(
      after.messages.some((m) => m.content.kind === 'text' && m.content.text === 'How much is shipping?'),
    ).toBe(true);
    after.close();
  });
});
