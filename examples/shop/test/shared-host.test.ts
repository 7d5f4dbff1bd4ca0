import { createAgentClient } from '@kefu/sdk/agent';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEMO_AGENTS } from '../src/hub.ts';
import { type Demo, startDemo } from '../src/server.ts';

// The demo's agent tokens are in this repository and its pages show them, which is what a
// newcomer on their own computer needs. Started with HOST=0.0.0.0 it handed anyone on the network
// the supervisor's token (attacker QA, 2026-12-05).

let demo: Demo | undefined;
afterEach(async () => {
  await demo?.close();
  demo = undefined;
});

const page = async (path: string) => (await fetch(`http://127.0.0.1:${demo!.port}${path}`)).text();

/** Whether the hub signs in an agent with `token` (over the demo's own socket path). */
async function signsIn(token: string): Promise<boolean> {
  const agent = createAgentClient({ url: `ws://127.0.0.1:${demo!.port}/kefu`, token, WebSocket });
  try {
    await agent.connect();
    return true;
  } catch {
    return false;
  } finally {
    agent.disconnect();
  }
}

describe('the demo on a host others reach', () => {
  it('makes agent tokens of its own, and shows them on no page', async () => {
    demo = await startDemo({ port: 0, host: '0.0.0.0' });
    const boss = demo.agents.find((a) => a.id === 'boss')!;
    expect(boss.token).not.toBe(DEMO_AGENTS.find((a) => a.id === 'boss')!.token);
    const pages = (await Promise.all(['/agent', '/console', '/console/dashboard'].map(page))).join('\n');
    for (const a of [...demo.agents, ...DEMO_AGENTS]) expect(pages).not.toContain(a.token);
    expect(await signsIn(DEMO_AGENTS.find((a) => a.id === 'boss')!.token)).toBe(false);
    expect(await signsIn(boss.token)).toBe(true);
  });

  it('keeps the repository’s tokens, shown on its pages, on 127.0.0.1', async () => {
    demo = await startDemo({ port: 0 });
    expect(demo.agents.map((a) => a.token)).toEqual(DEMO_AGENTS.map((a) => a.token));
    expect(await page('/agent')).toContain(DEMO_AGENTS[0]!.token);
  });
});
