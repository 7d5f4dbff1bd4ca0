import { describe, expect, it } from 'vitest';
import { API_KEY, API_KEYS } from './api-key.ts';
import { type HubProcess, startHubProcess } from './hub-process.ts';

// Finding (2026-12-07, fourth outside pass): a JSON body of a megabyte cost the hub's event loop by
// its shape, not its size. The walk that refuses strings a store cannot keep built a path string
// for every element before it looked at any ("body.tags.41235"): 1 MiB of `[1,1,…]` held the loop
// ~0.5 s; and `JSON.parse` of one object with 80,000 keys ~0.3 s (1.5 s on pnpm demo's loaded
// host, other chats' answers waiting behind it), as often as a write key's rate allows. The walk
// now names a path only for what it refuses, and an object of more than 1,000 keys is refused
// before parsing (no body the API takes has 20), in a knowledge-base import in JSON too.

const BODY_CHARS = 1024 * 1024 - 64;

/** One object of as many short keys as fit in `chars`, as JSON. */
function wideObject(chars: number): string {
  const keys: string[] = [];
  for (let i = 0, size = 2; size < chars; i++) {
    const key = `"${i.toString(36)}":1`;
    keys.push(key);
    size += key.length + 1;
  }
  return `{${keys.join(',')}}`;
}

/** The hub's CPU time for `n` requests with `body`, in ms each; all refused with 400. */
async function cpuPerRequest(
  hub: HubProcess,
  body: string,
  n: number,
  to = { method: 'PUT', path: '/api/v1/conversations/c_none/tags', type: 'application/json' },
): Promise<number> {
  const put = async () => {
    const res = await fetch(`${hub.httpUrl}${to.path}`, {
      method: to.method,
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': to.type },
      body,
    });
    expect(res.status).toBe(400);
    await res.text();
  };
  await put();
  const before = await hub.stats();
  for (let i = 0; i < n; i++) await put();
  const after = await hub.stats();
  return (after.cpuMs - before.cpuMs) / n;
}

describe('an API key holds the event loop with a JSON body of many small parts', () => {
  it('costs about what a body of one long text of the same size costs', async () => {
    const hub = await startHubProcess({
      options: { http: { apiKeys: API_KEYS, rateLimit: { perSecond: 1000, burst: 1000 } } },
    });
    const text = JSON.stringify({ tags: ['x'.repeat(BODY_CHARS - 12)] });
    const numbers = `{"tags":[${'1,'.repeat(BODY_CHARS / 2 - 8)}1]}`;
    const wide = wideObject(BODY_CHARS);
    const plain = await cpuPerRequest(hub, text, 6);
    const manyNumbers = await cpuPerRequest(hub, numbers, 6);
    const manyKeys = await cpuPerRequest(hub, wide, 6);
    // CPU time, not wall time: a busy machine slows all three alike. Before the fix the numbers cost
    // 20-40 times the text, the keys 20-30 times; reading each part once costs a few times it.
    expect(manyNumbers / plain).toBeLessThan(8);
    expect(manyKeys / plain).toBeLessThan(8);
  }, 120_000);

  it('costs a knowledge-base import in JSON about what a file of one long text costs', async () => {
    const hub = await startHubProcess({
      options: { http: { apiKeys: API_KEYS, rateLimit: { perSecond: 1000, burst: 1000 } } },
      plugins: { knowledgeBase: 'faq' },
    });
    const json = { method: 'POST', path: '/api/v1/kb/import', type: 'application/json' };
    // Both refused: a base of no entries, and an entry of unknown keys.
    const text = JSON.stringify({ version: 1, entries: [], note: 'x'.repeat(BODY_CHARS - 60) });
    const wide = `{"version":1,"entries":[${wideObject(BODY_CHARS - 30)}]}`;
    const plain = await cpuPerRequest(hub, text, 4, json);
    const wideJson = await cpuPerRequest(hub, wide, 4, json);
    // Before the fix 15-20 times.
    expect(wideJson / plain).toBeLessThan(8);
  }, 180_000);
});
