import { KefuError } from '@kefu/protocol';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleState } from '../console-state.ts';
import { STRINGS } from '../strings.ts';
import { conversation, createFakeClient, textMessage } from '../testing/fake-client.ts';
import { openConversation } from '../testing/open-conversation.tsx';
import { ConversationTabs, ConversationView } from './conversation-view.tsx';

afterEach(cleanup);
const en = STRINGS.en;

/** Conversation c1 (with Ann, or `c1` as given) open over a fake client, before anything is drawn. */
const openC1 = (
  c1: Parameters<typeof conversation>[0] = { id: 'c1', shopper: { id: 's1', name: 'Ann', identified: true } },
) => openConversation(c1);

describe('conversation view', () => {
  it('shows whether the shopper has the chat open, and follows presence changes', async () => {
    const { fake, state, showLive } = await openC1();
    showLive();
    expect(screen.getByText(en.shopperHere).getAttribute('data-presence')).toBe('online');
    fake.conversations.set('c1', { ...fake.conversations.get('c1')!, shopperOnline: false });
    fake.emit('presence', { conversationId: 'c1', online: false, at: 2_000 });
    await waitFor(() => expect(screen.getByText(en.shopperLeft).getAttribute('data-presence')).toBe('left'));
    state.dispose();
  });

  it('offers no composer in a colleague’s conversation (the hub would refuse it), and one in my own', async () => {
    const fake = createFakeClient({
      conversations: [
        conversation({ id: 'theirs', state: { status: 'assigned', agent: { id: 'lei', name: 'Lei' } } }),
        conversation({ id: 'mine' }),
      ],
    });
    const state = createConsoleState(fake.client, { lang: 'en' });
    await state.connect();
    await state.viewConversation('theirs');
    await state.openConversation('mine');
    const view = (i: number) => (
      <ConversationView state={state} conversation={state.open.value[i]!} colleagues={[]} groups={[]} />
    );
    const theirs = render(view(0));
    expect(theirs.container.querySelector('textarea')).toBeNull();
    expect(screen.getByText(en.readOnlyNote)).toBeTruthy();
    theirs.unmount();
    const own = render(view(1));
    expect(own.container.querySelector('textarea')).not.toBeNull();
    expect(screen.queryByText(en.readOnlyNote)).toBeNull();
    state.dispose();
  });

  it('lets a supervisor reassign a colleague’s conversation to someone else, never back to its owner', async () => {
    const fake = createFakeClient({
      profile: { id: 'wang', name: '王经理 Wang', supervisor: true },
      conversations: [
        conversation({ id: 'leis', state: { status: 'assigned', agent: { id: 'lei', name: '李雷 Lei' } } }),
      ],
      online: () => [
        { id: 'wang', name: '王经理 Wang', groups: ['default'] },
        { id: 'lei', name: '李雷 Lei', groups: ['default'] },
        { id: 'mei', name: '小美 Mei', groups: ['default'] },
      ],
    });
    const state = createConsoleState(fake.client, { lang: 'en' });
    await state.connect();
    await state.viewConversation('leis');
    render(
      <ConversationView state={state} conversation={state.open.value[0]!} colleagues={[]} groups={[]} />,
    );
    // The supervisor may write here: not labelled read-only.
    expect(screen.queryByText(en.readOnly)).toBeNull();
    const transfer = screen.getByRole('button', { name: en.transfer }) as HTMLButtonElement;
    expect(transfer.disabled).toBe(false);
    fireEvent.click(transfer);
    const dialog = await screen.findByRole('dialog', { name: en.transferTitle });
    const options = within(dialog)
      .getAllByRole('option')
      .map((o) => o.textContent);
    expect(options).toEqual(['小美 Mei']);
    fireEvent.click(within(dialog).getByRole('button', { name: en.confirm }));
    await waitFor(() =>
      expect(fake.calls.find((c) => c.method === 'transfer')?.args.slice(0, 2)).toEqual([
        'leis',
        { agentId: 'mei' },
      ]),
    );
    state.dispose();
  });

  it('marks a tab with how many shopper messages came while another was shown', async () => {
    const fake = createFakeClient();
    const state = createConsoleState(fake.client, { lang: 'en' });
    await state.connect();
    await state.openConversation('c1');
    await state.openConversation('c2', { focus: false });
    render(<ConversationTabs state={state} />);
    fake.emit('message', { conversationId: 'c2', message: textMessage('c2', 1, 'shopper', 'hello?') });
    const tab = await screen.findByRole('tab', { name: new RegExp(en.unread(1)) });
    expect(tab.id).toBe('conv-tab-c2');
    fireEvent.click(tab);
    await waitFor(() => expect(screen.queryByText(en.unread(1), { exact: false })).toBeNull());
    state.dispose();
  });

  it('says a closed conversation of mine is closed, not someone else’s', async () => {
    const fake = createFakeClient({
      conversations: [
        conversation({ id: 'done', state: { status: 'closed', agent: { id: 'mei', name: '小美 Mei' } } }),
      ],
    });
    const state = createConsoleState(fake.client, { lang: 'en' });
    await state.connect();
    await state.viewConversation('done');
    const view = render(
      <ConversationView state={state} conversation={state.open.value[0]!} colleagues={[]} groups={[]} />,
    );
    expect(view.container.querySelector('textarea')).toBeNull();
    expect(screen.getByText(en.closedNote)).toBeTruthy();
    expect(screen.queryByText(en.readOnlyNote)).toBeNull();
    state.dispose();
  });

  it('shows each message and note in its own direction (an Arabic one among Chinese)', async () => {
    const arabic = 'مرحبا، أين طلبي؟ KF123';
    const fake = createFakeClient({
      conversations: [conversation({ id: 'c1', messages: [textMessage('c1', 1, 'shopper', arabic)] })],
    });
    const state = createConsoleState(fake.client, { lang: 'en' });
    await state.connect();
    await state.openConversation('c1');
    render(
      <ConversationView state={state} conversation={state.open.value[0]!} colleagues={[]} groups={[]} />,
    );
    expect(screen.getByText(arabic).closest('.text')?.getAttribute('dir')).toBe('auto');
    state.dispose();
  });

  it('offers a transfer only to colleagues online now, and only groups when nobody is', async () => {
    const colleagues = [
      { id: 'lei', name: 'Lei' },
      { id: 'wang', name: 'Wang' },
    ];
    let online = [
      { id: 'mei', name: 'Mei', groups: ['default'] },
      { id: 'wang', name: 'Wang', groups: ['default'] },
    ];
    const fake = createFakeClient({ conversations: [conversation({ id: 'c1' })], online: () => online });
    const state = createConsoleState(fake.client, { lang: 'en' });
    await state.connect();
    await state.openConversation('c1');
    render(
      <ConversationView
        state={state}
        conversation={state.open.value[0]!}
        colleagues={colleagues}
        groups={['default', 'vip']}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: en.transfer }));
    const dialog = await screen.findByRole('dialog');
    // Lei is configured but signed out: the hub would refuse a transfer to him.
    expect([...dialog.querySelectorAll('select[name=agent] option')].map((o) => o.textContent)).toEqual([
      'Wang',
    ]);
    fireEvent.click(screen.getByRole('button', { name: en.cancel }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    online = [online[0]!];
    fireEvent.click(screen.getByRole('button', { name: en.transfer }));
    await screen.findByRole('dialog');
    const colleague = screen.getByRole('radio', { name: en.transferToAgent }) as HTMLInputElement;
    expect(colleague.disabled).toBe(true);
    expect(colleague.getAttribute('aria-describedby')).toBe('transfer-nobody-online');
    expect(screen.getByText(en.nobodyOnline)).toBeTruthy();
    expect((screen.getByRole('radio', { name: en.transferToGroup }) as HTMLInputElement).checked).toBe(true);
    state.dispose();
  });
});

/** The console with conversation c1 open and its transfer dialog shown, the agent in `groups`. */
async function transferDialog(fake: ReturnType<typeof createFakeClient>, groups: string[]) {
  const state = createConsoleState(fake.client, { lang: 'en' });
  await state.connect();
  await state.openConversation('c1');
  render(
    <ConversationView state={state} conversation={state.open.value[0]!} colleagues={[]} groups={groups} />,
  );
  fireEvent.click(screen.getByRole('button', { name: en.transfer }));
  return { state, dialog: await screen.findByRole('dialog') };
}

const groupOptions = (dialog: HTMLElement) =>
  [...dialog.querySelectorAll('select[name=group] option')].map((o) => (o as HTMLOptionElement).value);

// Finding (2026-12-07): the console started on its own against a merchant's hub (`--hub` only)
// offered Mei her own groups alone: a complaint could not go to Lei's complaints team.
describe('the groups a transfer offers', () => {
  it('include the groups of colleagues online, not only the agent’s own', async () => {
    const fake = createFakeClient({
      conversations: [conversation({ id: 'c1' })],
      online: () => [
        { id: 'mei', name: 'Mei', groups: ['default', 'pre-sale'] },
        { id: 'lei', name: 'Lei', groups: ['default', 'complaints'] },
      ],
    });
    const { state, dialog } = await transferDialog(fake, ['default', 'pre-sale']);
    fireEvent.click(screen.getByRole('radio', { name: en.transferToGroup }));
    await waitFor(() => expect(groupOptions(dialog)).toEqual(['default', 'pre-sale', 'complaints']));
    state.dispose();
  });
  // The hub's welcome names its groups (2026-12-07): a team whose agents had all signed out was
  // offered only with the console's --group flag, though the hub queues a transfer to it.
  it('include the groups the hub has, with nobody of them online', async () => {
    const fake = createFakeClient({
      conversations: [conversation({ id: 'c1' })],
      groups: ['default', 'complaints', 'after-sale'],
      online: () => [{ id: 'mei', name: 'Mei', groups: ['default'] }],
    });
    const { state, dialog } = await transferDialog(fake, ['default']);
    fireEvent.click(screen.getByRole('radio', { name: en.transferToGroup }));
    await waitFor(() => expect(groupOptions(dialog)).toEqual(['default', 'complaints', 'after-sale']));
    state.dispose();
  });
});

describe('a transfer to a colleague who left while the dialog was open', () => {
  // QA (2026-12-07): refused ("Lei is away or signed out: choose a colleague who is online"), the
  // dialog still offered Lei, the list read when it opened, so OK asked for the same refusal again.
  it('reads who is online again, and offers a group when nobody is', async () => {
    let online = [
      { id: 'mei', name: 'Mei', groups: ['default'] },
      { id: 'lei', name: 'Lei', groups: ['default'] },
    ];
    const fake = createFakeClient({ conversations: [conversation({ id: 'c1' })], online: () => online });
    fake.client.transfer = async () => {
      throw new KefuError('conflict', 'Lei (agent lei) is not online');
    };
    const { state, dialog } = await transferDialog(fake, ['default']);
    online = [online[0]!];
    fireEvent.click(within(dialog).getByRole('button', { name: en.confirm }));
    await waitFor(() => expect(state.flash.value).toBe(en.failed(en.colleagueAway('Lei'))));
    await waitFor(() =>
      expect((screen.getByRole('radio', { name: en.transferToGroup }) as HTMLInputElement).checked).toBe(
        true,
      ),
    );
    expect([...dialog.querySelectorAll('select[name=agent] option')]).toEqual([]);
    expect(screen.getByText(en.nobodyOnline)).toBeTruthy();
    state.dispose();
  });
});

describe('paging back through a long conversation', () => {
  it('keeps keyboard focus in the transcript when the last page of earlier messages is loaded', async () => {
    const fake = createFakeClient({
      conversations: [
        conversation({
          id: 'long',
          messages: [textMessage('long', 2, 'shopper', 'second'), textMessage('long', 3, 'shopper', 'third')],
          lastSeq: 3,
        }),
      ],
    });
    // The hub's page holds the first message: nothing earlier is left, so the button goes.
    fake.client.loadOlder = async (id) => {
      const c = fake.conversations.get(id)!;
      c.messages = [textMessage(id, 1, 'shopper', 'first'), ...c.messages];
      return { messages: [c.messages[0]!], hasMore: false };
    };
    const state = createConsoleState(fake.client, { lang: 'en' });
    await state.connect();
    await state.openConversation('long');
    const View = () => (
      <ConversationView state={state} conversation={state.open.value[0]!} colleagues={[]} groups={[]} />
    );
    const { rerender } = render(<View />);
    const older = screen.getByRole('button', { name: en.loadOlder });
    older.focus();
    fireEvent.click(older);
    await waitFor(() => expect(state.open.value[0]!.messages[0]!.seq).toBe(1));
    rerender(<View />);
    await waitFor(() => expect(screen.getByText('first')).toBeTruthy());
    expect(screen.queryByRole('button', { name: en.loadOlder })).toBeNull();
    // The button left the page with focus on it: the agent's next Tab started again at the header.
    expect(document.activeElement).toBe(screen.getByRole('log'));
    state.dispose();
  });

  it('keeps the pending dialog’s earliest time moving with the console clock while it is open', async () => {
    const fake = createFakeClient({ conversations: [conversation({ id: 'c1' })] });
    const opened = new Date(2030, 0, 1, 10, 0, 10).getTime();
    const state = createConsoleState(fake.client, { lang: 'en', now: () => opened });
    await state.connect();
    await state.openConversation('c1');
    render(
      <ConversationView state={state} conversation={state.open.value[0]!} colleagues={[]} groups={[]} />,
    );
    fireEvent.click(screen.getByRole('button', { name: en.pending }));
    const input = screen.getByLabelText(en.dueAt) as HTMLInputElement;
    expect(input.min).toBe('2030-01-01T10:01');
    state.clock.value = opened + 10 * 60_000; // the console's tick, ten minutes on
    await waitFor(() => expect(input.min).toBe('2030-01-01T10:11'));
    state.dispose();
  });

  it('asks before handing the shopper back to the bot: Escape keeps the conversation, OK hands it back', async () => {
    const { fake, state, show } = await openC1();
    show();
    const button = screen.getByRole('button', { name: en.handback });
    button.focus();
    fireEvent.click(button);
    const dialog = screen.getByRole('dialog', { name: en.handbackTitle('Ann') });
    expect(dialog.textContent).toContain(en.handbackBody);
    expect(dialog.contains(document.activeElement)).toBe(true);
    expect(fake.calls.some((c) => c.method === 'handback')).toBe(false);
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(button);
    expect(fake.calls.some((c) => c.method === 'handback')).toBe(false);
    fireEvent.click(button);
    fireEvent.click(
      within(screen.getByRole('dialog', { name: en.handbackTitle('Ann') })).getByRole('button', {
        name: en.confirm,
      }),
    );
    await waitFor(() => expect(fake.calls.filter((c) => c.method === 'handback')).toHaveLength(1));
    state.dispose();
  });

  it('names the shopper in the hand-back question without the bidi controls their name carries', async () => {
    const { state, show } = await openC1({
      id: 'c1',
      shopper: { id: 's1', name: 'Ann\u202Egpj.exe', identified: true },
    });
    show();
    fireEvent.click(screen.getByRole('button', { name: en.handback }));
    screen.getByRole('dialog', { name: en.handbackTitle('Anngpj.exe') });
    state.dispose();
  });

  it('selects a canned reply’s unfilled variable when it is inserted from the assist panel, as `/` does', async () => {
    // No order on the shopper's page: {orderId} stays for the agent to type.
    const { fake, state, show } = await openC1({ id: 'c1' });
    fake.emit('assist', {
      conversationId: 'c1',
      forSeq: 1,
      understanding: { intent: 'logistics', confidence: 0.8, anger: 0 },
      suggestions: [],
      canned: [{ id: 'track-en', title: 'Tracking', text: 'Let me check order {orderId} for you.' }],
    });
    state.setDraft('c1', 'Hello!');
    show();
    fireEvent.click(screen.getByRole('button', { name: en.insertNamed('Tracking') }));
    const box = screen.getByRole('textbox', { name: en.composer }) as HTMLTextAreaElement;
    await waitFor(() => expect(box.value).toBe('Hello!\nLet me check order {orderId} for you.'));
    await waitFor(() => expect(box.value.slice(box.selectionStart, box.selectionEnd)).toBe('{orderId}'));
    expect(document.activeElement).toBe(box);
    state.dispose();
  });

  it('says inside the dialog why the hub refused its action, not only in the notice behind the backdrop', async () => {
    const fake = createFakeClient({ conversations: [conversation({ id: 'c1' })] });
    fake.client.pending = () => Promise.reject(new KefuError('invalid_frame', 'dueAt must be in the future'));
    const now = new Date(2030, 0, 1, 10, 0, 10).getTime();
    const state = createConsoleState(fake.client, { lang: 'en', now: () => now });
    await state.connect();
    await state.openConversation('c1');
    render(
      <ConversationView state={state} conversation={state.open.value[0]!} colleagues={[]} groups={[]} />,
    );
    fireEvent.click(screen.getByRole('button', { name: en.pending }));
    const dialog = screen.getByRole('dialog', { name: en.pendingTitle });
    fireEvent.click(within(dialog).getByRole('button', { name: en.confirm }));
    await waitFor(() =>
      expect(within(dialog).getByRole('alert').textContent).toBe(en.failed('dueAt must be in the future')),
    );
    fireEvent.click(within(dialog).getByRole('button', { name: en.cancel }));
    fireEvent.click(screen.getByRole('button', { name: en.pending }));
    expect(within(screen.getByRole('dialog', { name: en.pendingTitle })).queryByRole('alert')).toBeNull();
    state.dispose();
  });
});
