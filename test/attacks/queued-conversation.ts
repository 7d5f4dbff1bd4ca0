import { rawSocket, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { type HubProcess, SHOP_ORIGIN } from './hub-process.ts';

type Socket = Awaited<ReturnType<typeof rawSocket>>;

/** Everyone in `general`, assigned by hand, so an agent's taking a conversation is the test's own doing. */
export const BY_HAND = {
  routing: { assignment: 'manual', ticketWhenUnstaffed: false, router: { defaultGroup: 'general' } },
};

/**
 * A raw shopper socket of `deviceId` who asked for a person, once their conversation is queued.
 * @example
 * const { shopper, conversationId } = await queuedShopper(hub, 'attack-device');
 */
export async function queuedShopper(hub: HubProcess, deviceId: string) {
  const shopper = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
  shopper.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId });
  const welcome = await shopper.next('welcome');
  const conversationId = (welcome.conversation as { id: string }).id;
  shopper.send({ v: 1, type: 'send', clientMsgId: 'ask', content: { kind: 'text', text: '转人工' } });
  await until(
    () =>
      shopper.frames.some((f) => f.type === 'state' && (f.state as { status: string }).status === 'queued'),
    'queued',
  );
  return { shopper, conversationId };
}

/**
 * Sends a frame with request id `id` on a raw socket and resolves with its answer (`ok`, an
 * error, or a reply naming it).
 */
export async function answerTo(socket: Socket, id: string, frame: object): Promise<Record<string, unknown>> {
  socket.send({ v: 1, id, ...frame });
  await until(() => socket.frames.some((f) => f.re === id), `the answer to ${id}`);
  return socket.frames.find((f) => f.re === id)!;
}
