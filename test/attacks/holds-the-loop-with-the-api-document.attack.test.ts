import { Agent, get } from 'node:http';
import { describe, expect, it } from 'vitest';
import { type HubProcess, startHubProcess } from './hub-process.ts';

// Finding (2026-12-05, fourth pass): `/openapi.json` needs no key, and the hub serialised its
// 111 KB document again for every request: ~2.5 ms of the event loop for 40 bytes asked, many
// times what any other keyless answer costs. One address pipelining it on its 50 connections
// (8 answers under way on each) kept the loop busy: another client's `/healthz` waited 8–10 s.
// The document is now serialised once and its bytes sent as they are.

/** GETs `path` and reads the whole answer; resolves with its status. */
const fetchOnce = (url: string, agent: Agent) =>
  new Promise<number>((resolve, reject) => {
    get(url, { agent }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
      res.once('error', reject);
    }).once('error', reject);
  });

/** The hub's CPU time per answer to `n` GETs of `path`, 8 connections at a time, in ms. */
async function cpuPerAnswer(hub: HubProcess, path: string, n: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  // First use builds what the route serves; that is not what a flood costs.
  expect(await fetchOnce(`${hub.httpUrl}${path}`, agent)).toBe(200);
  const before = await hub.stats();
  let left = n;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (left-- > 0) expect(await fetchOnce(`${hub.httpUrl}${path}`, agent)).toBe(200);
    }),
  );
  const after = await hub.stats();
  agent.destroy();
  return (after.cpuMs - before.cpuMs) / n;
}

describe('an attacker holds the event loop by asking for the API document', () => {
  it('costs the hub about what a health probe costs, not a serialisation of the whole document', async () => {
    const hub = await startHubProcess();
    const probe = await cpuPerAnswer(hub, '/healthz', 400);
    const document = await cpuPerAnswer(hub, '/openapi.json', 400);
    // CPU time, not wall time: a busy machine slows both alike. Serialising the document on each
    // request made it 7–11 times a probe here (the harness logs every request at debug level, which
    // makes a probe dearer than in production); sending the same bytes again costs 1–2 times one.
    expect(document / probe).toBeLessThan(5);
  }, 120_000);
});
