import { describe, expect, it } from 'vitest';
import { agent, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { AGENTS, startHubProcess } from './hub-process.ts';
import { BY_HAND, queuedShopper } from './queued-conversation.ts';

// Finding (2026-12-05, third pass): repeats of the same typing state were dropped, alternations
// were not. A shopper toggling typing on and off at the frame rate (each of their tabs at its
// frame budget) reached every agent watching the conversation with every change.

/** The hub's window between two starts of typing it passes on for one author (typing-relay.ts). */
const WINDOW_MS = 1000;

describe('typing toggled at the frame rate', () => {
  it('reaches the agent as at most a start and a stop per window, and the latest state last', async () => {
    const hub = await startHubProcess({ options: BY_HAND });
    const { shopper, conversationId } = await queuedShopper(hub, 'typing-flicker');
    const alice = agent(hub.wsUrl, AGENTS.alice.token);
    await alice.connect();
    await alice.accept(conversationId);
    const seen: boolean[] = [];
    const texts: string[] = [];
    alice.on('typing', (t) => seen.push(t.on));
    alice.on('message', ({ message }) => {
      if (message.content.kind === 'text') texts.push(message.content.text);
    });
    const started = Date.now();
    // The frame burst (30) less the message that follows: 27 changes, the last a start.
    for (let i = 0; i < 27; i++) shopper.send({ v: 1, type: 'typing', on: i % 2 === 0 });
    shopper.send({ v: 1, type: 'send', clientMsgId: 's2', content: { kind: 'text', text: 'sync' } });
    await until(() => texts.includes('sync'), 'the message after the burst');
    await until(() => seen.at(-1) === true && seen.length > 2, 'the latest state, a start');
    const windows = Math.ceil((Date.now() - started) / WINDOW_MS);
    expect(seen.length).toBeLessThanOrEqual(2 * windows + 1);
    expect(seen.at(-1)).toBe(true);
    shopper.ws.close();
    alice.disconnect();
  });
});
