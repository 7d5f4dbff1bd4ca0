import { afterEach, describe, expect, it } from 'vitest';
import { createFaqBot } from '../faq/faq-bot.ts';
import { SMALL_KB } from '../faq/test-fixtures.ts';
import type { Hub } from '../hub/create-hub.ts';
import { shopper, startHub, until } from '../testing/hub-fixture.ts';
import type { HubEvents } from './hub-events.ts';

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

/** A shopper on a FAQ hub who sends `text`; resolves once the bot answered it, with the escalations. */
async function send(text: string, locale = 'en') {
  const started = await startHub({ answer: createFaqBot(SMALL_KB) });
  hub = started.hub;
  const escalated: HubEvents['escalated'][] = [];
  hub.on('escalated', (e) => escalated.push(e));
  const s = shopper(started.url, { locale });
  s.connect();
  await until(() => s.status === 'open' && s.messages.length > 0, 'welcome and greeting');
  const before = s.messages.length;
  s.send(text);
  await until(() => s.messages.slice(before).some((m) => m.author.kind === 'bot'), `the reply to ${text}`);
  // An escalation is decided in the same turn as the reply, before the queue's line.
  await until(() => escalated.length > 0 || s.state?.status === 'bot', 'the turn decided');
  return { s, escalated };
}

// QA finding (2026-12): a message of only 😡/🤬/💢, or an English complaint in capitals, was not
// read as anger: the shopper got a decline or an answer instead of a senior person, first.
describe('anger shown by emoji or capitals', () => {
  it.each([
    '😡',
    '🤬🤬',
    '💢💢💢',
    'THIS IS RIDICULOUS WHERE IS MY ORDER',
    'WHERE IS MY ORDER I HAVE BEEN WAITING FOR TWO WEEKS',
  ])('%j goes to a person as an upset shopper, with the anger priority', async (text) => {
    const { s, escalated } = await send(text);
    await until(
      () => s.state?.status === 'queued',
      () => `queued (state ${s.state?.status})`,
    );
    expect(escalated).toEqual([expect.objectContaining({ reason: 'the shopper is upset', priority: 10 })]);
  });

  it.each(['OK', 'DHL', 'KF-KNIT-001', 'How long does a refund take? ASAP please', 'DO YOU SHIP TO THE USA'])(
    '%j is not read as anger',
    async (text) => {
      const { escalated } = await send(text);
      expect(escalated.filter((e) => e.reason === 'the shopper is upset')).toEqual([]);
    },
  );
});
