import { KefuError } from '@kefu/protocol';
import { type OpenConversation, QaHeldError } from '@kefu/sdk/agent';
import { describe, expect, it, vi } from 'vitest';
import { recordingAttention } from './attention.ts';
import { createConsoleState } from './console-state.ts';
import { QUEUE_SHOWN_PER_GROUP } from './queue-groups.ts';
import { STRINGS } from './strings.ts';
import { conversation, createFakeClient, inboxItem, textMessage } from './testing/fake-client.ts';

const tick = () => new Promise((r) => setTimeout(r, 0));
const MINE = { status: 'assigned' as const, agent: { id: 'mei', name: '小美 Mei' } };

/** A console signed in over a fake client, the hub having assigned it these conversations. */
async function withMine(...ids: string[]) {
  const fake = createFakeClient();
  const state = createConsoleState(fake.client);
  await state.connect();
  fake.emit(
    'inbox',
    ids.map((conversationId) => inboxItem({ conversationId, state: MINE })),
  );
  await tick();
  return { fake, state };
}

/** A console over `fake` showing c1, to which the hub then assigns c2 too (opened behind it). */
async function c2AssignedBehindC1(fake: ReturnType<typeof createFakeClient>) {
  const state = createConsoleState(fake.client);
  await state.connect();
  fake.emit('inbox', [inboxItem({ conversationId: 'c1', state: MINE })]);
  await tick();
  fake.emit('inbox', [
    inboxItem({ conversationId: 'c1', state: MINE }),
    inboxItem({ conversationId: 'c2', state: MINE }),
  ]);
  await tick();
  return state;
}

describe('console state', () => {
  it('groups queued conversations per group, highest priority then longest wait first', async () => {
    const fake = createFakeClient();
    const state = createConsoleState(fake.client);
    await state.connect();
    fake.emit('inbox', [
      inboxItem({ conversationId: 'a', queuedAt: 3_000 }),
      inboxItem({ conversationId: 'b', queuedAt: 1_000 }),
      inboxItem({ conversationId: 'v', queuedAt: 5_000, priority: 10 }),
      inboxItem({ conversationId: 'l', state: { status: 'queued', group: 'logistics' } }),
      inboxItem({ conversationId: 'x', state: { status: 'bot' } }),
    ]);
    expect(
      state.queuedByGroup.value.map(({ group, items }) => [group, items.map((i) => i.conversationId)]),
    ).toEqual([
      ['default', ['v', 'b', 'a']],
      ['logistics', ['l']],
    ]);
    state.dispose();
  });

  it('keeps each group in order through a series of updates, removals and group moves', async () => {
    const fake = createFakeClient();
    const state = createConsoleState(fake.client);
    await state.connect();
    const ids = () =>
      state.queuedByGroup.value.map(({ group, items, total }) => [
        group,
        total,
        items.map((i) => i.conversationId),
      ]);
    // As the agent client sends them: the whole inbox, the item an update names replaced.
    const held = new Map<string, ReturnType<typeof inboxItem>>();
    const update = (item?: ReturnType<typeof inboxItem>, removed?: string) => {
      if (item) held.set(item.conversationId, item);
      if (removed) held.delete(removed);
      fake.emit('inbox', [...held.values()]);
      return ids();
    };
    update(inboxItem({ conversationId: 'a', queuedAt: 3_000 }));
    update(inboxItem({ conversationId: 'b', queuedAt: 1_000 }));
    expect(update(inboxItem({ conversationId: 'c', queuedAt: 2_000 }))).toEqual([
      ['default', 3, ['b', 'c', 'a']],
    ]);
    // Moved to logistics, then raised in priority there, then a ticket: each lists it once, in its place.
    update(
      inboxItem({ conversationId: 'l', queuedAt: 500, state: { status: 'queued', group: 'logistics' } }),
    );
    expect(
      update(
        inboxItem({ conversationId: 'c', queuedAt: 2_000, state: { status: 'queued', group: 'logistics' } }),
      ),
    ).toEqual([
      ['default', 2, ['b', 'a']],
      ['logistics', 2, ['l', 'c']],
    ]);
    expect(
      update(
        inboxItem({
          conversationId: 'c',
          queuedAt: 2_000,
          priority: 5,
          state: { status: 'queued', group: 'logistics' },
        }),
      ),
    ).toEqual([
      ['default', 2, ['b', 'a']],
      ['logistics', 2, ['c', 'l']],
    ]);
    expect(update(inboxItem({ conversationId: 'a', state: { status: 'ticket' } }))).toEqual([
      ['default', 1, ['b']],
      ['logistics', 2, ['c', 'l']],
      ['tickets', 1, ['a']],
    ]);
    // Accepted by a colleague (still in a supervisor's inbox), then gone: neither waits any more.
    update(
      inboxItem({ conversationId: 'b', state: { status: 'assigned', agent: { id: 'lei', name: 'Lei' } } }),
    );
    expect(update(undefined, 'l')).toEqual([
      ['logistics', 1, ['c']],
      ['tickets', 1, ['a']],
    ]);
    // The same after a reconnect's welcome replaces the whole inbox at once.
    fake.emit('inbox', [...held.values()].reverse());
    expect(ids()).toEqual([
      ['logistics', 1, ['c']],
      ['tickets', 1, ['a']],
    ]);
    expect(state.queuedCount.value).toBe(2);
    state.dispose();
  });

  it("shows a flooded group's first rows and counts the rest, the next one filling in as one is taken", async () => {
    const fake = createFakeClient();
    const state = createConsoleState(fake.client);
    await state.connect();
    const flood = Array.from({ length: QUEUE_SHOWN_PER_GROUP + 30 }, (_, i) =>
      inboxItem({ conversationId: `f${String(i).padStart(3, '0')}`, queuedAt: 1_000 + i }),
    );
    const inbox: ReturnType<typeof inboxItem>[] = [];
    for (const item of flood) {
      inbox.push(item);
      fake.emit('inbox', [...inbox]);
    }
    const [group] = state.queuedByGroup.value;
    expect(group?.total).toBe(flood.length);
    expect(group?.items.map((i) => i.conversationId)).toEqual(
      flood.slice(0, QUEUE_SHOWN_PER_GROUP).map((i) => i.conversationId),
    );
    expect(state.queuedCount.value).toBe(flood.length);
    fake.emit('inbox', inbox.slice(1));
    expect(state.queuedByGroup.value[0]?.items.at(-1)?.conversationId).toBe(
      flood[QUEUE_SHOWN_PER_GROUP]!.conversationId,
    );
    expect(state.queuedByGroup.value[0]?.total).toBe(flood.length - 1);
    state.dispose();
  });

  it('shows the status the agent chose in another tab', async () => {
    const fake = createFakeClient();
    const state = createConsoleState(fake.client);
    await state.connect();
    expect(state.agentStatus.value).toBe('online');
    fake.emit('agentStatus', 'away');
    expect(state.agentStatus.value).toBe('away');
    state.dispose();
  });

  it('opens what the hub assigned to me by itself, and chimes for it only with sound on', async () => {
    const { attention, chimes } = recordingAttention();
    const fake = createFakeClient();
    const state = createConsoleState(fake.client, { attention });
    await state.connect();
    const mine = { status: 'assigned' as const, agent: { id: 'mei', name: 'Mei' } };
    fake.emit('inbox', [inboxItem({ conversationId: 'c1', state: mine })]);
    await tick();
    expect(fake.calls.filter((c) => c.method === 'join').map((c) => c.args[0])).toEqual(['c1']);
    expect(state.activeId.value).toBe('c1');
    expect(chimes).toHaveLength(0); // sound is off by default
    state.sound.value = true;
    fake.emit('inbox', [
      inboxItem({ conversationId: 'c1', state: mine }),
      inboxItem({ conversationId: 'c2', state: mine }),
    ]);
    await tick();
    expect(chimes).toHaveLength(1);
    // Said to a screen reader too, which hears no chime (and no notification of a visible page).
    expect(state.announcement.value).toBe(`${STRINGS.zh.newConversation}: ${STRINGS.zh.visitor('s-c2')}`);
    // A second one opens beside the first without taking the agent away from it.
    expect(state.open.value.map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(state.activeId.value).toBe('c1');
    state.dispose();
  });

  it('announces conversations that come together as one line, with one chime and one notification', async () => {
    const { attention, chimes, notes } = recordingAttention();
    const fake = createFakeClient();
    const state = createConsoleState(fake.client, { attention });
    await state.connect();
    fake.emit('inbox', [inboxItem({ conversationId: 'c0' })]);
    await tick();
    await attention.requestPermission();
    state.sound.value = true;
    // Back from a dropped connection: four shoppers asked for a person meanwhile.
    fake.emit(
      'inbox',
      ['c0', 'c1', 'c2', 'c3', 'c4'].map((conversationId) => inboxItem({ conversationId })),
    );
    await tick();
    const zh = STRINGS.zh;
    // Four announcements replaced each other at once: the screen reader heard "新会话: 访客 s-c4" alone.
    expect(state.announcement.value).toBe(
      `${zh.newConversations(4)}: ${zh.visitor('s-c1')}, ${zh.visitor('s-c2')}, ${zh.visitor('s-c3')}, …`,
    );
    expect(chimes).toHaveLength(1);
    expect(notes).toHaveLength(1);
    state.dispose();
  });

  it('names the shopper of each new conversation, so two asking for a person in the same words are both heard', async () => {
    const fake = createFakeClient();
    const state = createConsoleState(fake.client);
    await state.connect();
    fake.emit('inbox', []);
    const asked = (conversationId: string) =>
      inboxItem({
        conversationId,
        lastMessage: { seq: 1, authorKind: 'shopper', preview: '转人工', at: 2_000 },
      });
    fake.emit('inbox', [asked('c1')]);
    await tick();
    const first = state.announcement.value;
    fake.emit('inbox', [asked('c1'), asked('c2')]);
    await tick();
    // The same words twice are no change to a live region: the second went unsaid.
    expect(state.announcement.value).not.toBe(first);
    expect(state.announcement.value).toBe(
      `${STRINGS.zh.newConversation}: ${STRINGS.zh.visitor('s-c2')} · 转人工`,
    );
    state.dispose();
  });

  it('joins again a conversation whose tab is open when the hub gives it back to me (a returning shopper)', async () => {
    const { fake, state } = await withMine('c1');
    const mine = MINE;
    // Closed, then the shopper wrote again and the bot took it: the hub's feed to this tab ends here.
    const c1 = fake.conversations.get('c1')!;
    c1.state = { ...mine, status: 'closed' };
    fake.emit('state', { conversationId: 'c1', state: c1.state });
    c1.state = { status: 'bot', group: 'default' };
    fake.emit('state', { conversationId: 'c1', state: c1.state });
    expect(state.active.value?.state.status).toBe('bot');
    // Routed back to me: the hub has it as mine again, and the tab must follow it live.
    c1.state = mine;
    c1.messages = [textMessage('c1', 1, 'shopper', '又是我')];
    fake.emit('inbox', [inboxItem({ conversationId: 'c1', state: mine })]);
    await tick();
    expect(fake.calls.filter((c) => c.method === 'join').map((c) => c.args[0])).toEqual(['c1', 'c1']);
    expect(state.active.value?.state.status).toBe('assigned');
    expect(state.active.value?.messages.map((m) => m.seq)).toEqual([1]);
    // Already current: no join on every inbox update.
    fake.emit('inbox', [inboxItem({ conversationId: 'c1', state: mine })]);
    await tick();
    expect(fake.calls.filter((c) => c.method === 'join')).toHaveLength(2);
    state.dispose();
  });

  it('names the shopper, not the conversation id, when a colleague accepted first', async () => {
    const fake = createFakeClient({
      onAccept: (id) => {
        // The hub tells the inbox first: the conversation is no longer waiting for me.
        fake.emit('inbox', []);
        throw new KefuError('conflict', `conversation ${id} was taken by someone else`);
      },
    });
    const state = createConsoleState(fake.client, { lang: 'en' });
    await state.connect();
    fake.emit('inbox', [
      inboxItem({ conversationId: 'c_x1', shopper: { id: 's1', name: 'Ann', identified: true } }),
    ]);
    expect(await state.openConversation('c_x1')).toBe(false);
    expect(state.flash.value).toBe(STRINGS.en.takenByColleague('Ann'));
    expect(state.flash.value).not.toContain('c_x1');
    state.dispose();
  });

  it('counts the shopper messages of a conversation not shown, until the agent shows it', async () => {
    const { fake, state } = await withMine('c1');
    fake.emit('inbox', [
      inboxItem({ conversationId: 'c1', state: MINE }),
      inboxItem({ conversationId: 'c2', state: MINE }),
    ]);
    await tick();
    expect(state.activeId.value).toBe('c1');
    fake.emit('message', { conversationId: 'c2', message: textMessage('c2', 1, 'shopper', '在吗') });
    fake.emit('message', { conversationId: 'c2', message: textMessage('c2', 2, 'shopper', '快递呢') });
    fake.emit('message', { conversationId: 'c1', message: textMessage('c1', 1, 'shopper', '你好') });
    fake.emit('message', { conversationId: 'c2', message: textMessage('c2', 3, 'bot', '请稍等') });
    expect(state.unread.value).toEqual({ c2: 2 });
    state.next();
    expect(state.unread.value).toEqual({});
    state.dispose();
  });

  it('stops counting a conversation once I answered it from another tab of mine, not once a colleague did', async () => {
    const { fake, state } = await withMine('c1');
    fake.emit('inbox', [
      inboxItem({ conversationId: 'c1', state: MINE }),
      inboxItem({ conversationId: 'c2', state: MINE }),
      inboxItem({ conversationId: 'c3', state: MINE }),
    ]);
    await tick();
    for (const id of ['c2', 'c3'])
      fake.emit('message', { conversationId: id, message: textMessage(id, 1, 'shopper', '在吗') });
    expect(state.unread.value).toEqual({ c2: 1, c3: 1 });
    fake.emit('message', { conversationId: 'c2', message: textMessage('c2', 2, 'agent', '在的') });
    const colleague = {
      ...textMessage('c3', 2, 'agent', '您好'),
      author: { kind: 'agent' as const, id: 'lei' },
    };
    fake.emit('message', { conversationId: 'c3', message: colleague });
    expect(state.unread.value).toEqual({ c3: 1 });
    state.dispose();
  });

  it('counts what the shopper wrote before a conversation opened behind the one shown, and marks it read only once shown', async () => {
    const fake = createFakeClient({
      conversations: [
        conversation({
          id: 'c2',
          messages: [
            textMessage('c2', 1, 'shopper', '在吗'),
            textMessage('c2', 2, 'bot', '正在为您转人工'),
            textMessage('c2', 3, 'shopper', '快递三天没动了'),
          ],
        }),
      ],
    });
    const state = await c2AssignedBehindC1(fake);
    expect(state.activeId.value).toBe('c1');
    expect(state.unread.value).toEqual({ c2: 2 });
    expect(fake.calls.filter((c) => c.method === 'markRead' && c.args[0] === 'c2')).toEqual([]);
    fake.emit('message', { conversationId: 'c2', message: textMessage('c2', 4, 'shopper', '人呢') });
    expect(state.unread.value).toEqual({ c2: 3 });
    state.activate('c2');
    expect(state.unread.value).toEqual({});
    expect(
      fake.calls.filter((c) => c.method === 'markRead' && c.args[0] === 'c2').map((c) => c.args),
    ).toEqual([['c2', 4]]);
    state.dispose();
  });

  it('counts what a re-join’s snapshot brought after a reconnect as unread, and not older messages loaded on request', async () => {
    const held = (id: string, ...seqs: number[]) =>
      conversation({ id, messages: seqs.map((n) => textMessage(id, n, 'shopper', `#${n}`)) });
    const c1 = held('c1', 1);
    const c2 = held('c2', 10, 11);
    const fake = createFakeClient({ conversations: [c1, c2] });
    const state = await c2AssignedBehindC1(fake);
    expect(state.unread.value).toEqual({ c2: 2 });
    state.activate('c2');
    state.activate('c1');
    // Back from an outage: the client's re-join puts what came meanwhile in its copy, and says
    // `conversation`, with no `message` event; then a gap fill below it, and earlier history.
    c2.messages.push(textMessage('c2', 14, 'shopper', '人呢'), textMessage('c2', 15, 'bot', '请稍等'));
    fake.emit('conversation', c2);
    c2.messages.splice(2, 0, textMessage('c2', 12, 'shopper', '在吗'), textMessage('c2', 13, 'agent', '在'));
    fake.emit('conversation', c2);
    c2.messages.unshift(textMessage('c2', 9, 'shopper', '昨天的'));
    fake.emit('conversation', c2);
    expect(state.unread.value).toEqual({ c2: 2 });
    // Shown, what came is marked read.
    c1.messages.push(textMessage('c1', 2, 'shopper', '还在吗'));
    fake.emit('conversation', c1);
    expect(fake.calls.filter((c) => c.method === 'markRead' && c.args[0] === 'c1').at(-1)?.args).toEqual([
      'c1',
      2,
    ]);
    state.dispose();
  });

  it('counts what the shown conversation’s shopper writes while the desk is off screen, and reads it once back', async () => {
    const { fake, state } = await withMine('c1');
    expect(state.activeId.value).toBe('c1');
    const marked = () => fake.calls.filter((c) => c.method === 'markRead').map((c) => c.args);
    const before = marked().length;
    // The page hidden (the agent in the shop's order system) or the dashboard open.
    state.setOnScreen(false);
    fake.emit('message', { conversationId: 'c1', message: textMessage('c1', 1, 'shopper', '在吗') });
    fake.emit('message', { conversationId: 'c1', message: textMessage('c1', 2, 'shopper', '人呢') });
    expect(state.unread.value).toEqual({ c1: 2 });
    expect(marked()).toHaveLength(before);
    state.setOnScreen(true);
    expect(state.unread.value).toEqual({});
    expect(marked().at(-1)).toEqual(['c1', 2]);
    state.dispose();
  });

  it('forgets that a shopper was typing when the connection drops: the hub’s "stopped" would be lost with it', async () => {
    const { fake, state } = await withMine('c1');
    fake.emit('typing', { conversationId: 'c1', on: true });
    expect(state.typing.value).toEqual({ c1: true });
    fake.emit('connection', { status: 'reconnecting' });
    fake.emit('connection', { status: 'open' });
    expect(state.typing.value.c1).toBeFalsy();
    state.dispose();
  });

  it('stops showing "typing" the shopper has not renewed for 10 s (they paused with the box focused)', async () => {
    // The console's clock only: the test's own waits stay real.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    try {
      const { fake, state } = await withMine('c1');
      fake.emit('typing', { conversationId: 'c1', on: true });
      await vi.advanceTimersByTimeAsync(3_000);
      fake.emit('typing', { conversationId: 'c1', on: true });
      await vi.advanceTimersByTimeAsync(9_000);
      expect(state.typing.value.c1).toBe(true);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(state.typing.value.c1).toBe(false);
      state.dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('accepts a queued conversation, and j/k move between open ones', async () => {
    const fake = createFakeClient();
    const state = createConsoleState(fake.client);
    await state.connect();
    fake.emit('inbox', [inboxItem({ conversationId: 'q1' }), inboxItem({ conversationId: 'q2' })]);
    await state.openConversation('q1');
    await state.openConversation('q2');
    expect(fake.calls.filter((c) => c.method === 'accept').map((c) => c.args[0])).toEqual(['q1', 'q2']);
    expect(state.activeId.value).toBe('q2');
    state.next();
    expect(state.activeId.value).toBe('q1');
    state.prev();
    expect(state.activeId.value).toBe('q2');
    await state.closeTab('q2');
    expect(state.activeId.value).toBe('q1');
    expect(fake.calls.some((c) => c.method === 'leave' && c.args[0] === 'q2')).toBe(true);
    state.dispose();
  });

  it('keeps a message quality inspection held back, and sends it with override when asked', async () => {
    const fake = createFakeClient({
      onSend: (_id, _text, override) => {
        if (!override)
          throw new QaHeldError([
            {
              ruleId: 'no-absolute-promises',
              severity: 'block',
              message: 'No absolute promises',
              matches: ['保证'],
            },
          ]);
      },
    });
    const state = createConsoleState(fake.client);
    await state.connect();
    state.setDraft('c1', '我们保证明天送到');
    expect(await state.send('c1', '我们保证明天送到')).toBe(false);
    expect(state.held.value.c1?.violations[0]?.matches).toEqual(['保证']);
    expect(state.drafts.value.c1).toBe('我们保证明天送到');
    expect(await state.send('c1', '我们保证明天送到', true)).toBe(true);
    expect(state.held.value.c1).toBeUndefined();
    expect(state.drafts.value.c1).toBe('');
    expect(fake.calls.filter((c) => c.method === 'send').map((c) => c.args.slice(1))).toEqual([
      ['我们保证明天送到', false],
      ['我们保证明天送到', true],
    ]);
    state.dispose();
  });

  it('shows a reply the hub has not answered yet as sending, not as failed, until it is stored', async () => {
    let answer = () => {};
    const fake = createFakeClient({
      onSend: () =>
        new Promise<void>((resolve) => {
          answer = resolve;
        }),
    });
    const state = createConsoleState(fake.client);
    await state.connect();
    state.setDraft('c1', '退款已处理');
    const sent = state.send('c1', '退款已处理');
    await tick();
    expect(state.sending.value).toEqual({ c1: true });
    expect(state.flash.value).toBeUndefined();
    expect(state.drafts.value.c1).toBe('退款已处理');
    answer();
    expect(await sent).toBe(true);
    expect(state.sending.value).toEqual({});
    expect(state.drafts.value.c1).toBe('');
    state.dispose();
  });

  it('sends a reply again under the id of the send that failed, so a send stored after all is not doubled', async () => {
    const ids: Array<string | undefined> = [];
    let failures = 1;
    const fake = createFakeClient({
      onSend: (_id, _text, _override, clientMsgId) => {
        ids.push(clientMsgId);
        // As the agent client reports a send cut short by a disconnect (the hub may have stored it).
        if (failures-- > 0)
          throw new KefuError('connection_lost', 'the agent client disconnected before the hub answered');
      },
    });
    const state = createConsoleState(fake.client);
    await state.connect();
    state.setDraft('c1', '退款已处理');
    expect(await state.send('c1', '退款已处理')).toBe(false);
    expect(state.drafts.value.c1).toBe('退款已处理');
    expect(await state.send('c1', '退款已处理')).toBe(true);
    // A new reply, even with the same words, is a new message.
    expect(await state.send('c1', '退款已处理')).toBe(true);
    expect(ids[0]).toBeTruthy();
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[0]);
    state.dispose();
  });

  it('says a close lost with its connection is to be tried again, not that the hub failed', async () => {
    const fake = createFakeClient();
    fake.client.close = () =>
      Promise.reject(
        new KefuError(
          'connection_lost',
          'the connection to the hub was lost before it answered close; it may not have been done: try again',
        ),
      );
    const state = createConsoleState(fake.client, { lang: 'zh' });
    await state.connect();
    expect(await state.close('c1', 'resolved')).toBe(false);
    expect(state.flash.value).toBe(STRINGS.zh.failed('与服务器的连接断开了，请重试'));
    state.lang.value = 'en';
    expect(await state.close('c1', 'resolved')).toBe(false);
    expect(state.flash.value).toBe('Failed: connection lost, try again');
    state.dispose();
  });

  it('shows an error the hub sends unasked in the console’s language, not the hub’s English', async () => {
    const fake = createFakeClient();
    const state = createConsoleState(fake.client, { lang: 'zh' });
    await state.connect();
    fake.emit('error', { code: 'rate_limited', message: 'too many frames, slow down', retryable: true });
    expect(state.flash.value).toBe(STRINGS.zh.actionRefused.rate_limited);
    state.dispose();
  });

  it.each([
    ['not_found', 'conversationErased'],
    ['forbidden', 'conversationNoLonger'],
  ] as const)(
    'closes the tab of a conversation whose re-join after a reconnect is refused (%s), saying why',
    async (code, words) => {
      const c = conversation({ id: 'c1', messages: [textMessage('c1', 1, 'shopper', '在吗')] });
      const other = conversation({ id: 'c2', messages: [textMessage('c2', 1, 'shopper', '你好')] });
      const fake = createFakeClient({ conversations: [c, other] });
      const state = createConsoleState(fake.client, { lang: 'zh' });
      await state.connect();
      await state.openConversation('c2');
      await state.openConversation('c1');
      const who =
        state.open.value.find((o) => o.id === 'c1')!.shopper.name ?? STRINGS.zh.visitor(c.shopper.id);
      fake.emit('error', { code, message: 'no conversation c1', retryable: false, conversationId: 'c1' });
      expect(state.open.value.map((o) => o.id)).toEqual(['c2']);
      expect(state.active.value?.id).toBe('c2');
      expect(state.flash.value).toBe(STRINGS.zh[words](who));
      state.dispose();
    },
  );

  it.each([
    ['server_shutdown', 1001, 'the hub is shutting down; reconnect and resume'],
    ['bus_outage', 4503, 'the hub was cut off from its bus; reconnect and resume'],
  ] as const)(
    'flashes nothing when the hub ends the connection with %s: the header says Reconnecting',
    async (code, close, message) => {
      const fake = createFakeClient();
      const state = createConsoleState(fake.client, { lang: 'zh' });
      await state.connect();
      fake.emit('error', { code, message, retryable: true });
      fake.emit('connection', { status: 'reconnecting', code: close, reason: `${code}: ${message}` });
      expect(state.connection.value).toBe('reconnecting');
      fake.emit('connection', { status: 'open' });
      expect(state.flash.value).toBeUndefined();
      state.dispose();
    },
  );

  it('follows the transcript as messages arrive, and a transfer closes the tab', async () => {
    const c = conversation({ id: 'c1', messages: [textMessage('c1', 1, 'shopper', '在吗')] });
    const fake = createFakeClient({ conversations: [c] });
    const state = createConsoleState(fake.client);
    await state.connect();
    await state.openConversation('c1');
    c.messages.push(textMessage('c1', 2, 'shopper', '我的快递呢'));
    fake.emit('message', { conversationId: 'c1', message: c.messages[1]! });
    expect(state.active.value?.messages.map((m) => m.seq)).toEqual([1, 2]);
    expect(fake.calls.filter((x) => x.method === 'markRead').map((x) => x.args)).toEqual([
      ['c1', 1],
      ['c1', 2],
    ]);
    expect(await state.transfer('c1', { agentId: 'lei' }, ' 物流问题 ')).toBe(true);
    expect(fake.calls.find((x) => x.method === 'transfer')?.args).toEqual([
      'c1',
      { agentId: 'lei' },
      '物流问题',
    ]);
    expect(state.open.value).toEqual([]);
    state.dispose();
  });

  it('closes a conversation of mine handed on from my other tab and says to whom', async () => {
    const fake = createFakeClient({
      conversations: ['c1', 'c2', 'c3'].map((id) => conversation({ id })),
    });
    const state = createConsoleState(fake.client, { lang: 'en' });
    await state.connect();
    for (const id of ['c1', 'c2', 'c3']) await state.openConversation(id);
    const handOn = (id: string, next: OpenConversation['state']) => {
      fake.conversations.get(id)!.state = next;
      fake.emit('state', { conversationId: id, state: next });
    };
    const en = STRINGS.en;
    handOn('c1', { status: 'assigned', agent: { id: 'lei', name: '李雷 Lei' } });
    expect(state.flash.value).toBe(en.handedOn(en.visitor('s-c1'), '李雷 Lei'));
    handOn('c2', { status: 'queued', group: 'after-sale' });
    expect(state.flash.value).toBe(en.handedToQueue(en.visitor('s-c2'), en.group('after-sale')));
    handOn('c3', { status: 'bot' });
    expect(state.flash.value).toBe(en.handedToBot(en.visitor('s-c3')));
    expect(state.open.value).toEqual([]);
    state.dispose();
  });

  it('says nothing of a transfer made in this tab when the hub’s new state comes before its answer', async () => {
    const fake = createFakeClient({ conversations: [conversation({ id: 'c1' })] });
    const transfer = fake.client.transfer;
    const state = createConsoleState(
      {
        ...fake.client,
        async transfer(id, to, note) {
          const next = { status: 'assigned' as const, agent: { id: 'lei', name: '李雷 Lei' } };
          fake.conversations.get(id)!.state = next;
          fake.emit('state', { conversationId: id, state: next });
          await transfer(id, to, note);
        },
      },
      { lang: 'en' },
    );
    await state.connect();
    await state.openConversation('c1');
    expect(await state.transfer('c1', { agentId: 'lei' })).toBe(true);
    expect(state.flash.value).toBeUndefined();
    expect(state.open.value).toEqual([]);
    state.dispose();
  });

  it('drops the alerts of a conversation the agent transferred, handed back or closed, and keeps the others', async () => {
    const fake = createFakeClient({
      conversations: ['c1', 'c2', 'c3', 'c4'].map((id) => conversation({ id })),
    });
    const state = createConsoleState(fake.client);
    await state.connect();
    const alert = (conversationId: string) =>
      fake.emit('alert', {
        kind: 'sla_breach',
        conversationId,
        message: 'first response is overdue',
        at: 1,
      });
    for (const id of ['c1', 'c2', 'c3', 'c4']) {
      await state.openConversation(id);
      alert(id);
    }
    expect(await state.transfer('c1', { agentId: 'lei' })).toBe(true);
    expect(await state.handback('c2')).toBe(true);
    expect(await state.close('c3', 'resolved')).toBe(true);
    expect(state.alerts.value.map((a) => a.conversationId)).toEqual(['c4']);
    state.dispose();
  });

  it('drops a conversation’s response alerts once an agent replies in it, and keeps its resolution alert and the others’', async () => {
    const c1 = conversation({ id: 'c1', messages: [textMessage('c1', 1, 'shopper', '在吗')] });
    const fake = createFakeClient({ conversations: [c1, conversation({ id: 'c2' })] });
    const state = createConsoleState(fake.client);
    await state.connect();
    await state.openConversation('c1');
    const alert = (
      conversationId: string,
      kind: 'sla_breach' | 'sla_near_breach' | 'follow_up_due',
      metric?: 'first_response' | 'next_response' | 'resolution',
    ) => fake.emit('alert', { kind, conversationId, message: 'x', at: 1, ...(metric ? { metric } : {}) });
    alert('c1', 'sla_breach', 'first_response');
    alert('c1', 'sla_near_breach', 'next_response');
    alert('c1', 'follow_up_due');
    alert('c1', 'sla_near_breach', 'resolution');
    alert('c2', 'sla_breach', 'first_response');
    c1.messages.push(textMessage('c1', 2, 'shopper', '快递呢'));
    fake.emit('message', { conversationId: 'c1', message: c1.messages[1]! });
    expect(state.alerts.value).toHaveLength(5);
    c1.messages.push(textMessage('c1', 3, 'agent', '在的，我查一下'));
    fake.emit('message', { conversationId: 'c1', message: c1.messages[2]! });
    expect(state.alerts.value.map((a) => [a.conversationId, a.kind, a.metric])).toEqual([
      ['c2', 'sla_breach', 'first_response'],
      ['c1', 'sla_near_breach', 'resolution'],
    ]);
    state.dispose();
  });

  it('drops a conversation’s overdue alert once my reply is stored, even when no message event tells it (a reply sent offline)', async () => {
    const fake = createFakeClient();
    const state = createConsoleState(fake.client);
    await state.connect();
    await state.openConversation('c1');
    fake.emit('alert', {
      kind: 'sla_breach',
      conversationId: 'c1',
      message: 'x',
      at: 1,
      metric: 'first_response',
    });
    expect(state.alerts.value).toHaveLength(1);
    // After a reconnect the reply comes back inside the re-join's snapshot, not as a `message`.
    expect(await state.send('c1', '网络断了时发的回复')).toBe(true);
    expect(state.alerts.value).toEqual([]);
    state.dispose();
  });

  it('replaces a clock’s "almost due" alert with its "overdue" one, and keeps other clocks’ and conversations’', async () => {
    const fake = createFakeClient({
      conversations: [conversation({ id: 'c1' }), conversation({ id: 'c2' })],
    });
    const state = createConsoleState(fake.client);
    await state.connect();
    const alert = (
      conversationId: string,
      kind: 'sla_breach' | 'sla_near_breach',
      metric: 'first_response' | 'resolution',
    ) => fake.emit('alert', { kind, conversationId, message: 'x', at: 1, metric });
    alert('c1', 'sla_near_breach', 'first_response');
    alert('c1', 'sla_near_breach', 'resolution');
    alert('c2', 'sla_near_breach', 'first_response');
    alert('c1', 'sla_breach', 'first_response');
    expect(state.alerts.value.map((a) => [a.conversationId, a.kind, a.metric])).toEqual([
      ['c1', 'sla_breach', 'first_response'],
      ['c2', 'sla_near_breach', 'first_response'],
      ['c1', 'sla_near_breach', 'resolution'],
    ]);
    state.dispose();
  });

  it('fills canned variables from the open conversation', async () => {
    const fake = createFakeClient({
      conversations: [
        conversation({
          id: 'c1',
          shopper: { id: 's1', name: '王女士', identified: true },
          page: { orderId: 'KF1001', product: { id: 'p1', title: '羊毛开衫' } },
        }),
      ],
    });
    const state = createConsoleState(fake.client);
    await state.connect();
    await state.openConversation('c1');
    expect(state.cannedContext('c1')).toEqual({
      name: '王女士',
      orderId: 'KF1001',
      product: '羊毛开衫',
      agent: '小美 Mei',
    });
    state.dispose();
  });

  it('tells the hub which suggestion a reply came from, even after edits, and only for that reply', async () => {
    const fake = createFakeClient({ conversations: [conversation({ id: 'c1' })] });
    const state = createConsoleState(fake.client);
    await state.connect();
    await state.openConversation('c1');
    state.setDraft('c1', '付款后 48 小时内发货。');
    state.suggested('c1', { kind: 'kb', id: 'zh-ship-time' });
    state.setDraft('c1', '您好，付款后 48 小时内发货。');
    expect(await state.send('c1', state.drafts.value.c1!)).toBe(true);
    expect(await state.send('c1', '还有别的问题吗？')).toBe(true);
    expect(fake.calls.filter((c) => c.method === 'send').map((c) => c.args.slice(1))).toEqual([
      ['您好，付款后 48 小时内发货。', false, { kind: 'kb', id: 'zh-ship-time' }],
      ['还有别的问题吗？', false],
    ]);
    state.dispose();
  });

  it('forgets the suggestion when the agent empties the draft and writes their own', async () => {
    const fake = createFakeClient({ conversations: [conversation({ id: 'c1' })] });
    const state = createConsoleState(fake.client);
    await state.connect();
    await state.openConversation('c1');
    state.setDraft('c1', '我帮您查一下物流');
    state.suggested('c1', { kind: 'canned', id: 'track-zh' });
    state.setDraft('c1', '');
    await state.send('c1', '稍等');
    expect(fake.calls.find((c) => c.method === 'send')?.args).toEqual(['c1', '稍等', false]);
    state.dispose();
  });

  it('keeps the suggestion through a quality hold, for the send anyway', async () => {
    const fake = createFakeClient({
      conversations: [conversation({ id: 'c1' })],
      onSend: (_id, _text, override) => {
        if (!override) throw new QaHeldError([{ ruleId: 'r', severity: 'block', message: 'held' }]);
      },
    });
    const state = createConsoleState(fake.client);
    await state.connect();
    await state.openConversation('c1');
    state.suggested('c1', { kind: 'canned', id: 'resend-zh' });
    expect(await state.send('c1', '保证补发')).toBe(false);
    expect(await state.send('c1', '保证补发', true)).toBe(true);
    expect(fake.calls.filter((c) => c.method === 'send').map((c) => c.args.slice(2))).toEqual([
      [false, { kind: 'canned', id: 'resend-zh' }],
      [true, { kind: 'canned', id: 'resend-zh' }],
    ]);
    expect(state.suggestions.value).toEqual({});
    state.dispose();
  });

  it('opens an earlier conversation read-only: joins it even while it waits in the queue', async () => {
    const fake = createFakeClient();
    const state = createConsoleState(fake.client);
    await state.connect();
    fake.emit('inbox', [inboxItem({ conversationId: 'q1' })]);
    expect(await state.viewConversation('q1')).toBe(true);
    expect(
      fake.calls.filter((c) => c.method === 'join' || c.method === 'accept').map((c) => c.method),
    ).toEqual(['join']);
    expect(state.activeId.value).toBe('q1');
    state.dispose();
  });

  it('saves tags through the client and shows them from the state the hub sends back', async () => {
    const fake = createFakeClient({ conversations: [conversation({ id: 'c1' })] });
    const state = createConsoleState(fake.client);
    await state.connect();
    await state.openConversation('c1');
    expect(await state.tags('c1', ['refund', 'size'])).toBe(true);
    expect(fake.calls.find((c) => c.method === 'tags')?.args).toEqual(['c1', ['refund', 'size']]);
    expect(state.active.value?.state.tags).toEqual(['refund', 'size']);
    state.dispose();
  });
});
