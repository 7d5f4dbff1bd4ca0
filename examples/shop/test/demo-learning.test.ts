import { createMemoryStore, type Hub } from '@kefu/sdk';
import { createAgentClient } from '@kefu/sdk/agent';
import { createShopperClient, memoryStorage } from '@kefu/sdk/client';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createDemoHub, KB } from '../src/hub.ts';

const TOKEN = 'qa-supervisor-5b2d8c4f6a0e7f3c';
const closers: Array<() => unknown> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > 20_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function demoHub(): Promise<{ hub: Hub; url: string }> {
  const hub = createDemoHub({
    origins: ['http://127.0.0.1:*'],
    // Around the clock: the test hands a shopper to a person whatever the hour it runs at.
    agentHours: null,
    store: createMemoryStore(),
    agents: [
      {
        id: 'qa',
        name: 'QA',
        token: TOKEN,
        groups: ['default', 'pre-sale', 'logistics', 'after-sale', 'complaints'],
        supervisor: true,
      },
    ],
  });
  closers.push(() => hub.close());
  const { url } = await hub.listen({ port: 0, host: '127.0.0.1' });
  return { hub, url: `${url}/kefu` };
}

/** A Chinese shopper on the demo's site, welcomed. */
async function zhShopper(url: string) {
  const s = createShopperClient({
    url,
    siteKey: 'demo',
    WebSocket,
    origin: 'http://127.0.0.1:5173',
    storage: memoryStorage(),
    locale: 'zh-CN',
  });
  closers.push(() => s.close());
  s.connect();
  await until(() => s.status === 'open', 'welcome');
  return s;
}

describe('the demo learns from an answer marked not helpful', () => {
  it('does not propose the very entry the shopper said did not help', async () => {
    const { hub, url } = await demoHub();
    const care = KB.zh.entries.find((e) => e.question === '衣服怎么洗？')!;
    const s = await zhShopper(url);
    const bots = () => s.messages.filter((m) => m.author.kind === 'bot');
    s.send(care.question);
    await until(
      () => bots().some((m) => m.content.kind === 'text' && m.content.text === care.answer),
      'the fabric-care answer',
    );
    const a = createAgentClient({ url, token: TOKEN, WebSocket });
    closers.push(() => a.disconnect());
    await a.connect();
    s.feedback(bots().at(-1)!.seq, false);
    s.send('转人工');
    await until(() => s.state?.status === 'queued' || s.state?.status === 'assigned', 'handed over');
    if (s.state?.status === 'queued') await a.accept(s.conversationId!).catch(() => undefined);
    await until(() => s.state?.status === 'assigned', 'assigned');
    const answer = '羊毛衫请手洗，水温 30 度以下，不要拧干，平铺晾干。';
    await a.send(s.conversationId!, answer);
    let proposals: Awaited<ReturnType<Hub['admin']['knowledgeProposals']>> = [];
    await until(async () => {
      proposals = await hub.admin.knowledgeProposals();
      return proposals.length === 1;
    }, 'the proposal');
    expect(proposals[0]).toMatchObject({ misses: { not_helpful: 1 }, answer });
    // The bot's entry ids are the back office's: the entry rated not helpful is known and left out.
    expect(proposals[0]!.target?.entryId).not.toBe(`zh-${care.id}`);
    expect(proposals[0]!.kind).toBe('entry');
  });

  it('still answers a button of a knowledge-base answer that names another entry (faq:<id>)', async () => {
    const { url } = await demoHub();
    const ship = KB.zh.entries.find((e) => e.id === 'shipping-time')!;
    const label = ship.quickReplies!.find((r) => r.payload === 'faq:delivery-time')!.label;
    const target = KB.zh.entries.find((e) => e.id === 'delivery-time')!;
    const s = await zhShopper(url);
    const said = (answer: string) =>
      s.messages.some((m) => m.author.kind === 'bot' && 'text' in m.content && m.content.text === answer);
    s.send(ship.question);
    await until(() => said(ship.answer), 'the shipping-time answer');
    // The button as the bot offered it, tapped.
    const button = s.messages
      .flatMap((m) => (m.content.kind === 'quick_replies' ? m.content.replies : []))
      .find((r) => r.label === label)!;
    s.send({ kind: 'text', text: button.label, payload: button.payload });
    await until(() => said(target.answer), 'the delivery-time answer, from its button');
  });
});
