import type { Message } from '@kefu/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createFaqBot } from '../faq/faq-bot.ts';
import { SMALL_KB } from '../faq/test-fixtures.ts';
import type { Hub } from '../hub/create-hub.ts';
import { agent, shopper, startHub, until } from '../testing/hub-fixture.ts';
import type { HubEvents } from './hub-events.ts';

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

async function start(options: Parameters<typeof startHub>[0]): Promise<string> {
  const started = await startHub(options);
  hub = started.hub;
  return started.url;
}

const STILL_QUEUED = '您的排队位置保持不变，人工客服稍后为您服务。';

/** What the bot and the system said after `fromSeq`, in order. */
const saidAfter = (messages: readonly Message[], fromSeq: number) =>
  messages
    .filter((m) => m.seq > fromSeq && m.author.kind !== 'shopper' && m.author.kind !== 'agent')
    .map((m) =>
      m.content.kind === 'text'
        ? `${m.author.kind}: ${m.content.text}`
        : m.content.kind === 'system'
          ? `${m.content.event}: ${m.content.text ?? ''}`
          : `${m.author.kind}: ${m.content.kind}`,
    );

const lastSeqOf = (messages: readonly Message[]) => messages.at(-1)?.seq ?? 0;

/** A zh shopper who asked for a person and waits in the queue. */
async function queuedShopper(url: string) {
  const s = shopper(url, { locale: 'zh-CN' });
  s.connect();
  await until(() => s.status === 'open' && s.messages.length > 0, 'welcome and greeting');
  s.send('我要转人工');
  await until(() => s.state?.status === 'queued', 'queued');
  await until(() => saidAfter(s.messages, 0).some((l) => l.startsWith('queued:')), 'the queued line');
  return s;
}

/** The seq the hub gave the shopper's message `text`, once stored. */
async function storedSeq(s: ReturnType<typeof shopper>, text: string): Promise<number> {
  const find = () =>
    s.messages.find(
      (m) => m.author.kind === 'shopper' && m.content.kind === 'text' && m.content.text === text,
    );
  await until(() => find() !== undefined, `"${text}" stored`);
  return find()!.seq;
}

describe('the bot while the shopper waits for a person', () => {
  it('answers a FAQ question in the queue; the shopper keeps the status, place and priority, and the agent sees the answer', async () => {
    const url = await start({ answer: createFaqBot(SMALL_KB) });
    const escalated: HubEvents['escalated'][] = [];
    hub.on('escalated', (e) => escalated.push(e));
    await queuedShopper(url);
    const s = await queuedShopper(url);
    const id = s.conversationId!;
    await until(() => s.state?.queue?.position === 2, 'second in line');
    const a = agent(url);
    await a.connect();
    const before = a.inbox.find((i) => i.conversationId === id)!;

    const from = lastSeqOf(s.messages);
    s.send('运费怎么算');
    await until(() => saidAfter(s.messages, from).length === 2, 'the answer and the note');
    expect(saidAfter(s.messages, from)).toEqual(['bot: 满 99 元包邮。', `queued: ${STILL_QUEUED}`]);
    expect(s.state).toMatchObject({ status: 'queued', queue: { position: 2 } });
    // The inbox line the bot's messages refreshed: still second, same priority, same time in line.
    await until(
      () => (a.inbox.find((i) => i.conversationId === id)?.lastMessage?.seq ?? 0) === lastSeqOf(s.messages),
      'the inbox line after the note',
    );
    const after = a.inbox.find((i) => i.conversationId === id)!;
    expect(after.state.queue?.position).toBe(2);
    expect([after.priority, after.queuedAt]).toEqual([before.priority, before.queuedAt]);
    expect(escalated).toHaveLength(2);

    const taken = await a.accept(id);
    expect(saidAfter(taken.messages, from).slice(0, 2)).toEqual([
      'bot: 满 99 元包邮。',
      `queued: ${STILL_QUEUED}`,
    ]);
  });

  it('stays silent in the queue on a question it cannot answer outright, then answers the next FAQ question', async () => {
    const url = await start({ answer: createFaqBot(SMALL_KB) });
    const escalated: HubEvents['escalated'][] = [];
    hub.on('escalated', (e) => escalated.push(e));
    const s = await queuedShopper(url);
    const from = lastSeqOf(s.messages);
    s.send('你们老板叫什么名字');
    s.send('运费怎么算');
    // Turns run in the order of the questions: the answer to the second means the first is done.
    await until(() => saidAfter(s.messages, from).length === 2, 'the answer to the FAQ question');
    expect(saidAfter(s.messages, from)).toEqual(['bot: 满 99 元包邮。', `queued: ${STILL_QUEUED}`]);
    expect(s.state?.status).toBe('queued');
    expect(escalated).toHaveLength(1);
  });

  it('tells a queued shopper who asks for a person again that they keep their place, instead of nothing', async () => {
    const url = await start({ answer: createFaqBot(SMALL_KB) });
    const s = await queuedShopper(url);
    const from = lastSeqOf(s.messages);
    s.send('转人工');
    await until(() => saidAfter(s.messages, from).length === 1, 'the note');
    expect(saidAfter(s.messages, from)).toEqual([`queued: ${STILL_QUEUED}`]);
    expect(s.state?.status).toBe('queued');
  });

  it('says the note once a wait: a second answer comes alone', async () => {
    const url = await start({ answer: createFaqBot(SMALL_KB) });
    const s = await queuedShopper(url);
    const from = lastSeqOf(s.messages);
    s.send('运费怎么算');
    await until(() => saidAfter(s.messages, from).length === 2, 'the first answer and the note');
    s.send('退款多久能到账');
    await until(() => saidAfter(s.messages, from).length === 3, 'the second answer');
    expect(saidAfter(s.messages, from)).toEqual([
      'bot: 满 99 元包邮。',
      `queued: ${STILL_QUEUED}`,
      'bot: 审核通过后原路退回，1-7 个工作日到账。',
    ]);
  });

  it('answers an English shopper whose question became a ticket (nobody online), and the ticket stays open', async () => {
    const url = await start({
      answer: createFaqBot(SMALL_KB),
      routing: { assignment: 'manual', ticketWhenUnstaffed: true },
    });
    const s = shopper(url, { locale: 'en-GB' });
    s.connect();
    await until(() => s.status === 'open' && s.messages.length > 0, 'welcome and greeting');
    s.send('talk to a human');
    await until(() => s.state?.status === 'ticket' && s.state.ticket !== undefined, 'a ticket');
    const ticket = s.state!.ticket;
    const from = lastSeqOf(s.messages);
    s.send('how long does a refund take?');
    await until(() => saidAfter(s.messages, from).length === 2, 'the answer and the note');
    expect(saidAfter(s.messages, from)).toEqual([
      'bot: Refunds take 1-7 working days.',
      'notice: Your ticket stays open: our team will still reply here.',
    ]);
    expect(s.state).toMatchObject({ status: 'ticket', ticket });
  });

  it('is silent once an agent has the conversation', async () => {
    const url = await start({ answer: createFaqBot(SMALL_KB) });
    const s = await queuedShopper(url);
    const id = s.conversationId!;
    const queuedAt = lastSeqOf(s.messages);
    s.send('运费怎么算');
    await until(() => saidAfter(s.messages, queuedAt).length === 2, 'answered while queued');
    const a = agent(url);
    await a.connect();
    await a.accept(id);
    await until(() => s.state?.status === 'assigned', 'assigned');
    const from = lastSeqOf(s.messages);
    s.send('运费怎么算');
    s.send('谢谢');
    // The agent's assist for the later message comes at the end of its turn, after the first's.
    const thanks = await storedSeq(s, '谢谢');
    await until(() => a.assistFor(id)?.forSeq === thanks, 'the turn of the later message done');
    expect(saidAfter(s.messages, from)).toEqual([]);
  });

  it('posts nothing once an agent accepted the conversation while the bot was answering', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let asked = 0;
    const url = await start({
      answer: async (q) => {
        if (q.understanding?.intent === 'ask_for_human') return null;
        asked++;
        await held;
        return { content: [{ kind: 'text', text: '满 99 元包邮。' }], confidence: 0.9 };
      },
    });
    const s = await queuedShopper(url);
    const id = s.conversationId!;
    const from = lastSeqOf(s.messages);
    s.send('运费怎么算');
    await until(() => asked === 1, 'the bot answering while queued');
    const a = agent(url);
    await a.connect();
    const taken = await a.accept(id);
    release();
    s.send('在吗');
    const later = await storedSeq(s, '在吗');
    await until(() => a.assistFor(id)?.forSeq === later, 'the turn of the later message done');
    const joined = saidAfter(s.messages, from);
    expect(joined).toHaveLength(1);
    expect(joined[0]).toMatch(/^agent_joined:/);
    expect(saidAfter(a.conversation(id)!.messages, lastSeqOf(taken.messages))).toEqual([]);
  });
});
