import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../hub/create-hub.ts';
import type { HubOptions } from '../hub/hub-options.ts';
import { agent, shopper, startHub, until } from '../testing/hub-fixture.ts';
import type { HubEvents } from './hub-events.ts';

// Merchant plug-ins that return the wrong shape, over real sockets: the shopper always gets a
// person, the agent can still read their inbox, and the hub reports `plugin_failed` naming the plug-in.

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

async function started(overrides: Partial<HubOptions>, locale = 'en-GB') {
  const s0 = await startHub(overrides);
  hub = s0.hub;
  const errors: HubEvents['error'][] = [];
  hub.on('error', (e) => errors.push(e));
  const a = agent(s0.url);
  const agentErrors: string[] = [];
  a.on('error', (e) => agentErrors.push(e.message));
  await a.connect();
  const s = shopper(s0.url, { locale });
  s.connect();
  await until(() => s.status === 'open', 'welcome');
  return { s, a, errors, agentErrors };
}

describe('plug-ins that return the wrong shape', () => {
  it('a route priority of NaN leaves the agent’s inbox readable, in the router’s group, and is reported', async () => {
    const { s, a, errors, agentErrors } = await started({
      route: async () => ({ group: 'default', priority: Number.NaN }),
    });
    s.send('I want a person');
    await until(() => s.state?.status === 'queued', 'queued');
    await until(() => a.inbox.some((i) => i.conversationId === s.conversationId), 'in the agent’s inbox');
    expect(a.inbox[0]?.state.group).toBe('default');
    expect(agentErrors).toEqual([]);
    expect(errors).toMatchObject([{ code: 'plugin_failed', plugin: 'route' }]);
  });

  it('a shouldEscalate that returns undefined is plugin_failed naming it, and the shopper gets a person', async () => {
    const { s, errors } = await started({ shouldEscalate: async () => undefined as never });
    s.send('where is my parcel?');
    await until(() => s.state?.status === 'queued', 'queued');
    expect(errors).toMatchObject([{ code: 'plugin_failed', plugin: 'shouldEscalate' }]);
  });

  it('a shouldEscalate priority of 2.5 reaches the agent’s inbox as 3', async () => {
    const { s, a, agentErrors } = await started({
      shouldEscalate: async () => ({ escalate: true, reason: 'vip', priority: 2.5 }),
    });
    s.send('hello');
    await until(() => a.inbox.some((i) => i.conversationId === s.conversationId), 'in the agent’s inbox');
    expect(a.inbox[0]?.state.status).toBe('queued');
    expect(agentErrors).toEqual([]);
  });

  it('an answer with empty content is not silence: the shopper is told, in their language, and queued', async () => {
    const { s, errors } = await started({ answer: async () => ({ content: [], confidence: 0.9 }) }, 'zh-CN');
    s.send('你好');
    await until(() => s.state?.status === 'queued', 'queued');
    const system = s.messages.filter((m) => m.content.kind === 'system').map((m) => m.content);
    expect(system[0]).toMatchObject({ event: 'bot_unavailable', text: expect.stringMatching(/人工/) });
    expect(errors).toMatchObject([{ code: 'plugin_failed', plugin: 'answer' }]);
  });

  it('an understanding with a NaN confidence does not make the agent’s assist frame unreadable', async () => {
    const { s, a, errors, agentErrors } = await started({
      understand: async (text) =>
        text === 'a person please'
          ? { intent: 'ask_for_human', confidence: 1, anger: 0 }
          : { intent: 'logistics', confidence: Number.NaN, anger: 0 },
    });
    s.send('a person please');
    await until(() => s.state?.status === 'queued', 'queued');
    await a.accept(s.conversationId!);
    s.send('where is it');
    await until(() => a.assistFor(s.conversationId!)?.forSeq === s.lastSeq, 'an assist for the last message');
    expect(agentErrors).toEqual([]);
    expect(errors).toMatchObject([{ code: 'plugin_failed', plugin: 'understand' }]);
  });
});
