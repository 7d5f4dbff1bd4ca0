import { describe, expect, it } from 'vitest';
import { rawSocket, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { AGENTS, type HubProcess, SHOP_ORIGIN, startHubProcess } from './hub-process.ts';

// Finding 4: the shopper's socket carried the agents' view of the state: tags, escalation
// reasons ("the shopper is upset", "intent: ask_for_human") and the close resolution. The
// shopper gets its own projection, on every path: welcomes, state frames, history pages.

type Socket = Awaited<ReturnType<typeof rawSocket>>;

const RESOLUTION = 'refunded; call back on +8613800138000, 8 Xingfu Road';
const TAGS = ['difficult-customer', 'chargeback-risk'];
/** What agents know and the shopper must never receive. */
const INTERNAL = ['upset', 'intent:', 'ask_for_human', 'senior', '8613800138000', 'Xingfu', ...TAGS];

const OPTIONS = {
  routing: {
    assignment: 'manual',
    ticketWhenUnstaffed: false,
    router: { defaultGroup: 'general', intentGroups: { complaint: 'general' } },
  },
};

/** Every state a shopper's socket received: in welcomes and in state frames. */
function statesIn(frames: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  return frames.flatMap((f) => {
    if (f.type === 'state') return [f.state as Record<string, unknown>];
    if (f.type === 'welcome') return [(f.conversation as { state: Record<string, unknown> }).state];
    return [];
  });
}

async function shopperSays(hub: HubProcess, deviceId: string, text: string) {
  const socket = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
  socket.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId });
  const welcome = await socket.next('welcome');
  socket.send({ v: 1, type: 'send', clientMsgId: 'm1', content: { kind: 'text', text } });
  await until(() => statesIn(socket.frames).some((s) => s.status === 'queued'), `${deviceId} queued`);
  return { socket, conversationId: (welcome.conversation as { id: string }).id };
}

async function request(socket: Socket, id: string, frame: object): Promise<Record<string, unknown>> {
  socket.send({ v: 1, id, ...frame });
  await until(() => socket.frames.some((f) => f.re === id), `the answer to ${id}`);
  return socket.frames.find((f) => f.re === id)!;
}

describe('a shopper reads the internal state of their conversation', () => {
  it('never receives tags, an escalation reason or the close resolution, in any frame', async () => {
    const hub = await startHubProcess({ options: OPTIONS });
    // One upset shopper, one who asks for a human: two escalation reasons.
    const upset = await shopperSays(
      hub,
      'attack-f4-first',
      '你们这什么垃圾服务，气死我了，骗子！我要投诉！！',
    );
    const asks = await shopperSays(hub, 'attack-f4-second', '转人工');
    const alice = await rawSocket(hub.wsUrl, null);
    alice.send({ v: 1, type: 'hello', role: 'agent', token: AGENTS.alice.token });
    await alice.next('welcome');
    for (const [i, { conversationId }] of [upset, asks].entries()) {
      expect(await request(alice, `accept ${i}`, { type: 'accept', conversationId })).toMatchObject({
        type: 'conversation',
      });
      expect(await request(alice, `tags ${i}`, { type: 'tags', conversationId, tags: TAGS })).toMatchObject({
        type: 'ok',
      });
      const close = { type: 'close', conversationId, resolution: RESOLUTION };
      expect(await request(alice, `close ${i}`, close)).toMatchObject({ type: 'ok' });
    }
    // The agents did get all of it: the shopper's side is what is being tested, not a quiet hub.
    const toAlice = JSON.stringify(alice.frames);
    for (const known of ['the shopper is upset', 'intent: ask_for_human', TAGS[0]!])
      expect(toAlice, known).toContain(known);
    await until(() => JSON.stringify(alice.frames).includes(RESOLUTION), 'the agent sees the resolution');

    const frames: Array<Record<string, unknown>> = [];
    for (const { socket, conversationId } of [upset, asks]) {
      await until(() => statesIn(socket.frames).some((s) => s.status === 'closed'), 'closed');
      // History pages, and a second tab's welcome of the closed conversation.
      const page = await request(socket, 'history', { type: 'history', before: 1_000 });
      expect(page).toMatchObject({ type: 'history.page' });
      const tab = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
      tab.send({
        v: 1,
        type: 'hello',
        role: 'shopper',
        siteKey: 'shop',
        deviceId: conversationId === upset.conversationId ? 'attack-f4-first' : 'attack-f4-second',
        resume: { conversationId, lastSeq: 0 },
      });
      await tab.next('welcome');
      frames.push(...socket.frames, ...tab.frames);
      tab.ws.close();
    }
    for (const state of statesIn(frames)) {
      for (const key of ['tags', 'reason', 'group', 'priority'])
        expect(Object.keys(state)).not.toContain(key);
    }
    const text = JSON.stringify(frames);
    for (const value of INTERNAL) expect(text, value).not.toContain(value);
  });
});

describe('a shopper learns the group their conversation was transferred to', () => {
  // Finding (qa-attack2): a transfer to a group wrote "Transferred to <group>" into the
  // transcript, so the shopper read the merchant's internal routing ("chargeback-review").
  it('reads a transfer line that does not name the group, live or in history', async () => {
    const chargebacks = {
      id: 'cb',
      name: 'Chargebacks',
      groups: ['chargeback-review'],
      token: 'cb-token-5e2a8d4f1c7b3e9a6d0f',
    };
    const hub = await startHubProcess({
      options: { ...OPTIONS, agents: [...Object.values(AGENTS), chargebacks] },
    });
    const { socket, conversationId } = await shopperSays(hub, 'attack-transfer-group', '转人工');
    const alice = await rawSocket(hub.wsUrl, null);
    alice.send({ v: 1, type: 'hello', role: 'agent', token: AGENTS.alice.token });
    await alice.next('welcome');
    expect(await request(alice, 'accept', { type: 'accept', conversationId })).toMatchObject({
      type: 'conversation',
    });
    const to = { group: 'chargeback-review' };
    expect(await request(alice, 'transfer', { type: 'transfer', conversationId, to })).toMatchObject({
      type: 'ok',
    });
    await until(
      () =>
        socket.frames.some(
          (f) => (f.message as { content?: { event?: string } })?.content?.event === 'transferred',
        ),
      'the transfer line',
    );
    const page = await request(socket, 'history', { type: 'history', before: 1_000 });
    expect(page).toMatchObject({ type: 'history.page' });
    expect(JSON.stringify(socket.frames)).not.toContain('chargeback');
  });
});
