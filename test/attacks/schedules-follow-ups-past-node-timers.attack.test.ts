import { describe, expect, it } from 'vitest';
import { agent, rawSocket, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { AGENTS, SHOP_ORIGIN, startHubProcess } from './hub-process.ts';

// Finding (2026-12-05): Node's setTimeout holds at most 2³¹ − 1 ms (24.8 days) and runs a longer
// delay after 1 ms. Once the soonest of a node's durable timers was that far off (an agent's
// follow-up a month ahead, a `pending` frame with any future time the protocol allows, or a
// merchant's month-long SLA), its wake-up fired after 1 ms, found nothing due and armed itself
// again: ~700 store polls a second and a busy thread, for as long as the deadline stayed that far.

const DAY = 86_400_000;

describe('deadlines further ahead than Node can time (a month-long SLA, a follow-up in 30 days)', () => {
  it('are scheduled without a timer Node cuts to 1 ms', async () => {
    const hub = await startHubProcess({
      options: {
        routing: {
          assignment: 'manual',
          router: { defaultGroup: 'general' },
          // Replies promised within 40 days, as for e-mail: the SLA's deadlines are that far too.
          sla: { default: { firstResponseMs: 40 * DAY, nextResponseMs: 40 * DAY, resolutionMs: 40 * DAY } },
        },
      },
    });
    const alice = agent(hub.wsUrl, AGENTS.alice.token);
    await alice.connect();
    const sock = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
    try {
      sock.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: 'follow-up-device-1' });
      const welcome = (await sock.next('welcome')) as { conversation: { id: string } };
      sock.send({ v: 1, type: 'send', clientMsgId: 'c1', content: { kind: 'text', text: '转人工' } });
      await until(
        () =>
          sock.frames.some((f) => f.type === 'state' && (f.state as { status: string }).status === 'queued'),
        'queued',
      );
      await alice.accept(welcome.conversation.id);
      await alice.pending(welcome.conversation.id, Date.now() + 30 * DAY, 'call back after the holiday');

      // stderr is one ordered stream: once a request made after the follow-up is logged, any
      // warning its timer caused (Node warns as it cuts the delay) is in the logs too.
      await fetch(`${hub.httpUrl}/healthz`);
      await until(
        () => hub.logs.some((line) => line.includes('"http.request"') && line.includes('/healthz')),
        'the later request in the log',
      );
      const overflows = hub.logs.filter(
        (line) => line.includes('"process.warning"') && line.includes('TimeoutOverflowWarning'),
      );
      expect(overflows).toEqual([]);
    } finally {
      sock.ws.close();
      alice.disconnect();
    }
  });
});
