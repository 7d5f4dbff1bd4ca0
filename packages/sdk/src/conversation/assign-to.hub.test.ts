import type { Message } from '@kefu/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../hub/create-hub.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { EventRecord } from '../store/store.ts';
import {
  AGENT_TOKEN,
  AGENT2_TOKEN,
  agent,
  SUPERVISOR_TOKEN,
  shopperAskingForPerson,
  startHub,
  until,
} from '../testing/hub-fixture.ts';

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

const TRAINEE_TOKEN = 'agent-token-tao-9a1c3e5b7d';
const OTHER_GROUP_TOKEN = 'agent-token-yun-6b2d4f8a0c';
const AGENTS = [
  { id: 'mei', name: 'Mei', token: AGENT_TOKEN, groups: ['default'] },
  { id: 'lei', name: 'Lei', token: AGENT2_TOKEN, groups: ['default', 'vip'], capacity: 1 },
  { id: 'boss', name: 'Boss', token: SUPERVISOR_TOKEN, groups: [], supervisor: true },
  { id: 'tao', name: 'Tao', token: TRAINEE_TOKEN, groups: ['default'], mayAssign: true },
  { id: 'yun', name: 'Yun', token: OTHER_GROUP_TOKEN, groups: ['after-sale'] },
];

async function start() {
  const store = createMemoryStore();
  const started = await startHub({ agents: AGENTS, store });
  hub = started.hub;
  return { ...started, store };
}

async function signedIn(url: string, token: string) {
  const a = agent(url, token);
  await a.connect();
  return a;
}

const lines = (messages: Message[]) =>
  messages.flatMap((m) =>
    m.content.kind === 'system' ? [`${m.content.event}:${m.content.agentName ?? ''}`] : [],
  );

describe('assign: a supervisor hands a waiting conversation to a colleague', () => {
  it('gives it to the colleague as an accept would: out of the queue, into their inbox, the shopper told', async () => {
    const { url, store } = await start();
    const mei = await signedIn(url, AGENT_TOKEN);
    const boss = await signedIn(url, SUPERVISOR_TOKEN);
    const s = await shopperAskingForPerson(url, 'queued');
    const id = s.conversationId!;
    await until(() => boss.inbox.some((i) => i.conversationId === id), 'the queued line');

    await boss.assign(id, 'mei', { note: 'VIP, refund question' });

    await until(() => s.state?.status === 'assigned', 'the shopper sees it assigned');
    expect(s.state).toMatchObject({ status: 'assigned', agent: { id: 'mei', name: 'Mei' } });
    await until(() => lines(s.messages).includes('agent_joined:Mei'), 'the agent-joined line');
    await until(
      () => mei.inbox.find((i) => i.conversationId === id)?.state.agent?.id === 'mei',
      "it is in Mei's inbox as hers",
    );
    // Mei works it like one she accepted: she may write to the shopper.
    await mei.join(id);
    await mei.send(id, '您好，我来帮您处理退款');
    expect(mei.conversation(id)?.notes.map((n) => n.text)).toContain('VIP, refund question');
    // Recorded as an accept is, with how long the shopper waited in the queue.
    let assigned: EventRecord[] = [];
    await until(() => {
      void store.listEvents({ conversationId: id, kinds: ['assigned'] }).then((e) => {
        assigned = e;
      });
      return assigned.length === 1;
    }, 'the assignment recorded');
    expect(assigned[0]).toMatchObject({ agentId: 'mei', data: { waitedMs: expect.any(Number) } });
    // Left the queue: nobody else can take it now.
    const lei = await signedIn(url, AGENT2_TOKEN);
    await expect(lei.accept(id)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('lists online colleagues with their load', async () => {
    const { url } = await start();
    const boss = await signedIn(url, SUPERVISOR_TOKEN);
    await signedIn(url, AGENT2_TOKEN);
    const s = await shopperAskingForPerson(url, 'queued');
    await boss.assign(s.conversationId!, 'lei');
    // The load is synced from the store after the write: ask until it shows.
    let lei: { active?: number; capacity?: number } | undefined;
    while (lei?.active !== 1) lei = (await boss.agentsOnline()).find((a) => a.id === 'lei');
    expect(lei).toMatchObject({ active: 1, capacity: 1 });
  });

  it('refuses an agent who is not a supervisor, and one who may assign only within the group', async () => {
    const { url } = await start();
    const mei = await signedIn(url, AGENT_TOKEN);
    const tao = await signedIn(url, TRAINEE_TOKEN);
    await signedIn(url, OTHER_GROUP_TOKEN);
    await signedIn(url, AGENT2_TOKEN);
    const s = await shopperAskingForPerson(url, 'queued');
    const id = s.conversationId!;
    await expect(mei.assign(id, 'lei')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(tao.assign(id, 'yun')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(tao.assign(id, 'lei', { force: true })).rejects.toMatchObject({ code: 'forbidden' });
    expect(s.state?.status).toBe('queued');
    await tao.assign(id, 'lei');
    await until(() => s.state?.agent?.id === 'lei', 'assigned to Lei');
  });

  it('refuses an unknown agent, one not online, one at capacity unless forced, and an unknown conversation', async () => {
    const { url } = await start();
    const boss = await signedIn(url, SUPERVISOR_TOKEN);
    const lei = await signedIn(url, AGENT2_TOKEN);
    const first = await shopperAskingForPerson(url, 'queued');
    const second = await shopperAskingForPerson(url, 'queued');
    await expect(boss.assign(first.conversationId!, 'nobody')).rejects.toMatchObject({ code: 'not_found' });
    await expect(boss.assign('c_missing', 'lei')).rejects.toMatchObject({ code: 'not_found' });
    await lei.setStatus('away');
    await expect(boss.assign(first.conversationId!, 'lei')).rejects.toMatchObject({ code: 'conflict' });
    await lei.setStatus('online');
    await boss.assign(first.conversationId!, 'lei');
    // Lei's capacity is 1.
    await expect(boss.assign(second.conversationId!, 'lei')).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('capacity'),
    });
    expect(second.state?.status).toBe('queued');
    await boss.assign(second.conversationId!, 'lei', { force: true });
    await until(() => second.state?.agent?.id === 'lei', 'forced past capacity');
  });

  it('refuses a conversation already taken or closed', async () => {
    const { url } = await start();
    const boss = await signedIn(url, SUPERVISOR_TOKEN);
    const mei = await signedIn(url, AGENT_TOKEN);
    await signedIn(url, AGENT2_TOKEN);
    const taken = await shopperAskingForPerson(url, 'queued');
    await mei.accept(taken.conversationId!);
    await expect(boss.assign(taken.conversationId!, 'lei')).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('taken by Mei'),
    });
    const closed = await shopperAskingForPerson(url, 'queued');
    await boss.close(closed.conversationId!);
    await expect(boss.assign(closed.conversationId!, 'lei')).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('closed'),
    });
  });

  it('races an accept: exactly one wins, the other gets conflict', async () => {
    const { url } = await start();
    const boss = await signedIn(url, SUPERVISOR_TOKEN);
    const mei = await signedIn(url, AGENT_TOKEN);
    await signedIn(url, AGENT2_TOKEN);
    for (let round = 0; round < 5; round++) {
      const s = await shopperAskingForPerson(url, 'queued');
      const id = s.conversationId!;
      // Either request may reach the hub first.
      const assign = () => boss.assign(id, 'lei');
      const accept = () => mei.accept(id);
      const results =
        round % 2 === 0
          ? await Promise.allSettled([assign(), accept()])
          : await Promise.allSettled([accept(), assign()]).then(([b, a]) => [a, b] as const);
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(lost.reason).toMatchObject({ code: 'conflict' });
      const owner = results[0]?.status === 'fulfilled' ? 'lei' : 'mei';
      await until(() => s.state?.agent?.id === owner, `owned by ${owner}`);
      await boss.close(id);
    }
  });
});
