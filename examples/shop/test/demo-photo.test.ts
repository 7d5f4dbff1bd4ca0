import type { ImageContent } from '@kefu/protocol';
import { createMemoryStore } from '@kefu/sdk';
import { createAgentClient } from '@kefu/sdk/agent';
import { createShopperClient, memoryStorage } from '@kefu/sdk/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { until } from '../../../packages/sdk/src/testing/until.ts';
import { DEMO_CANNED } from '../src/demo-canned.ts';
import { DEMO_AGENTS } from '../src/hub.ts';
import { samplePhoto } from '../src/sample-photos.ts';
import { type Demo, startDemo } from '../src/server.ts';

// The demo's after-sales photo flow: the shopper sends the sample photo of a damaged box, the
// demo's recognizer labels it, the conversation goes to after-sales with its SLA, and the agent's
// assist panel shows the label.

const ORIGIN = 'http://127.0.0.1:5173';
let demo: Demo;
const store = createMemoryStore();
beforeAll(async () => {
  // Around the clock: the test hands a shopper to a person whatever the hour it runs at.
  demo = await startDemo({ port: 0, store, agentHours: null });
});
afterAll(async () => {
  await demo.close();
});

describe('the demo after-sales photo flow', () => {
  it('routes a photo of a damaged parcel to after-sales with its SLA, and shows the agent the label', async () => {
    const shopper = createShopperClient({
      url: demo.hubUrl,
      siteKey: 'demo',
      WebSocket,
      origin: ORIGIN,
      storage: memoryStorage(),
      locale: 'zh-CN',
    });
    // Lei (after-sales) is online, so the photo's conversation waits for a person rather than as a ticket.
    const lei = DEMO_AGENTS.find((a) => a.id === 'lei')!;
    const agent = createAgentClient({ url: demo.hubUrl, token: lei.token, WebSocket });
    const assists: Array<{ image?: { label: string; confidence: number } }> = [];
    agent.on('assist', (a) => assists.push(a));
    await agent.connect();
    shopper.connect();
    await until(() => shopper.status === 'open' && shopper.conversationId !== undefined, 'welcome');
    const conversationId = shopper.conversationId!;
    const uploaded = await fetch(`${demo.shopUrl}api/v1/uploads?conversation=${conversationId}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${shopper.session}`,
        origin: ORIGIN,
        'content-type': 'application/octet-stream',
      },
      body: new Uint8Array(await samplePhoto('damaged')),
    });
    expect(uploaded.status).toBe(201);
    const { image } = (await uploaded.json()) as { image: ImageContent };
    // No caption: the photo alone (its label) decides the route.
    shopper.send(image);
    await until(() => ['queued', 'assigned'].includes(shopper.state?.status ?? ''), 'handed to a person');

    const sla = await store.getTimer(`sla:${conversationId}`);
    expect(JSON.stringify(sla?.data)).toContain('after-sale');
    try {
      const open = await agent.join(conversationId);
      expect(open.state.group).toBe('after-sale');
      await until(() => assists.some((a) => a.image), 'the assist with the photo label');
      expect(assists.find((a) => a.image)?.image).toMatchObject({ label: 'damaged' });
    } finally {
      agent.disconnect();
      shopper.close();
    }

    // The supervisor's dashboard by group: the photo is in the after-sales row with its
    // conversation, and the rows add up to the total.
    const boss = createAgentClient({
      url: demo.hubUrl,
      token: DEMO_AGENTS.find((a) => a.supervisor)!.token,
      WebSocket,
    });
    await boss.connect();
    try {
      const { total, rows } = await boss.report(Date.now() - 86_400_000, Date.now() + 1, 'group');
      expect(rows.find((r) => r.key === 'after-sale')).toMatchObject({
        conversations: 1,
        photos: { conversations: 1, rate: 1 },
      });
      expect(rows.reduce((n, r) => n + r.conversations, 0)).toBe(total.conversations);
      expect(rows.reduce((n, r) => n + (r.photos?.conversations ?? 0), 0)).toBe(total.photos?.conversations);
    } finally {
      boss.disconnect();
    }
  });
  it("serves the pictures of the demo's canned replies, so an agent can send one (e.g. the standard packing)", async () => {
    const pictures = DEMO_CANNED.flatMap((c) => (c.image ? [c.image.url] : []));
    expect(pictures.length).toBeGreaterThan(0);
    for (const url of pictures) {
      const res = await fetch(new URL(url, demo.shopUrl));
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type'), url).toBe('image/jpeg');
    }
  });
});
