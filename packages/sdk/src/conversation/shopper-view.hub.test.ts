import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../hub/create-hub.ts';
import { AGENT_TOKEN, agent, rawSocket, startHub, until } from '../testing/hub-fixture.ts';

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

const RESOLUTION = 'refunded; call back on +8613800138000';

/** Every state a shopper's socket received, from welcomes and state frames. */
function statesIn(frames: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  return frames.flatMap((f) => {
    if (f.type === 'state') return [f.state as Record<string, unknown>];
    if (f.type === 'welcome') return [(f.conversation as { state: Record<string, unknown> }).state];
    return [];
  });
}

describe("the shopper's socket carries the shopper's projection of the state", () => {
  it('never receives tags, the group, the escalation reason or the close resolution', async () => {
    const started = await startHub({
      agents: [{ id: 'mei', name: 'Mei', token: AGENT_TOKEN, groups: ['default', 'complaints'] }],
    });
    hub = started.hub;
    const s = await rawSocket(`${started.url}/?site=shop`);
    s.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: 'device-d4' });
    const welcome = await s.next('welcome');
    const conversationId = (welcome.conversation as { id: string }).id;
    // Upset: the escalation rules hand it over with the reason "the shopper is upset".
    s.send({
      v: 1,
      type: 'send',
      clientMsgId: 'm1',
      content: { kind: 'text', text: '你们这什么垃圾服务，气死我了，骗子！我要投诉！！' },
    });
    await until(() => statesIn(s.frames).some((st) => st.status === 'queued'), 'queued');
    const mei = agent(started.url);
    await mei.connect();
    await mei.accept(conversationId);
    await mei.tags(conversationId, ['angry-customer', 'refund']);
    await until(() => mei.conversation(conversationId)?.state.tags?.length === 2, 'tagged');
    await mei.close(conversationId, RESOLUTION);
    await until(() => statesIn(s.frames).some((st) => st.status === 'closed'), 'closed');
    // Agents keep seeing what they need.
    await until(() => mei.conversation(conversationId)?.state.reason === RESOLUTION, 'the agent sees why');
    expect(mei.conversation(conversationId)?.state).toMatchObject({ group: 'complaints' });

    s.send({ v: 1, type: 'history', id: 'h1', before: 1_000 });
    await s.next('history.page');
    // A second tab resuming the same conversation gets a welcome of the closed conversation.
    const again = await rawSocket(`${started.url}/?site=shop`);
    again.send({
      v: 1,
      type: 'hello',
      role: 'shopper',
      siteKey: 'shop',
      deviceId: 'device-d4',
      resume: { conversationId, lastSeq: 0 },
    });
    const rewelcome = await again.next('welcome');
    expect((rewelcome.conversation as { id: string }).id).toBe(conversationId);

    const frames = [...s.frames, ...again.frames];
    for (const state of statesIn(frames)) {
      expect(Object.keys(state)).not.toContain('tags');
      expect(Object.keys(state)).not.toContain('reason');
      expect(Object.keys(state)).not.toContain('group');
    }
    const text = JSON.stringify(frames);
    for (const internal of ['upset', 'intent:', 'angry-customer', '8613800138000', 'senior'])
      expect(text, internal).not.toContain(internal);
    // The complaint came with a ticket; closing resolved it without making the resolution its update.
    expect(statesIn(frames).at(-1)).toMatchObject({
      status: 'closed',
      agent: { id: 'mei', name: 'Mei' },
      ticket: { status: 'resolved' },
    });
    mei.disconnect();
    s.ws.close();
    again.ws.close();
  });

  it('carries an order card without its shipments, which the agent keeps', async () => {
    const started = await startHub();
    hub = started.hub;
    const s = await rawSocket(`${started.url}/?site=shop`);
    s.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: 'device-o1' });
    const welcome = await s.next('welcome');
    const conversationId = (welcome.conversation as { id: string }).id;
    s.send({ v: 1, type: 'send', clientMsgId: 'm1', content: { kind: 'text', text: '转人工' } });
    await until(() => statesIn(s.frames).some((st) => st.status === 'queued'), 'queued');
    const mei = agent(started.url);
    await mei.connect();
    await mei.accept(conversationId);
    const shipment = {
      packed: [{ title: 'Tee', quantity: 1 }],
      weightGrams: 220,
      scans: [{ at: 1, place: 'Hangzhou', status: 'collected' }],
    };
    const order = { id: 'SO-9', status: 'shipped' as const, events: [], shipments: [shipment] };
    const { seq } = await mei.send(conversationId, { kind: 'order', order });
    const card = () =>
      s.frames.find((f) => f.type === 'message' && (f.message as { seq: number }).seq === seq) as
        | { message: { content: { order: Record<string, unknown> } } }
        | undefined;
    await until(() => card() !== undefined, 'the order card');
    expect(card()!.message.content.order).toEqual({ id: 'SO-9', status: 'shipped', events: [] });
    const held = mei.conversation(conversationId)?.messages.find((m) => m.seq === seq)?.content;
    expect(held).toEqual({ kind: 'order', order });
    mei.disconnect();
    s.ws.close();
  });
});
