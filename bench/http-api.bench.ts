import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createFaqEngine, createHub, createMemoryStore, silentLogger } from '../packages/sdk/src/index.ts';

/**
 * The HTTP API on the memory store with 1,000 conversations (5 messages each) and 200
 * knowledge-base entries: each endpoint called REQUESTS times in a row over one kept-alive
 * connection after WARMUP unmeasured ones, from this process (so the figures include the client's side too). Goal (#16):
 * p99 < 20 ms for every endpoint.
 */
const CONVERSATIONS = 1_000;
const REQUESTS = 300;
/** Unmeasured calls first, so the figures are not the JIT's. */
const WARMUP = 100;

export async function runHttpApiBench(): Promise<Record<string, number>> {
  const store = createMemoryStore();
  const kb = {
    version: 1 as const,
    entries: Array.from({ length: 200 }, (_, i) => ({
      id: `e${i}`,
      question: `问题 ${i} 怎么退货`,
      alternatives: [],
      answer: `答案 ${i}`,
      tags: [],
    })),
  };
  const hub = createHub({
    sites: [{ key: 'shop', origins: ['*'] }],
    store,
    logger: silentLogger,
    knowledgeBase: { base: kb, engine: createFaqEngine(kb) },
    http: { rateLimit: { perSecond: 1e6, burst: 1e6 } },
  });
  const { port } = await hub.listen({ port: 0 });
  const base = `http://127.0.0.1:${port}`;
  const now = Date.now();
  for (let i = 0; i < CONVERSATIONS; i++) {
    const id = `c_${i}`;
    await store.createConversation({
      id,
      siteKey: 'shop',
      shopperId: `d:${i}`,
      state: { status: 'bot' },
      createdAt: now - CONVERSATIONS + i,
    });
    for (let m = 0; m < 5; m++)
      await store.appendMessage({
        id: `m_${i}_${m}`,
        conversationId: id,
        author: { kind: m % 2 ? 'bot' : 'shopper' },
        content: { kind: 'text', text: `消息 ${m}` },
        createdAt: now,
      });
  }
  const { key } = await hub.admin.apiKeys.create({ name: 'bench', scopes: ['admin'] });
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  let n = 0;
  const endpoints: Array<[string, () => Promise<Response>]> = [
    ['healthz', () => fetch(`${base}/healthz`)],
    ['readyz', () => fetch(`${base}/readyz`)],
    ['openapi', () => fetch(`${base}/openapi.json`)],
    ['conversations_list_50', () => fetch(`${base}/api/v1/conversations?limit=50&status=bot`, { headers })],
    ['conversation_get', () => fetch(`${base}/api/v1/conversations/c_${n % CONVERSATIONS}`, { headers })],
    [
      'transcript',
      () => fetch(`${base}/api/v1/conversations/c_${n % CONVERSATIONS}/transcript`, { headers }),
    ],
    [
      'post_bot_message',
      () =>
        fetch(`${base}/api/v1/conversations/c_${n % CONVERSATIONS}/messages`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ author: { kind: 'bot' }, content: { kind: 'text', text: '您好' } }),
        }),
    ],
    [
      'put_tags',
      () =>
        fetch(`${base}/api/v1/conversations/c_${n % CONVERSATIONS}/tags`, {
          method: 'PUT',
          headers,
          body: JSON.stringify({ tags: ['vip'] }),
        }),
    ],
    ['tickets_list', () => fetch(`${base}/api/v1/tickets`, { headers })],
    ['kb_entries', () => fetch(`${base}/api/v1/kb/entries`, { headers })],
    [
      'report_by_day',
      () => fetch(`${base}/api/v1/reports?from=${now - 86_400_000}&to=${now + 1}&groupBy=day`, { headers }),
    ],
    ['presence', () => fetch(`${base}/api/v1/agents/presence`, { headers })],
  ];
  const figures: Record<string, number> = {};
  try {
    for (const [name, call] of endpoints) {
      const times: number[] = [];
      for (let i = 0; i < WARMUP; i++) {
        n++;
        await (await call()).arrayBuffer();
      }
      for (let i = 0; i < REQUESTS; i++) {
        n++;
        const start = performance.now();
        const res = await call();
        await res.arrayBuffer();
        times.push(performance.now() - start);
        if (res.status >= 400) throw new Error(`${name}: ${res.status}`);
      }
      times.sort((a, b) => a - b);
      figures[`${name}_p50_ms`] = round(times[Math.floor(times.length * 0.5)]!);
      figures[`${name}_p99_ms`] = round(times[Math.floor(times.length * 0.99)]!);
    }
  } finally {
    await hub.close();
  }
  return figures;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

// `tsx --conditions=source bench/http-api.bench.ts` runs it on its own; bench/run.ts imports it.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  console.log(JSON.stringify(await runHttpApiBench(), null, 2));
