import { KefuError } from '@kefu/protocol';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ALL_SHOWN, previewOf } from '../console-inbox.ts';
import { createConsoleState } from '../console-state.ts';
import { QUEUE_SHOWN_PER_GROUP } from '../queue-groups.ts';
import { STRINGS } from '../strings.ts';
import { createFakeClient, inboxItem } from '../testing/fake-client.ts';
import { Inbox } from './inbox.tsx';

afterEach(cleanup);
const en = STRINGS.en;

async function setup(supervisor = false, options: Parameters<typeof createFakeClient>[0] = {}) {
  const fake = createFakeClient({ ...options, profile: { supervisor, ...options.profile } });
  const now = 100_000;
  const state = createConsoleState(fake.client, { lang: 'en', now: () => now });
  await state.connect();
  state.clock.value = now;
  fake.emit('inbox', [
    inboxItem({
      conversationId: 'q1',
      shopper: { id: 's1', name: 'Ann', identified: true, tier: 'VIP' },
      queuedAt: 40_000,
      priority: 10,
      sla: { metric: 'first_response', startedAt: 40_000, dueAt: 115_000, state: 'running' },
      lastMessage: { seq: 3, authorKind: 'shopper', preview: '转人工', at: 40_000 },
    }),
    inboxItem({
      conversationId: 'q2',
      state: { status: 'queued', group: 'logistics' },
      queuedAt: 90_000,
      sla: { metric: 'first_response', startedAt: 0, dueAt: 95_000, state: 'breached' },
    }),
    inboxItem({
      conversationId: 'm1',
      state: { status: 'pending', group: 'default', agent: { id: 'mei', name: 'Mei' } },
    }),
    inboxItem({
      conversationId: 'o1',
      state: { status: 'assigned', agent: { id: 'lei', name: 'Lei' }, tags: ['refund', 'vip'] },
    }),
  ]);
  render(<Inbox state={state} />);
  return { fake, state };
}

describe('inbox', () => {
  it('shows queued conversations per group with waiting time, priority and a live SLA countdown', async () => {
    const { state } = await setup();
    fireEvent.click(screen.getByRole('tab', { name: /Queued/ }));
    // Groups by their English names, not their ids ("default", "logistics").
    const def = await screen.findByRole('region', { name: 'General' });
    const row = def.querySelector('[data-conversation=q1]') as HTMLElement;
    expect(row.textContent).toContain('waiting 1m 00s');
    expect(row.textContent).toContain('priority 10');
    expect(row.querySelector('[data-sla]')?.textContent).toContain('First response due in 15s');
    expect(row.querySelector('[data-sla]')?.getAttribute('data-sla')).toBe('near');
    const logistics = screen.getByRole('region', { name: 'Logistics' });
    expect(within(logistics).getByText(/overdue by 5s/)).toBeTruthy();
    // The countdown follows the console's clock.
    state.clock.value = 110_000;
    await waitFor(() => expect(row.querySelector('[data-sla]')?.textContent).toContain('due in 5s'));
  });

  it("previews a conversation with what the shopper said, not the bot's or the system's line after it", async () => {
    const fake = createFakeClient();
    const state = createConsoleState(fake.client, { lang: 'en', now: () => 100_000 });
    await state.connect();
    const bot = { seq: 4, authorKind: 'bot' as const, preview: 'Connecting you to an agent…', at: 40_000 };
    fake.emit('inbox', [
      inboxItem({
        conversationId: 'w1',
        queuedAt: 40_000,
        lastMessage: bot,
        shopperMessage: { seq: 3, preview: 'my parcel arrived broken', at: 39_000 },
      }),
      inboxItem({
        conversationId: 'a1',
        state: { status: 'assigned', group: 'default', agent: { id: 'lei', name: 'Lei' } },
        lastMessage: { ...bot, authorKind: 'agent', preview: 'Sorry to hear that' },
        shopperMessage: { seq: 3, preview: 'it is broken', at: 39_000 },
      }),
    ]);
    state.tab.value = 'all';
    render(<Inbox state={state} />);
    fireEvent.click(screen.getByRole('tab', { name: /Queued/ }));
    const waiting = (await screen.findByRole('region', { name: 'General' })).querySelector(
      '[data-conversation=w1]',
    );
    expect(waiting?.querySelector('.preview')?.textContent).toBe('my parcel arrived broken');
    // An agent's reply is worth reading as it is; a "Mei joined" line is not.
    expect(previewOf(state.inbox.value[1]!)).toBe('Sorry to hear that');
    const joined = { ...bot, authorKind: 'system' as const, preview: 'Mei joined the conversation' };
    expect(previewOf({ ...state.inbox.value[1]!, lastMessage: joined })).toBe('it is broken');
  });

  it("shows a photo's preview tagged in the console's language, not the hub's English", async () => {
    const fake = createFakeClient();
    const state = createConsoleState(fake.client, { lang: 'zh', now: () => 100_000 });
    await state.connect();
    fake.emit('inbox', [
      inboxItem({
        conversationId: 'p1',
        lastMessage: { seq: 3, authorKind: 'shopper', preview: '[photo] 箱子破了', at: 40_000 },
      }),
    ]);
    state.tab.value = 'all';
    const { container } = render(<Inbox state={state} />);
    fireEvent.click(screen.getByRole('tab', { name: /排队/ }));
    await waitFor(() =>
      expect(container.querySelector('[data-conversation=p1] .preview')?.textContent).toBe('[图片] 箱子破了'),
    );
  });

  it("draws a flooded group's first rows and says how many more wait", async () => {
    const { fake, state } = await setup();
    const flood = Array.from({ length: QUEUE_SHOWN_PER_GROUP + 7 }, (_, i) =>
      inboxItem({ conversationId: `f${i}`, queuedAt: 50_000 + i }),
    );
    fake.emit('inbox', [...state.inbox.value, ...flood]);
    fireEvent.click(screen.getByRole('tab', { name: /Queued/ }));
    const def = await screen.findByRole('region', { name: 'General' });
    // q1 and the flood wait in General; q2 in Logistics. The counts are of every one waiting.
    expect(screen.getByRole('tab', { name: /Queued/ }).textContent).toContain(String(flood.length + 2));
    expect(def.querySelector('h3 .count')?.textContent).toBe(String(flood.length + 1));
    expect(def.querySelectorAll('li[data-conversation]')).toHaveLength(QUEUE_SHOWN_PER_GROUP);
    expect(within(def).getByText(en.moreWaiting(8))).toBeTruthy();
    // Fewer than shown: no such line.
    const logistics = screen.getByRole('region', { name: 'Logistics' });
    expect(logistics.querySelector('.more-waiting')).toBeNull();
  });

  it('accepts a queued conversation with one click', async () => {
    const { fake } = await setup();
    fireEvent.click(screen.getByRole('tab', { name: /Queued/ }));
    fireEvent.click(await screen.findByRole('button', { name: `${en.accept} · Ann` }));
    await waitFor(() =>
      expect(fake.calls.some((c) => c.method === 'accept' && c.args[0] === 'q1')).toBe(true),
    );
  });

  it('at capacity, says so above the queue and its Accept buttons take nothing until a conversation ends', async () => {
    // Mei holds m1 (pending): with a capacity of 1 she is full.
    const { fake, state } = await setup(false, { profile: { capacity: 1 } });
    fireEvent.click(screen.getByRole('tab', { name: /Queued/ }));
    const notice = await screen.findByRole('status');
    expect(notice.textContent).toBe(en.fullNotice(1, 1));
    const accept = screen.getByRole('button', { name: `${en.accept} · Ann` });
    expect(accept.getAttribute('aria-disabled')).toBe('true');
    expect(accept.getAttribute('aria-describedby')).toBe(notice.id);
    fireEvent.click(accept);
    await new Promise((r) => setTimeout(r, 0));
    expect(fake.calls.some((c) => c.method === 'accept')).toBe(false);

    // m1 is closed: she may take another.
    fake.emit(
      'inbox',
      state.inbox.value.filter((i) => i.conversationId !== 'm1'),
    );
    await waitFor(() => expect(screen.queryByRole('status')).toBeNull());
    const open = screen.getByRole('button', { name: `${en.accept} · Ann` });
    expect(open.getAttribute('aria-disabled')).toBeNull();
    fireEvent.click(open);
    await waitFor(() =>
      expect(fake.calls.some((c) => c.method === 'accept' && c.args[0] === 'q1')).toBe(true),
    );
  });

  it('counts a ticket of their own apart from capacity, as the hub does', async () => {
    const { fake, state } = await setup(false, { profile: { capacity: 2 } });
    fake.emit('inbox', [
      ...state.inbox.value,
      inboxItem({ conversationId: 't1', state: { status: 'ticket', agent: { id: 'mei', name: 'Mei' } } }),
    ]);
    expect(state.mine.value.map((i) => i.conversationId)).toContain('t1');
    // m1 (pending) counts; the ticket does not: the hub lets her accept one more.
    expect(state.holding.value).toBe(1);
    expect(state.full.value).toBe(false);
    expect(screen.queryByRole('status')).toBeNull();
  });

  it("lists the agent's own conversations under Mine and hides All from agents", async () => {
    await setup();
    const mine = screen.getByRole('tab', { name: /Mine/ });
    expect(mine.getAttribute('aria-selected')).toBe('true');
    const panel = screen.getByRole('tabpanel');
    expect(
      [...panel.querySelectorAll('[data-conversation]')].map((e) => e.getAttribute('data-conversation')),
    ).toEqual(['m1']);
    expect(screen.queryByRole('tab', { name: /All/ })).toBeNull();
  });

  it('gives supervisors an All tab with every conversation, and arrow keys move between tabs', async () => {
    await setup(true);
    const all = screen.getByRole('tab', { name: /All/ });
    expect(all.getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('tabpanel').querySelectorAll('[data-conversation]')).toHaveLength(4);
    // The conversation's tags as chips in its row.
    const tagged = screen.getByRole('tabpanel').querySelector('[data-conversation=o1]') as HTMLElement;
    const chips = within(tagged).getByRole('list', { name: en.tags });
    expect(
      within(chips)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['refund', 'vip']);
    fireEvent.keyDown(all, { key: 'ArrowRight' });
    await waitFor(() =>
      expect(screen.getByRole('tab', { name: /Queued/ }).getAttribute('aria-selected')).toBe('true'),
    );
  });

  it("draws the All tab's newest rows and counts the older ones", async () => {
    const { fake, state } = await setup(true);
    const flood = Array.from({ length: ALL_SHOWN + 3 }, (_, i) =>
      inboxItem({ conversationId: `f${i}`, createdAt: 2_000 + i }),
    );
    fake.emit('inbox', [...state.inbox.value, ...flood]);
    await waitFor(() =>
      expect(screen.getByRole('tab', { name: /All/ }).textContent).toContain(String(ALL_SHOWN + 7)),
    );
    const panel = screen.getByRole('tabpanel');
    const rows = panel.querySelectorAll('li[data-conversation]');
    expect(rows).toHaveLength(ALL_SHOWN);
    expect(rows[0]?.getAttribute('data-conversation')).toBe(`f${ALL_SHOWN + 2}`);
    // The flood's 3 oldest and the 4 from before it (created at 1,000).
    expect(within(panel).getByText(en.moreOlder(7))).toBeTruthy();
  });

  it('gives a supervisor "Assign to…" on a waiting conversation, listing colleagues online with their load', async () => {
    const online = () => [
      { id: 'boss', name: 'Boss', groups: [] },
      { id: 'lei', name: 'Lei', groups: ['default'], active: 4, capacity: 5 },
      { id: 'yun', name: 'Yun', groups: ['after-sale'], active: 1, capacity: 5 },
    ];
    const { fake } = await setup(true, { profile: { id: 'boss', name: 'Boss', groups: [] }, online });
    fireEvent.click(screen.getByRole('tab', { name: /Queued/ }));
    const row = screen.getByRole('tabpanel').querySelector('[data-conversation=q1]') as HTMLElement;
    fireEvent.click(within(row).getByRole('button', { name: /Assign to… · Ann/ }));
    const dialog = await screen.findByRole('dialog');
    // Least loaded first; the supervisor is not offered to themselves.
    const options = within(dialog)
      .getAllByRole('option')
      .map((o) => o.textContent);
    expect(options).toEqual(['Yun · 1/5 conversations', 'Lei · 4/5 conversations']);
    fireEvent.change(within(dialog).getByRole('combobox'), { target: { value: 'lei' } });
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /past their capacity/ }));
    fireEvent.click(within(dialog).getByRole('button', { name: en.confirm }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(fake.calls.find((c) => c.method === 'assign')?.args).toEqual(['q1', 'lei', { force: true }]);
  });

  it('keeps the dialog open with the reason when the hub refuses, and offers nothing to a plain agent', async () => {
    const { fake } = await setup(true, {
      profile: { id: 'boss', name: 'Boss', groups: [] },
      online: () => [{ id: 'lei', name: 'Lei', groups: ['default'], active: 5, capacity: 5 }],
      onAssign: () => {
        throw new KefuError('conflict', 'Lei already has 5 conversations (their capacity)');
      },
    });
    fireEvent.click(screen.getByRole('tab', { name: /Queued/ }));
    const row = screen.getByRole('tabpanel').querySelector('[data-conversation=q1]') as HTMLElement;
    fireEvent.click(within(row).getByRole('button', { name: /Assign to…/ }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: en.confirm }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('capacity');
    expect(fake.calls.filter((c) => c.method === 'assign')).toHaveLength(1);
    cleanup();
    await setup(false);
    fireEvent.click(screen.getByRole('tab', { name: /Queued/ }));
    expect(screen.queryByRole('button', { name: /Assign to…/ })).toBeNull();
  });
});
