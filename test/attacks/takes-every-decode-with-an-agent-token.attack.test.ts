import { describe, expect, it } from 'vitest';
import { blackPng } from '../../packages/sdk/src/images/test-fixtures.ts';
import { rawSocket } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { AGENTS, startHubProcess } from './hub-process.ts';
import { photoUploader } from './photo-uploader.ts';
import { answerTo, BY_HAND, queuedShopper } from './queued-conversation.ts';

// Finding (sixth pass, 2026-12-07): a shopper's photo uploads are bounded per address and
// conversation (two in flight, then bursts and a rate), but an agent's were not bounded at all
// ("agents are signed in and trusted"). A node decodes two photos at a time and lets eight wait;
// one agent token (a low-privilege one, or a stolen one) that owns a conversation posted a dozen
// large photos at once and took every decode and every place in the queue, so every shopper's
// photo on the node was refused 429 `busy` for as long as it kept that up, and it could write
// photos into the blob store as fast as the node decodes them. An agent's uploads now have the
// shopper's bounds, counted per agent: two in flight, a burst of 40, then one every 10 s.

const AT_ONCE = 12;

describe('an agent token posts many large photos at once', () => {
  it("is held to two in flight, so shoppers' photos still find a decode", async () => {
    const hub = await startHubProcess({ options: BY_HAND, plugins: { images: 'folder' } });
    const { conversationId } = await queuedShopper(hub, 'agent-photo-victim');
    const agent = await rawSocket(hub.wsUrl, null);
    agent.send({ v: 1, type: 'hello', role: 'agent', token: AGENTS.alice.token });
    await agent.next('welcome');
    await answerTo(agent, 'take', { type: 'accept', conversationId });
    const large = blackPng(7000, 7000);
    const posted = Array.from({ length: AT_ONCE }, () =>
      fetch(`${hub.httpUrl}/api/v1/uploads?conversation=${conversationId}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${AGENTS.alice.token}`, 'content-type': 'image/png' },
        body: new Uint8Array(large),
      }).then(async (res) => ({
        status: res.status,
        body: (await res.json()) as { error?: { message: string } },
      })),
    );
    const answers = await Promise.all(posted);
    const taken = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status === 429);
    expect(taken.length + refused.length).toBe(AT_ONCE);
    // Refused before their bodies were read, by the agent's own bound, never by a full decode queue.
    for (const r of refused) expect(r.body.error?.message).toMatch(/too many photos at once/);
    expect(taken.length).toBeLessThanOrEqual(2);
    const { shopper, upload } = await photoUploader(hub, 'other-shopper');
    expect((await upload(blackPng(64, 64))).status).toBe(201);
    shopper.ws.close();
  }, 120_000);
});
