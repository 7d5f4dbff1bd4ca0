import { describe, expect, it } from 'vitest';
import { rawSocket } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { AGENTS, startHubProcess } from './hub-process.ts';
import { answerTo, BY_HAND, queuedShopper } from './queued-conversation.ts';

// Finding (sixth pass, 2026-12-07): a ticket kept every update in its history, without bound, and
// each action reads the whole ticket, writes it back and sends it on (the event log, webhooks): the
// cost of an update grew with the updates before it. The owner of a conversation with a ticket sent
// `ticket` `progress` with a 300-character note at its socket's frame budget: after 2,000 of them the
// ticket was 660 KB, each update held the hub's event loop up to 0.2 s (p99 87 ms, from 13 ms at
// the start) and cost ~7 ms of CPU, growing with every one. A ticket's history now keeps its first
// entry (how it was opened) and the latest MAX_HISTORY − 1; the actions are all still taken.

const MAX_HISTORY = 100;
const UPDATES = 250;

describe('an agent piles updates onto a ticket it owns', () => {
  it(`keeps the ticket's history to ${MAX_HISTORY} entries, the first and the latest`, async () => {
    const hub = await startHubProcess({ options: BY_HAND });
    const { conversationId } = await queuedShopper(hub, 'ticket-victim');
    const agent = await rawSocket(hub.wsUrl, null);
    agent.send({ v: 1, type: 'hello', role: 'agent', token: AGENTS.alice.token });
    await agent.next('welcome');
    await answerTo(agent, 'take', { type: 'accept', conversationId });
    expect(
      await answerTo(agent, 'open', { type: 'ticket', conversationId, action: 'create', note: 'first' }),
    ).toMatchObject({ type: 'ok' });
    // One at a time, retried past the socket's frame budget: the attack is the count, not the rate.
    for (let i = 0; i < UPDATES; i++)
      for (let attempt = 0; ; attempt++) {
        const answer = await answerTo(agent, `p${i}.${attempt}`, {
          type: 'ticket',
          conversationId,
          action: 'progress',
          note: `update ${i} `.padEnd(300, '.'),
        });
        if (answer.code !== 'rate_limited') {
          expect(answer).toMatchObject({ type: 'ok' });
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    const [ticket] = (await hub.admin('tickets', { conversationId })) as Array<{
      history: Array<{ action: string; note?: string }>;
    }>;
    expect(ticket!.history).toHaveLength(MAX_HISTORY);
    expect(ticket!.history[0]).toMatchObject({ action: 'created' });
    expect(ticket!.history.at(-1)).toMatchObject({
      action: 'progress',
      note: expect.stringContaining(`update ${UPDATES - 1} `),
    });
  }, 180_000);
});
