import { describe, expect, it } from 'vitest';
import { rawSocket, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { AGENTS, startHubProcess } from './hub-process.ts';
import { answerTo, BY_HAND, queuedShopper } from './queued-conversation.ts';

// Finding (fifth pass, left; fixed by the sixth, 2026-12-07): an agent's notes were bounded only by
// its sockets' frame budgets (30 a second each, 4,000 characters a note), with no count per
// conversation, and every `join` or `accept` sends all of a conversation's notes in its snapshot. The
// owner's token (or a stolen one) grew one conversation's notes by megabytes a minute, by `note`
// frames or by transferring the conversation to itself with a note, until its snapshot was too large
// to send. A conversation now keeps at most MAX_NOTES notes: past it a note, or a transfer or assign
// carrying one, is refused `conflict` (nothing done), and a note retried with its clientMsgId is
// still answered as the one kept.

const MAX_NOTES = 100;

describe('an agent piles notes onto a conversation it owns', () => {
  it(`keeps ${MAX_NOTES} at most; the next note and a transfer with a note are refused as conflict`, async () => {
    const hub = await startHubProcess({ options: BY_HAND });
    const { conversationId } = await queuedShopper(hub, 'notes-victim');
    const agent = await rawSocket(hub.wsUrl, null);
    agent.send({ v: 1, type: 'hello', role: 'agent', token: AGENTS.alice.token });
    await agent.next('welcome');
    expect(await answerTo(agent, 'take', { type: 'accept', conversationId })).toMatchObject({
      type: 'conversation',
    });
    // One at a time, retried past the socket's frame budget: the attack is the count, not the rate.
    const note = async (id: string, clientMsgId: string) => {
      for (let attempt = 0; ; attempt++) {
        const answer = await answerTo(agent, `${id}.${attempt}`, {
          type: 'note',
          conversationId,
          clientMsgId,
          text: `note ${clientMsgId} `.repeat(100),
        });
        if (answer.code !== 'rate_limited') return answer;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    for (let i = 0; i < MAX_NOTES; i++) expect(await note(`n${i}`, `cm${i}`)).toMatchObject({ type: 'note' });
    expect(await note('past', 'cm-past')).toMatchObject({
      type: 'error',
      code: 'conflict',
      message: expect.stringContaining(`${MAX_NOTES} notes`),
    });
    // A retry of a note it keeps is still that note, not a refusal.
    expect(await note('retry', 'cm7')).toMatchObject({ type: 'note', note: { clientMsgId: 'cm7' } });
    // Transferring the conversation to oneself with a note was the other way to add one.
    expect(
      await answerTo(agent, 'self', {
        type: 'transfer',
        conversationId,
        to: { agentId: AGENTS.alice.id },
        note: 'again',
      }),
    ).toMatchObject({ type: 'error', code: 'conflict' });
    const joined = await answerTo(agent, 'rejoin', { type: 'join', conversationId });
    expect((joined.notes as unknown[]).length).toBe(MAX_NOTES);
    await until(() => agent.closed === undefined, 'the socket kept');
  }, 120_000);
});
