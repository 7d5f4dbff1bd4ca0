import { createMemoryStore } from '@kefu/sdk';
import { createAgentClient } from '@kefu/sdk/agent';
import { createShopperClient, memoryStorage } from '@kefu/sdk/client';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEMO_AGENTS, KB } from '../src/hub.ts';
import { type Demo, startDemo } from '../src/server.ts';

// Demo QA (2026-12-06): the knowledge base tells shoppers that agents work 09:00–22:00 (China time),
// but the demo's routing had no hours for them: a shopper asking for a person at 22:20 got a ticket
// promising a reply within the hour.

const started: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const s of started.splice(0).reverse()) await s.close();
});

/** A hub clock that starts at `at` and runs on from there (real timers). */
function clockFrom(at: number) {
  const t0 = Date.now();
  return {
    now: () => at + (Date.now() - t0),
    setTimeout,
    clearTimeout: (h: unknown) => clearTimeout(h as never),
  };
}

async function demoAt(at: number) {
  const store = createMemoryStore();
  const demo = await startDemo({ port: 0, store, hub: { clock: clockFrom(at) } });
  started.push(demo);
  return { demo, store };
}

function shopper(demo: Demo, locale = 'zh-CN') {
  const client = createShopperClient({
    url: demo.hubUrl,
    siteKey: 'demo',
    WebSocket,
    origin: 'http://127.0.0.1:5173',
    storage: memoryStorage(),
    locale,
  });
  started.push(client);
  client.connect();
  return client;
}

async function until(check: () => boolean, what: string): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > 20_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the demo’s agents’ hours, as its knowledge base states them', () => {
  it('says the hours the demo routes by', () => {
    const hours = KB.zh.entries.find((e) => e.id === 'service-hours');
    expect(hours?.answer).toContain('9:00-22:00');
  });

  it('promises a shopper asking for a person at 22:20 a reply after 09:00 the next morning, not within the hour', async () => {
    // Monday 2026-11-30, 22:20 in Shanghai.
    const at = Date.UTC(2026, 10, 30, 14, 20);
    const { demo, store } = await demoAt(at);
    const s = shopper(demo);
    await until(() => s.status === 'open', 'welcome');
    s.send('转人工');
    await until(() => s.state?.status === 'ticket' && s.state.ticket !== undefined, 'a ticket');
    // Tuesday 09:00 in Shanghai (01:00 UTC), plus the reply target.
    const opens = Date.UTC(2026, 11, 1, 1, 0);
    expect(s.state?.ticket?.expectedReplyAt).toBeGreaterThanOrEqual(opens);
    const tickets = await store.listTickets({ conversationId: s.conversationId! });
    expect(tickets).toMatchObject([{ cause: 'outside_office_hours' }]);
  });

  it('queues a shopper for the agent online during the hours', async () => {
    // Monday 2026-11-30, 10:00 in Shanghai.
    await askWithAgentOnline(Date.UTC(2026, 10, 30, 2, 0));
  });

  it('lets an agent signed in after hours take the chat live (the demo is tried at any hour)', async () => {
    // Monday 2026-11-30, 22:20 in Shanghai: a ticket for the morning would leave the agent on the
    // console beside the demo nothing to answer live.
    const s = await askWithAgentOnline(Date.UTC(2026, 10, 30, 14, 20));
    expect(s.state?.ticket).toBeUndefined();
  });
});

/** A demo at `at` with Mei signed in, and a shopper who asked for a person and was handed to one. */
async function askWithAgentOnline(at: number) {
  const { demo } = await demoAt(at);
  const mei = createAgentClient({ url: demo.hubUrl, token: DEMO_AGENTS[0]!.token, WebSocket });
  started.push({ close: () => mei.disconnect() });
  await mei.connect();
  const s = shopper(demo);
  await until(() => s.status === 'open', 'welcome');
  s.send('转人工');
  await until(() => ['queued', 'assigned'].includes(s.state?.status ?? ''), 'handed to a person');
  return s;
}
