import { decodeFrame, HubToAgent } from '../../packages/protocol/src/index.ts';
import { rawSocket, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { SHOP_ORIGIN } from './hub-process.ts';

// Shared by the attacks that lock agents out with frames they cannot read.

/** Conversations wait in the `general` group for an agent to take them (nothing auto-assigned). */
export const MANUAL_ROUTING_OPTIONS = {
  routing: { assignment: 'manual', ticketWhenUnstaffed: false, router: { defaultGroup: 'general' } },
};

/** The messages of frames the agent client cannot read (it decodes every frame against the protocol). */
export const unreadable = (frames: Array<Record<string, unknown>>) =>
  frames
    .map((f) => decodeFrame(HubToAgent, JSON.stringify(f), Number.POSITIVE_INFINITY))
    .flatMap((r) => (r.ok ? [] : [r.message]));

type Socket = Awaited<ReturnType<typeof rawSocket>>;

/** The shopper asks for a person (a message `clientMsgId`) and waits until the conversation is queued. */
export async function askForAPerson(shopper: Socket, clientMsgId = 'm1'): Promise<void> {
  shopper.send({ v: 1, type: 'send', clientMsgId, content: { kind: 'text', text: '转人工' } });
  await until(
    () => shopper.frames.some((f) => (f.state as { status?: string } | undefined)?.status === 'queued'),
    'queued',
  );
}

/** An agent's console signed in over a raw socket, with its welcome. */
export async function agentSignedIn(
  wsUrl: string,
  token: string,
): Promise<{ socket: Socket; welcome: Record<string, unknown> }> {
  const socket = await rawSocket(wsUrl, null);
  socket.send({ v: 1, type: 'hello', role: 'agent', token });
  return { socket, welcome: await socket.next('welcome') };
}

/** A shopper of site `shop` who said hello with `identity` (a merchant-signed token), not yet answered. */
export async function identifiedShopper(wsUrl: string, deviceId: string, identity: string): Promise<Socket> {
  const shopper = await rawSocket(`${wsUrl}/?site=shop`, SHOP_ORIGIN);
  shopper.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId, identity });
  return shopper;
}
