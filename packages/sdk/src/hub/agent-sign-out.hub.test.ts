import { afterEach, describe, expect, it } from 'vitest';
import type { AgentProfile } from '../seams/agents.ts';
import { agent, rawSocket, shopperAskingForPerson, startHub, until } from '../testing/hub-fixture.ts';
import type { Hub } from './create-hub.ts';

// An agent is checked when they sign in. A merchant whose SSO stops signing an agent in (they left,
// their laptop was stolen) found the console they had open still signed in, replying to shoppers
// and reading transcripts for as long as it stayed connected: `endAgentSessions` ends it.

const PEOPLE: Record<string, AgentProfile> = {
  'token-mei-sso-7a2c9e4b1f': { id: 'mei', name: 'Mei', groups: ['default'] },
  'token-lei-sso-3d8f1b6a0c': { id: 'lei', name: 'Lei', groups: ['default'] },
};

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

describe('an agent who was disabled', () => {
  it('loses the console they have open once signed out, and cannot sign back in', async () => {
    const disabled = new Set<string>();
    const started = await startHub({
      agents: async (token) => {
        const profile = PEOPLE[token];
        return profile && !disabled.has(profile.id) ? profile : null;
      },
    });
    hub = started.hub;
    const s = await shopperAskingForPerson(started.url, 'queued');
    const mei = agent(started.url, 'token-mei-sso-7a2c9e4b1f');
    const lei = agent(started.url, 'token-lei-sso-3d8f1b6a0c');
    const meiStatus: string[] = [];
    mei.on('connection', ({ status }) => meiStatus.push(status));
    await Promise.all([mei.connect(), lei.connect()]);
    await mei.accept(s.conversationId!);

    disabled.add('mei');
    // The SSO refusing her changes nothing for the socket she has: she still writes to the shopper.
    await mei.send(s.conversationId!, 'still here');
    await until(
      () => s.messages.some((m) => m.content.kind === 'text' && m.content.text === 'still here'),
      'sent',
    );

    await hub.admin.endAgentSessions('mei');
    await until(() => meiStatus.includes('failed'), 'Mei’s console is signed out and does not retry');
    const again = await rawSocket(started.url, null);
    again.send({ v: 1, type: 'hello', role: 'agent', token: 'token-mei-sso-7a2c9e4b1f' });
    expect(await again.next('error')).toMatchObject({ code: 'unauthorized' });
    // Lei, signed in beside her, keeps working.
    const next = await shopperAskingForPerson(started.url, 'queued');
    await lei.accept(next.conversationId!);
    await until(() => next.state?.agent?.id === 'lei', 'Lei took the next shopper');
  });
});
