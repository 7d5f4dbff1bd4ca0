import { describe, expect, it } from 'vitest';
import { rawSocket } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { AGENTS, type HubProcess, startHubProcess } from './hub-process.ts';

// An agent is checked when they sign in. One the merchant stopped signing in (they left, their
// laptop was stolen) kept the console they had open, replying and reading transcripts, for as long
// as it stayed connected: nothing but a restart of every node ended it. `endAgentSessions` does.

async function signIn(hub: HubProcess, token: string) {
  const socket = await rawSocket(hub.wsUrl, null);
  socket.send({ v: 1, type: 'hello', role: 'agent', token });
  await socket.next('welcome');
  return socket;
}

describe('an agent who left keeps the console they had open', () => {
  it('is signed out of every console of theirs, and no one else is', async () => {
    const hub = await startHubProcess();
    const alice = await signIn(hub, AGENTS.alice.token);
    const aliceAgain = await signIn(hub, AGENTS.alice.token);
    const bob = await signIn(hub, AGENTS.bob.token);
    await hub.admin('endAgentSessions', 'alice');
    for (const socket of [alice, aliceAgain]) {
      expect(await socket.waitClosed()).toEqual({
        code: 4401,
        reason: 'unauthorized: this agent was signed out',
      });
    }
    bob.send({ v: 1, type: 'ping', id: 'p1' });
    expect(await bob.next('pong')).toMatchObject({ re: 'p1' });
    expect(bob.closed).toBeUndefined();
  });
});
