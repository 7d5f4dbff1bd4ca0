import { LIMITS } from '@kefu/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../hub/create-hub.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { Store } from '../store/store.ts';
import {
  AGENT2_TOKEN,
  agent,
  rawSocket,
  SUPERVISOR_TOKEN,
  shopperAskingForPerson,
  startHub,
  until,
} from '../testing/hub-fixture.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { TYPING_WINDOW_MS } from './typing-relay.ts';

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

const queuedShopper = (url: string, text?: string) => shopperAskingForPerson(url, 'queued', {}, text);

/** A hub, a shopper who asked for a person, and an agent who accepted the conversation. */
async function acceptedByAgent() {
  const started = await startHub();
  hub = started.hub;
  const s = await queuedShopper(started.url);
  const a = agent(started.url);
  await a.connect();
  const c = await a.accept(s.conversationId!);
  return { s, a, c };
}

describe('agents working conversations', () => {
  it('lets exactly one of two agents win a race to accept', async () => {
    const started = await startHub();
    hub = started.hub;
    const s = await queuedShopper(started.url);
    const mei = agent(started.url);
    const lei = agent(started.url, AGENT2_TOKEN);
    await Promise.all([mei.connect(), lei.connect()]);
    const results = await Promise.allSettled([mei.accept(s.conversationId!), lei.accept(s.conversationId!)]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'conflict' });
    await until(() => s.state?.status === 'assigned', 'assigned');
    // The loser's inbox drops the conversation; the winner keeps it as theirs.
    const loser = results[0]!.status === 'rejected' ? mei : lei;
    await until(
      () => loser.inbox.every((i) => i.conversationId !== s.conversationId),
      'removed from the loser',
    );
    s.close();
    mei.disconnect();
    lei.disconnect();
  });

  it('answers an accept that lost the write to the same agent (another tab) with the conversation, not a conflict', async () => {
    const inner = createMemoryStore();
    // Both tabs read the conversation as queued before either writes: a gate on the reads.
    let watched: string | undefined;
    let reads = 0;
    let open: () => void = () => {};
    const bothRead = new Promise<void>((resolve) => (open = resolve));
    const store: Store = {
      ...inner,
      async getConversation(id) {
        const c = await inner.getConversation(id);
        if (id === watched && ++reads <= 2) {
          if (reads === 2) open();
          await bothRead;
        }
        return c;
      },
    };
    const started = await startHub({ store });
    hub = started.hub;
    const s = await queuedShopper(started.url);
    const [tab1, tab2] = [agent(started.url), agent(started.url)];
    await Promise.all([tab1.connect(), tab2.connect()]);
    watched = s.conversationId!;
    const results = await Promise.allSettled([tab1.accept(watched), tab2.accept(watched)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    await until(() => s.state?.status === 'assigned', 'assigned');
    expect(s.state?.agent?.id).toBe('mei');
    s.close();
    tab1.disconnect();
    tab2.disconnect();
  });

  it('shows queue positions that move up as agents take conversations', async () => {
    const started = await startHub();
    hub = started.hub;
    const first = await queuedShopper(started.url);
    const second = await queuedShopper(started.url);
    await until(() => second.state?.queue?.position === 2, 'second in line');
    expect(first.state?.queue?.position).toBe(1);
    const a = agent(started.url);
    await a.connect();
    await a.accept(first.conversationId!);
    await until(() => second.state?.queue?.position === 1, 'second moves up');
    first.close();
    second.close();
    a.disconnect();
  });

  it('transfers to another agent and to a group, hands back to the bot, and closes', async () => {
    const started = await startHub();
    hub = started.hub;
    const s = await queuedShopper(started.url);
    const mei = agent(started.url);
    const lei = agent(started.url, AGENT2_TOKEN);
    await Promise.all([mei.connect(), lei.connect()]);
    const c = await mei.accept(s.conversationId!);
    await mei.transfer(c.id, { agentId: 'lei' }, 'wants a refund, order 1024');
    await until(() => s.state?.agent?.id === 'lei', 'now with Lei');
    await expect(mei.send(c.id, 'still me?')).rejects.toMatchObject({ code: 'forbidden' });
    const joined = await lei.join(c.id);
    expect(joined.notes.map((n) => n.text)).toContain('wants a refund, order 1024');
    await lei.send(c.id, '您好，我是小雷');
    await lei.transfer(c.id, { group: 'vip' });
    await until(() => s.state?.status === 'queued', 'queued for vip');
    await lei.accept(c.id);
    await lei.handback(c.id);
    await until(() => s.state?.status === 'bot', 'back with the bot');
    s.send('one more question');
    await until(() => s.messages.filter((m) => m.author.kind === 'bot').length >= 2, 'the bot answers again');
    const boss = agent(started.url, SUPERVISOR_TOKEN);
    await boss.connect();
    await boss.close(c.id, 'resolved');
    await until(() => s.state?.status === 'closed', 'closed');
    const events = s.messages.flatMap((m) => (m.content.kind === 'system' ? [m.content.event] : []));
    expect(events).toEqual(
      expect.arrayContaining(['queued', 'agent_joined', 'transferred', 'agent_left', 'closed']),
    );
    s.close();
    mei.disconnect();
    lei.disconnect();
    boss.disconnect();
  });

  it('tells the agent who owned a conversation that it is closed when they write to it, not to accept it', async () => {
    const started = await startHub();
    hub = started.hub;
    const s = await queuedShopper(started.url);
    const mei = agent(started.url);
    await mei.connect();
    const c = await mei.accept(s.conversationId!);
    await mei.close(c.id, 'resolved');
    await until(() => s.state?.status === 'closed', 'closed');
    await expect(mei.send(c.id, 'one more thing')).rejects.toMatchObject({
      code: 'conflict',
      message: `conversation ${c.id} is closed`,
    });
    s.close();
    mei.disconnect();
  });

  it('refuses a transfer to a group no agent is in with not_found, and the conversation stays with its agent', async () => {
    const started = await startHub({
      agents: async (token) =>
        token === AGENT2_TOKEN ? { id: 'lei', name: 'Lei', groups: ['default', 'returns'] } : null,
    });
    hub = started.hub;
    const s = await queuedShopper(started.url);
    const lei = agent(started.url, AGENT2_TOKEN);
    await lei.connect();
    const c = await lei.accept(s.conversationId!);
    // A mistyped group queued the conversation where no agent would ever be offered it.
    await expect(lei.transfer(c.id, { group: 'retuns' })).rejects.toMatchObject({
      code: 'not_found',
      message: 'no agent is in group "retuns"',
    });
    expect(s.state).toMatchObject({ status: 'assigned', agent: { id: 'lei' } });
    // A group of an agent who signed in (an agents function lists none up front) is one to go to.
    await lei.transfer(c.id, { group: 'returns' });
    await until(() => s.state?.status === 'queued', 'queued for returns');
    lei.disconnect();
  });

  it('queues a transfer to a group the configuration names though nobody of it signed in (agents function)', async () => {
    const store = createMemoryStore();
    const started = await startHub({
      agents: async (token) =>
        token === AGENT2_TOKEN ? { id: 'lei', name: 'Lei', groups: ['default'] } : null,
      routing: {
        assignment: 'manual',
        ticketWhenUnstaffed: false,
        groups: ['billing'],
        router: { intentGroups: { refund: 'refunds' } },
      },
      store,
    });
    hub = started.hub;
    const [toBilling, toRefunds, mistyped] = [
      await queuedShopper(started.url),
      await queuedShopper(started.url),
      await queuedShopper(started.url),
    ];
    const lei = agent(started.url, AGENT2_TOKEN);
    await lei.connect();
    for (const [s, group] of [
      [toBilling, 'billing'],
      [toRefunds, 'refunds'],
    ] as const) {
      const c = await lei.accept(s.conversationId!);
      await lei.transfer(c.id, { group });
      await until(() => s.state?.status === 'queued', `queued for ${group}`);
      expect((await store.getConversation(c.id))?.state).toMatchObject({ status: 'queued', group });
    }
    // A name nothing configures is still refused.
    const c = await lei.accept(mistyped.conversationId!);
    await expect(lei.transfer(c.id, { group: 'biling' })).rejects.toMatchObject({ code: 'not_found' });
    for (const s of [toBilling, toRefunds, mistyped]) s.close();
    lei.disconnect();
  });

  it('refuses actions on conversations an agent may not touch', async () => {
    const started = await startHub({
      agents: [
        { id: 'mei', name: 'Mei', token: 'agent-token-mei-4f9c2a7e1b', groups: ['default'] },
        { id: 'vip1', name: 'Vee', token: 'agent-token-vip-6c1e8a3f9b', groups: ['vip'] },
      ],
    });
    hub = started.hub;
    const s = await queuedShopper(started.url);
    const outsider = agent(started.url, 'agent-token-vip-6c1e8a3f9b');
    await outsider.connect();
    expect(outsider.inbox).toEqual([]);
    await expect(outsider.accept(s.conversationId!)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(outsider.join(s.conversationId!)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(outsider.accept('c_does_not_exist')).rejects.toMatchObject({ code: 'not_found' });
    s.close();
    outsider.disconnect();
  });

  it('respects an agent capacity', async () => {
    const started = await startHub({
      agents: [
        { id: 'mei', name: 'Mei', token: 'agent-token-mei-4f9c2a7e1b', groups: ['default'], capacity: 1 },
      ],
    });
    hub = started.hub;
    const one = await queuedShopper(started.url);
    const two = await queuedShopper(started.url);
    const a = agent(started.url, 'agent-token-mei-4f9c2a7e1b');
    await a.connect();
    await a.accept(one.conversationId!);
    await expect(a.accept(two.conversationId!)).rejects.toMatchObject({ code: 'conflict' });
    one.close();
    two.close();
    a.disconnect();
  });

  it('refuses a follow-up more than a year ahead with invalid_frame, and keeps the conversation as it was', async () => {
    const { s, a, c } = await acceptedByAgent();
    const tooFar = Date.now() + LIMITS.maxFollowUpMs + 3_600_000;
    await expect(a.pending(c.id, tooFar)).rejects.toMatchObject({ code: 'invalid_frame' });
    // Past what a Date can hold (2^53 − 1 ms) is refused by the schema: the invalid agent vectors.
    expect(s.state?.status).toBe('assigned');
    const inAWeek = Date.now() + 7 * 86_400_000;
    await a.pending(c.id, inAWeek);
    await until(() => s.state?.status === 'pending', 'pending within the year');
    expect(s.state?.followUpAt).toBe(inAWeek);
    s.close();
    a.disconnect();
  });

  it('shows read receipts and typing both ways', async () => {
    const { s, a, c } = await acceptedByAgent();
    const typing: boolean[] = [];
    s.on('typing', (t) => typing.push(t.on));
    a.typing(c.id, true);
    await until(() => typing.includes(true), 'shopper sees the agent typing');
    const { seq } = await a.send(c.id, 'hi');
    await until(() => s.lastSeq >= seq, 'delivered');
    s.markRead(seq);
    await until(() => a.conversation(c.id)!.shopperReadSeq === seq, 'agent sees it read');
    await a.markRead(c.id, s.lastSeq);
    await until(() => s.agentReadSeq === s.lastSeq, 'shopper sees it read');
    s.close();
    a.disconnect();
  });

  it('passes a typing state on once, not once per repeat (a shopper with many tabs)', async () => {
    const { s, a, c } = await acceptedByAgent();
    const seen: boolean[] = [];
    a.on('typing', (t) => seen.push(t.on));
    for (let i = 0; i < 20; i++) s.setTyping(true);
    s.setTyping(false);
    await until(() => seen.includes(false), 'the agent sees the shopper stop typing');
    expect(seen).toEqual([true, false]);
    // The other way too: the agent's repeats reach the shopper once.
    const shopperSaw: boolean[] = [];
    s.on('typing', (t) => shopperSaw.push(t.on));
    for (let i = 0; i < 10; i++) a.typing(c.id, true);
    a.typing(c.id, false);
    await until(() => shopperSaw.includes(false), 'the shopper sees the agent stop typing');
    expect(shopperSaw).toEqual([true, false]);
    s.close();
    a.disconnect();
  });

  it('passes on at most a start and a stop of typing per window when it alternates at the frame rate, and the latest state once the window ends', async () => {
    const clock = new ManualClock(Date.now());
    const started = await startHub({ clock, limits: { framesPerSecond: 10_000, frameBurst: 10_000 } });
    hub = started.hub;
    const s = await queuedShopper(started.url);
    const a = agent(started.url);
    await a.connect();
    const c = await a.accept(s.conversationId!);
    const agentSaw: boolean[] = [];
    const agentGot: string[] = [];
    a.on('typing', (t) => agentSaw.push(t.on));
    a.on('message', ({ message }) => {
      if (message.content.kind === 'text') agentGot.push(message.content.text);
    });
    // Forty alternations and a last start, all within one window on the hub's clock.
    for (let i = 0; i < 41; i++) s.setTyping(i % 2 === 0);
    // Frames are handled in order and the conversation's events reach the agent in order: once this
    // message is there, so is every typing state the hub passed on before it.
    s.send('sync');
    await until(() => agentGot.includes('sync'), 'the message after the burst');
    expect(agentSaw).toEqual([true, false]);
    clock.advance(TYPING_WINDOW_MS);
    await until(() => agentSaw.length === 3, 'the latest state once the window ends');
    s.setTyping(false);
    await until(() => agentSaw.length === 4, 'a stop passed on at once');
    expect(agentSaw).toEqual([true, false, true, false]);

    // The other way: an agent alternating reaches the shopper as seldom.
    const shopperSaw: boolean[] = [];
    const shopperGot: string[] = [];
    s.on('typing', (t) => shopperSaw.push(t.on));
    s.on('message', (m) => {
      if (m.content.kind === 'text') shopperGot.push(m.content.text);
    });
    for (let i = 0; i < 41; i++) a.typing(c.id, i % 2 === 0);
    await a.send(c.id, 'sync back');
    await until(() => shopperGot.includes('sync back'), 'the agent message after the burst');
    expect(shopperSaw).toEqual([true, false]);
    clock.advance(TYPING_WINDOW_MS);
    await until(() => shopperSaw.length === 3, 'the agent typing once the window ends');
    expect(shopperSaw).toEqual([true, false, true]);
    s.close();
    a.disconnect();
  });

  it('keeps another agent of the group out of a conversation someone owns; a supervisor may act on it', async () => {
    const started = await startHub();
    hub = started.hub;
    const s = await queuedShopper(started.url);
    const typing: string[] = [];
    s.on('typing', (t) => typing.push(t.name ?? 'someone'));
    const mei = agent(started.url);
    await mei.connect();
    const c = await mei.accept(s.conversationId!);
    await mei.note(c.id, 'refund to card ending 4242');
    const { seq } = await mei.send(c.id, 'hello, Mei here');
    await until(() => s.lastSeq >= seq, 'delivered');

    // Lei is in the same group; she speaks raw frames, so every refusal is seen as it is sent.
    const lei = await rawSocket(started.url, null);
    lei.send({ v: 1, type: 'hello', role: 'agent', token: AGENT2_TOKEN });
    await lei.next('welcome');
    const id = c.id;
    const attempts: Record<string, object> = {
      join: { type: 'join', conversationId: id },
      history: { type: 'history', conversationId: id, before: seq + 1 },
      note: { type: 'note', conversationId: id, clientMsgId: 'n1', text: 'mine now' },
      tags: { type: 'tags', conversationId: id, tags: ['lei-was-here'] },
      ticket: { type: 'ticket', conversationId: id, action: 'create', note: 'resolved by Lei' },
      typing: { type: 'typing', conversationId: id, on: true },
      read: { type: 'read', conversationId: id, seq },
      send: {
        type: 'send',
        conversationId: id,
        clientMsgId: 'm1',
        content: { kind: 'text', text: 'Lei here' },
      },
      pending: { type: 'pending', conversationId: id, dueAt: Date.now() + 3_600_000 },
      transfer: { type: 'transfer', conversationId: id, to: { agentId: 'lei' } },
      handback: { type: 'handback', conversationId: id },
      close: { type: 'close', conversationId: id, resolution: 'closed by Lei' },
    };
    for (const [name, frame] of Object.entries(attempts)) lei.send({ v: 1, id: `x-${name}`, ...frame });
    await until(() => lei.frames.filter((f) => f.type === 'error').length === 12, 'every attempt answered');
    for (const name of Object.keys(attempts)) {
      const answer = lei.frames.find((f) => f.re === `x-${name}`);
      expect(answer, name).toMatchObject({ type: 'error', code: 'forbidden' });
      expect(answer?.message, name).toMatch(/belongs to Mei; only its owner or a supervisor may/);
    }
    expect(lei.frames.some((f) => f.type === 'conversation' || f.type === 'history.page')).toBe(false);

    // The supervisor may do what the owner does; the shopper sees the ticket hers, and nothing of Lei's.
    const boss = agent(started.url, SUPERVISOR_TOKEN);
    await boss.connect();
    const seen = await boss.join(id);
    // Nothing Lei tried was stored: one note, Mei's; no tags.
    expect(seen.notes.map((n) => n.text)).toEqual(['refund to card ending 4242']);
    expect(seen.state.tags).toBeUndefined();
    await boss.tags(id, ['refund']);
    await boss.ticket(id, 'create', 'refund follow-up');
    await until(() => s.state?.ticket !== undefined, 'the shopper sees the ticket');
    boss.typing(id, true);
    await until(() => typing.includes('Boss'), 'the shopper sees the supervisor typing');
    expect(typing).not.toContain('Lei');
    expect(s.messages.some((m) => m.author.id === 'lei')).toBe(false);
    expect(s.state?.status).toBe('assigned');
    s.close();
    mei.disconnect();
    boss.disconnect();
    lei.ws.close();
  });

  it('lets the group read a waiting conversation, and stops showing it to them once someone takes it', async () => {
    const started = await startHub();
    hub = started.hub;
    const s = await queuedShopper(started.url);
    const lei = await rawSocket(started.url, null);
    lei.send({ v: 1, type: 'hello', role: 'agent', token: AGENT2_TOKEN });
    await lei.next('welcome');
    lei.send({ v: 1, type: 'join', id: 'j1', conversationId: s.conversationId });
    expect(await lei.next('conversation')).toMatchObject({ re: 'j1', conversationId: s.conversationId });
    const mei = agent(started.url);
    await mei.connect();
    const c = await mei.accept(s.conversationId!);
    await until(
      () =>
        lei.frames.some(
          (f) => f.type === 'state' && (f.state as { agent?: { id: string } }).agent?.id === 'mei',
        ),
      'Lei sees Mei took it',
    );
    const { seq } = await mei.send(c.id, 'only for the shopper and Mei');
    await mei.note(c.id, 'only for Mei');
    await until(() => s.lastSeq >= seq, 'delivered');
    lei.send({ v: 1, type: 'history', id: 'h1', conversationId: c.id, before: seq + 1 });
    expect(await lei.next('error')).toMatchObject({ re: 'h1', code: 'forbidden' });
    const text = JSON.stringify(lei.frames);
    expect(text).not.toContain('only for the shopper and Mei');
    expect(text).not.toContain('only for Mei');
    s.close();
    mei.disconnect();
    lei.ws.close();
  });

  it('stores every message of an agent whose id is long (an SSO subject, a hash), and of two agents whose ids share a colon', async () => {
    // Their keys were `a:<agent>:<id>` cut to 64 characters: with a 64-character agent id every
    // message after the first was answered as a retry of it, and agent `x` sending `y:z` was agent `x:y` sending `z`.
    const long = 'f'.repeat(64);
    const started = await startHub({
      agents: [
        { id: long, name: 'Hashed', token: 'agent-token-long-6b1e9d3a7c', groups: ['default'] },
        { id: 'team', name: 'Team', token: 'agent-token-team-0c5f2a8e4d', groups: [], supervisor: true },
        { id: 'team:lead', name: 'Lead', token: 'agent-token-lead-7d4b1f9c2e', groups: [], supervisor: true },
      ],
    });
    hub = started.hub;
    const s = await queuedShopper(started.url);
    const hashed = agent(started.url, 'agent-token-long-6b1e9d3a7c');
    const team = agent(started.url, 'agent-token-team-0c5f2a8e4d');
    const lead = agent(started.url, 'agent-token-lead-7d4b1f9c2e');
    await Promise.all([hashed.connect(), team.connect(), lead.connect()]);
    await hashed.accept(s.conversationId!);
    const first = await hashed.send(s.conversationId!, 'one', { clientMsgId: 'm1' });
    const second = await hashed.send(s.conversationId!, 'two', { clientMsgId: 'm2' });
    expect(second.seq).toBe(first.seq + 1);
    await team.join(s.conversationId!);
    await lead.join(s.conversationId!);
    const byTeam = await team.send(s.conversationId!, 'from team', { clientMsgId: 'lead:x' });
    const byLead = await lead.send(s.conversationId!, 'from lead', { clientMsgId: 'x' });
    expect(byLead.seq).toBe(byTeam.seq + 1);
    await until(
      () => s.messages.some((m) => m.content.kind === 'text' && m.content.text === 'from lead'),
      'delivered',
    );
    const texts = s.messages.flatMap((m) => (m.content.kind === 'text' ? [m.content.text] : []));
    expect(texts).toEqual(expect.arrayContaining(['one', 'two', 'from team', 'from lead']));
    s.close();
    for (const a of [hashed, team, lead]) a.disconnect();
  });
});
