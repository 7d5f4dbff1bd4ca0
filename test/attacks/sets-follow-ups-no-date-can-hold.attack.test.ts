import { describe, expect, it } from 'vitest';
import { rawSocket } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { AGENTS, startHubProcess } from './hub-process.ts';
import { answerTo, BY_HAND, queuedShopper } from './queued-conversation.ts';

// Finding (2026-12-05, third pass): an agent set a conversation's follow-up (`pending.dueAt`) at
// 2^53 − 1 ms, past what a JavaScript Date can hold. The hub stored it and every console showed
// the follow-up as "Invalid Date" (and threw on it where it wrote a <time dateTime>).

const YEAR = 365 * 86_400_000;

describe('follow-ups no console can show', () => {
  it('are refused with invalid_frame, past any date or more than a year ahead, and the conversation stays as it was', async () => {
    const hub = await startHubProcess({ options: BY_HAND });
    const { shopper, conversationId } = await queuedShopper(hub, 'follow-up-never');
    // Raw frames, so no client-side check stands between the attacker and the hub.
    const alice = await rawSocket(hub.wsUrl, null);
    alice.send({ v: 1, type: 'hello', role: 'agent', token: AGENTS.alice.token });
    await alice.next('welcome');
    const answer = (id: string, frame: object) => answerTo(alice, id, frame);
    expect(await answer('a1', { type: 'accept', conversationId })).toMatchObject({ type: 'conversation' });
    for (const [id, dueAt] of [
      ['p1', 2 ** 53 - 1],
      ['p2', Date.now() + YEAR + 86_400_000],
    ] as const) {
      expect(await answer(id, { type: 'pending', conversationId, dueAt })).toMatchObject({
        type: 'error',
        code: 'invalid_frame',
      });
    }
    // A follow-up within the year is taken as before.
    expect(
      await answer('p3', { type: 'pending', conversationId, dueAt: Date.now() + 7 * 86_400_000 }),
    ).toMatchObject({
      type: 'ok',
    });
    const states = shopper.frames
      .filter((f) => f.type === 'state')
      .map((f) => f.state as { followUpAt?: number });
    expect(states.every((s) => s.followUpAt === undefined || s.followUpAt < Date.now() + YEAR)).toBe(true);
    shopper.ws.close();
    alice.ws.close();
  });
});
