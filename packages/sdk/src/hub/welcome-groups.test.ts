import { describe, expect, it } from 'vitest';
import { AGENT_TOKEN, agent, startHub } from '../testing/hub-fixture.ts';

// Finding (2026-12-07): the welcome named only the agent's own groups, so a console's transfer
// dialog offered the groups of colleagues online and no team whose agents had all signed out,
// though the hub queues a transfer to one.
describe("the agent welcome names the hub's groups", () => {
  it("the agents list's groups, to an agent of one of them while nobody of the others is online", async () => {
    const { url } = await startHub();
    const mei = agent(url, AGENT_TOKEN);
    await mei.connect();
    expect(mei.groups).toEqual(['default', 'vip']);
  });

  it('with an agents function, the groups its routing names', async () => {
    const { url } = await startHub({
      agents: async (token) =>
        token === AGENT_TOKEN ? { id: 'mei', name: 'Mei', groups: ['default'] } : null,
      routing: { assignment: 'manual', ticketWhenUnstaffed: false, groups: ['complaints', 'after-sale'] },
    });
    const mei = agent(url, AGENT_TOKEN);
    await mei.connect();
    expect(mei.groups).toEqual(expect.arrayContaining(['complaints', 'after-sale']));
  });
});
