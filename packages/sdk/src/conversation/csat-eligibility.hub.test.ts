import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../hub/create-hub.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { agent, closedOnceIdle, shopper, startHub, until } from '../testing/hub-fixture.ts';

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

const IDLE_MS = 300;
const _idleFor = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('who may rate a conversation (CSAT)', () => {
  it('refuses a rating for a conversation only the bot handled, closed as abandoned', async () => {
    const store = createMemoryStore();
    const started = await startHub({ store });
    hub = started.hub;
    const s = shopper(started.url, { locale: 'zh-CN' });
    s.connect();
    await until(() => s.status === 'open', 'welcome');
    s.send('你好');
    await until(() => s.messages.some((m) => m.author.kind === 'bot'), 'the bot answers');
    await closedOnceIdle(hub, IDLE_MS);
    await until(() => s.state?.status === 'closed', 'closed as abandoned');
    // What the widget reads to ask for a rating: no agent, so no survey.
    expect(s.state?.agent).toBeUndefined();
    const errors: { code: string; message: string }[] = [];
    s.on('error', (e) => errors.push(e));
    s.rate(5, 'bot was fine');
    await until(() => errors.length > 0, 'the rating is answered');
    expect(errors[0]).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('a person handled'),
    });
    expect(s.state?.rating).toBeUndefined();
    expect(await store.listEvents({ kinds: ['csat'] })).toEqual([]);
    s.close();
  });

  it('takes one for a conversation an agent held, even when it was closed as abandoned', async () => {
    const started = await startHub();
    hub = started.hub;
    const s = shopper(started.url, { locale: 'zh-CN' });
    s.connect();
    await until(() => s.status === 'open', 'welcome');
    s.send('转人工');
    await until(() => s.state?.status === 'queued', 'queued');
    const mei = agent(started.url);
    await mei.connect();
    await mei.accept(s.conversationId!);
    await mei.send(s.conversationId!, '您好');
    await closedOnceIdle(hub, IDLE_MS);
    await until(() => s.state?.status === 'closed', 'closed as abandoned');
    expect(s.state?.agent?.id).toBe('mei');
    s.rate(3);
    await until(() => s.state?.rating === 3, 'rating stored');
    s.close();
    mei.disconnect();
  });
});
