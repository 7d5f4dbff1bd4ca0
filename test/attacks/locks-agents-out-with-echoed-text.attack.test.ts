import { describe, expect, it } from 'vitest';
import { rawSocket, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import {
  agentSignedIn,
  askForAPerson,
  MANUAL_ROUTING_OPTIONS as OPTIONS,
  unreadable,
} from './agent-decoding.ts';
import { AGENTS, type HubProcess, SHOP_ORIGIN, startHubProcess } from './hub-process.ts';

// Finding (frame-limits): text a shopper writes came back inside a message the hub made, longer
// than the frames allow. The merchant's bot echoed a 4000-character question ("You asked: …"),
// and a self-service confirm button repeated the order id of a tapped payload (the shopper writes
// the payload: an id of 223+ characters made the button's payload exceed 256). The message was
// stored, and every snapshot and history page holding it was unreadable to the agent client:
// whoever opened the conversation in the console got an error instead of the transcript.

/** A shopper who sends `first`, then asks for a person once the hub answered it. */
async function shopperSends(hub: HubProcess, deviceId: string, first: object): Promise<string> {
  const shopper = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
  shopper.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId });
  const welcome = await shopper.next('welcome');
  shopper.send({ v: 1, type: 'send', clientMsgId: 'm1', content: first });
  const ack = await shopper.next('ack');
  await until(
    () =>
      shopper.frames.some(
        (f) => ((f.message as { seq?: number } | undefined)?.seq ?? 0) > (ack.seq as number),
      ),
    'the answer to the first message',
  );
  await askForAPerson(shopper, 'm2');
  return (welcome.conversation as { id: string }).id;
}

/** Sue (a supervisor: the router may pick any group) accepts it: the snapshot her console must read. */
async function accepted(hub: HubProcess, conversationId: string): Promise<Record<string, unknown>> {
  const { socket: sue } = await agentSignedIn(hub.wsUrl, AGENTS.sue.token);
  sue.send({ v: 1, id: 'accept', type: 'accept', conversationId });
  await until(() => sue.frames.some((f) => f.re === 'accept'), 'the answer to accept');
  return sue.frames.find((f) => f.re === 'accept')!;
}

describe("a shopper's 4000-character question, echoed by the merchant's bot", () => {
  it('leaves the transcript readable to the agent who takes the conversation', async () => {
    const hub = await startHubProcess({ options: OPTIONS, plugins: { answer: 'echo' } });
    const question = '这件衣服'.repeat(1000);
    const conversationId = await shopperSends(hub, 'attack-echo', { kind: 'text', text: question });
    const snapshot = await accepted(hub, conversationId);
    expect(snapshot).toMatchObject({ type: 'conversation' });
    expect(JSON.stringify(snapshot)).toContain('You asked: 这件衣服');
    expect(unreadable([snapshot])).toEqual([]);
  });
});

describe('a shopper taps a forged action button with a 230-character order id', () => {
  it('gets no button the frames refuse, and the transcript stays readable', async () => {
    const hub = await startHubProcess({ options: OPTIONS, plugins: { actions: 'returns' } });
    const payload = `kefu:action:requestReturn:SO-${'9'.repeat(227)}`;
    expect(payload.length).toBeLessThanOrEqual(256);
    const conversationId = await shopperSends(hub, 'attack-order-id', {
      kind: 'text',
      text: '申请退货',
      payload,
    });
    const snapshot = await accepted(hub, conversationId);
    expect(snapshot).toMatchObject({ type: 'conversation' });
    expect(unreadable([snapshot])).toEqual([]);
  });
});
