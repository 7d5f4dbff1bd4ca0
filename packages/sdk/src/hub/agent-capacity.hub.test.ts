import { afterEach, describe, expect, it } from 'vitest';
import {
  AGENT_TOKEN,
  AGENT2_TOKEN,
  agent,
  shopperAskingForPerson,
  startHub,
} from '../testing/hub-fixture.ts';
import type { Hub } from './create-hub.ts';

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

async function start() {
  const started = await startHub({
    agents: [
      { id: 'mei', name: 'Mei', token: AGENT_TOKEN, groups: ['default'] },
      { id: 'lei', name: 'Lei', token: AGENT2_TOKEN, groups: ['default'], capacity: 1 },
    ],
    policy: { defaultCapacity: 3 },
  });
  hub = started.hub;
  return started.url;
}

describe("an agent's capacity", () => {
  it('comes in the welcome: their own, else the policy default', async () => {
    const url = await start();
    const mei = agent(url, AGENT_TOKEN);
    const lei = agent(url, AGENT2_TOKEN);
    await Promise.all([mei.connect(), lei.connect()]);
    expect(mei.profile?.capacity).toBe(3);
    expect(lei.profile?.capacity).toBe(1);
  });

  it('is what the hub holds them to: at it, accept is refused as conflict, and the conversation waits on', async () => {
    const url = await start();
    const lei = agent(url, AGENT2_TOKEN);
    await lei.connect();
    const first = await shopperAskingForPerson(url, 'queued');
    const second = await shopperAskingForPerson(url, 'queued');
    await lei.accept(first.conversationId!);

    await expect(lei.accept(second.conversationId!)).rejects.toMatchObject({
      code: 'conflict',
      message: 'you already have 1 conversations (your capacity)',
    });
    expect(second.state?.status).toBe('queued');

    await lei.close(first.conversationId!, 'resolved');
    await lei.accept(second.conversationId!);
    expect(lei.inbox.find((i) => i.conversationId === second.conversationId)?.state.status).toBe('assigned');
  });
});
