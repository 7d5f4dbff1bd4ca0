import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAgentClient } from '@kefu/sdk/agent';
import { createShopperClient, memoryStorage, type ShopperClient } from '@kefu/sdk/client';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { pgliteInitdbSeed } from '../../../packages/sdk/src/store/pglite-seed.ts';
import { DEMO_AGENTS, KB, openDemoStore } from '../src/hub.ts';
import { type Demo, startDemo } from '../src/server.ts';

const SHIPPED_KB = fileURLToPath(new URL('../kb/', import.meta.url));
const closers: Array<() => unknown> = [];
let dir: string | undefined;
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > 30_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The demo as `pnpm demo` starts it on the data folder `data`; closing it frees the folder. */
async function start(data: string): Promise<Demo & { stop(): Promise<void> }> {
  const opened = await openDemoStore(data, { loadDataDir: await pgliteInitdbSeed() });
  const demo = await startDemo({
    port: 0,
    store: opened.store,
    secret: opened.secret,
    kbFile: join(opened.dir, 'kb.json'),
    // Around the clock: the test hands a shopper to a person whatever the hour it runs at.
    agentHours: null,
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await demo.close();
    await opened.store.close();
  };
  closers.push(stop);
  return { ...demo, stop };
}

function zhShopper(demo: Demo): ShopperClient {
  const s = createShopperClient({
    url: demo.hubUrl,
    siteKey: 'demo',
    WebSocket,
    origin: 'http://127.0.0.1:5173',
    storage: memoryStorage(),
    locale: 'zh-CN',
  });
  closers.push(() => s.close());
  s.connect();
  return s;
}

const botSaid = (s: ShopperClient, text: string) =>
  s.messages.some((m) => m.author.kind === 'bot' && 'text' in m.content && m.content.text === text);

async function agent(demo: Demo, id: string) {
  const a = createAgentClient({
    url: demo.hubUrl,
    token: DEMO_AGENTS.find((x) => x.id === id)!.token,
    WebSocket,
  });
  closers.push(() => a.disconnect());
  await a.connect();
  return a;
}

const shippedFiles = async () =>
  Object.fromEntries(
    await Promise.all(
      (await readdir(SHIPPED_KB)).map(async (f) => [f, await readFile(join(SHIPPED_KB, f), 'utf8')]),
    ),
  );

describe("the demo's knowledge base", () => {
  it('keeps a supervisor’s edits and approved proposals across a restart, in its data folder only', async () => {
    const shipped = await shippedFiles();
    dir = await mkdtemp(join(tmpdir(), 'kefu-demo-kb-'));
    const first = await start(dir);

    // An entry edited through the HTTP API.
    const fee = KB.zh.entries.find((e) => e.id === 'shipping-fee')!;
    const newFee = '全场满 59 元包邮，不满 59 元收 6 元运费。';
    const put = await fetch(`${first.shopUrl}api/v1/kb/entries/zh-shipping-fee`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${first.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...fee, id: 'zh-shipping-fee', locale: 'zh', answer: newFee }),
    });
    expect(put.status).toBe(200);

    // A question the bot misses, answered by an agent, approved by the supervisor in the console.
    const question = '你们有实体店吗';
    const answer = '我们只在网上销售，暂时没有实体店。';
    const mei = await agent(first, 'mei');
    const s = zhShopper(first);
    await until(() => s.status === 'open', 'welcome');
    s.send(question);
    await until(() => s.messages.some((m) => m.author.kind === 'bot'), 'the bot’s reply');
    s.send('转人工');
    await until(() => s.state?.status === 'queued' || s.state?.status === 'assigned', 'handed over');
    if (s.state?.status === 'queued') await mei.accept(s.conversationId!).catch(() => undefined);
    await until(() => s.state?.status === 'assigned', 'assigned');
    await mei.send(s.conversationId!, answer);
    const boss = await agent(first, 'boss');
    let proposalId: string | undefined;
    await until(async () => {
      const { items } = await boss.knowledgeProposals();
      proposalId = items.find((p) => p.questions.some((q) => q.text === question))?.id;
      return proposalId !== undefined;
    }, 'the proposal');
    await boss.decideProposal(proposalId!, { verdict: 'approve' });
    await first.stop();

    const again = await start(dir);
    const next = zhShopper(again);
    await until(() => next.status === 'open', 'welcome after the restart');
    next.send(fee.question);
    await until(() => botSaid(next, newFee), 'the edited answer after the restart');
    next.send(question);
    await until(() => botSaid(next, answer), 'the approved answer after the restart');
    // Running the demo never changes the knowledge base shipped in the repository.
    expect(await shippedFiles()).toEqual(shipped);
  });

  it('starts afresh from the shipped knowledge base on a new data folder', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kefu-demo-kb-'));
    const demo = await start(dir);
    const fee = KB.zh.entries.find((e) => e.id === 'shipping-fee')!;
    const s = zhShopper(demo);
    await until(() => s.status === 'open', 'welcome');
    s.send(fee.question);
    await until(() => botSaid(s, fee.answer), 'the shipped answer');
  });
});
