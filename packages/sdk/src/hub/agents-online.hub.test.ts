import { afterEach, describe, expect, it } from 'vitest';
import { AGENT2_TOKEN, agent, handedToAgent, SUPERVISOR_TOKEN, startHub } from '../testing/hub-fixture.ts';
import type { Hub } from './create-hub.ts';

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

const names = (list: { id: string }[]) => list.map((a) => a.id).sort();

describe('agents.online', () => {
  it('lists the agents whose status is online, as they sign in, step away, come back and go offline', async () => {
    const started = await startHub();
    hub = started.hub;
    const mei = agent(started.url);
    await mei.connect();
    // Lei is configured but not signed in: no transfer can reach him.
    expect(await mei.agentsOnline()).toEqual([
      { id: 'mei', name: 'Mei', groups: ['default'], active: 0, capacity: 5 },
    ]);

    const lei = agent(started.url, AGENT2_TOKEN);
    await lei.connect();
    const boss = agent(started.url, SUPERVISOR_TOKEN);
    await boss.connect();
    expect(names(await mei.agentsOnline())).toEqual(['boss', 'lei', 'mei']);

    await lei.setStatus('away');
    expect(names(await mei.agentsOnline())).toEqual(['boss', 'mei']);
    await lei.setStatus('online');
    await boss.setStatus('offline');
    expect(names(await mei.agentsOnline())).toEqual(['lei', 'mei']);
  });

  it('refuses a transfer to a colleague who is away or signed out, and the conversation stays', async () => {
    const started = await startHub();
    hub = started.hub;
    const lei = agent(started.url, AGENT2_TOKEN);
    await lei.connect();
    const { a: mei, conversation } = await handedToAgent(started.url);
    await lei.setStatus('away');
    // A known colleague who is not online is a conflict (as `assign` answers); an unknown one not_found.
    await expect(mei.transfer(conversation.id, { agentId: 'lei' })).rejects.toMatchObject({
      code: 'conflict',
      // By name too: a console shows it to an agent who knows Lei, not the id `lei`.
      message: 'Lei (agent lei) is not online',
    });
    // Signed in once, then out: routing still knows him, but nobody would answer the shopper.
    await lei.setStatus('offline');
    await expect(mei.transfer(conversation.id, { agentId: 'lei' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(mei.transfer(conversation.id, { agentId: 'nobody' })).rejects.toMatchObject({
      code: 'not_found',
      message: 'agent nobody is not known',
    });
    expect(mei.conversation(conversation.id)?.state).toMatchObject({
      status: 'assigned',
      agent: { id: 'mei' },
    });
    await lei.setStatus('online');
    await mei.transfer(conversation.id, { agentId: 'lei' });
  });
});
