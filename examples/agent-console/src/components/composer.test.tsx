import { QaHeldError } from '@kefu/sdk/agent';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleState } from '../console-state.ts';
import { STRINGS } from '../strings.ts';
import { conversation, createFakeClient } from '../testing/fake-client.ts';
import { Composer } from './composer.tsx';

afterEach(cleanup);
const en = STRINGS.en;

async function setup(onSend?: (id: string, text: string, override: boolean) => void) {
  const fake = createFakeClient({
    onSend,
    canned: [
      { id: 'greet-en', title: 'Greeting', text: 'Hi {name}, how can I help?', category: 'general' },
      { id: 'track-en', title: 'Tracking', text: 'Let me check order {orderId}.', category: 'shipping' },
    ],
    conversations: [
      conversation({
        id: 'c1',
        shopper: { id: 's1', name: 'Ann', identified: true },
        page: { orderId: 'KF1001' },
      }),
    ],
  });
  const state = createConsoleState(fake.client, { lang: 'en' });
  await state.connect();
  await state.openConversation('c1');
  render(<Composer state={state} conversationId="c1" />);
  const box = screen.getByRole('textbox', { name: en.composer }) as HTMLTextAreaElement;
  const type = (value: string) => {
    box.value = value;
    box.setSelectionRange(value.length, value.length);
    fireEvent.input(box);
  };
  return { fake, state, box, type };
}

describe('composer', () => {
  it('searches canned replies after "/" and inserts the chosen one with variables filled', async () => {
    const { box, type } = await setup();
    type('/track');
    const list = await screen.findByRole('listbox', { name: en.cannedSearch });
    expect([...list.querySelectorAll('[role=option]')].map((o) => o.getAttribute('data-canned'))).toEqual([
      'track-en',
    ]);
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(box.value).toBe('Let me check order KF1001.'));
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('sends an inserted canned reply, edited, with the reply it came from', async () => {
    const { fake, box, type } = await setup();
    type('/track');
    await screen.findByRole('listbox');
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(box.value).toBe('Let me check order KF1001.'));
    type('Let me check order KF1001 right away.');
    fireEvent.keyDown(box, { key: 'Enter', ctrlKey: true });
    await waitFor(() =>
      expect(fake.calls.find((c) => c.method === 'send')?.args).toEqual([
        'c1',
        'Let me check order KF1001 right away.',
        false,
        { kind: 'canned', id: 'track-en' },
      ]),
    );
  });

  it('moves through the matches with the arrow keys and closes the search on Escape', async () => {
    const { box, type } = await setup();
    type('Thanks! /');
    await screen.findByRole('listbox');
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    await waitFor(() =>
      expect(screen.getByRole('option', { selected: true }).getAttribute('data-canned')).toBe('track-en'),
    );
    expect(box.getAttribute('aria-activedescendant')).toBe('canned-c1-1');
    fireEvent.keyDown(box, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('listbox')).toBeNull());
    expect(box.value).toBe('Thanks! /');
  });

  it('sends on Ctrl+Enter, not on Enter', async () => {
    const { fake, box, type } = await setup();
    type('Hello there');
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(fake.calls.some((c) => c.method === 'send')).toBe(false);
    fireEvent.keyDown(box, { key: 'Enter', ctrlKey: true });
    await waitFor(() =>
      expect(fake.calls.find((c) => c.method === 'send')?.args).toEqual(['c1', 'Hello there', false]),
    );
    await waitFor(() => expect(box.value).toBe(''));
  });

  it('shows why quality inspection held a message, marks the words, and sends it anyway on request', async () => {
    const { fake, box, type } = await setup((_id, _text, override) => {
      if (!override)
        throw new QaHeldError([
          {
            ruleId: 'no-absolute-promises',
            severity: 'block',
            message: 'No absolute promises',
            matches: ['保证'],
          },
        ]);
    });
    type('我们保证明天送到');
    fireEvent.keyDown(box, { key: 'Enter', ctrlKey: true });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(en.qaTitle);
    expect(alert.textContent).toContain('No absolute promises');
    expect([...alert.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['保证']);
    expect(box.value).toBe('我们保证明天送到');
    fireEvent.click(screen.getByRole('button', { name: en.qaSendAnyway }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(fake.calls.filter((c) => c.method === 'send').map((c) => c.args[2])).toEqual([false, true]);
  });

  it('edits a held message: the warning goes and the text stays to be changed', async () => {
    const { box, type } = await setup(() => {
      throw new QaHeldError([{ ruleId: 'r', severity: 'block', message: 'held', matches: ['保证'] }]);
    });
    type('保证');
    fireEvent.keyDown(box, { key: 'Enter', ctrlKey: true });
    await screen.findByRole('alert');
    fireEvent.click(screen.getByRole('button', { name: en.qaEdit }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(box.value).toBe('保证');
    expect(document.activeElement).toBe(box);
  });

  it('saves an internal note in note mode', async () => {
    const { fake, type } = await setup();
    fireEvent.click(screen.getByRole('radio', { name: en.modeNote }));
    const box = await screen.findByRole('textbox', { name: en.note });
    expect(box).toBeTruthy();
    type('VIP, handle with care');
    fireEvent.click(screen.getByRole('button', { name: en.saveNote }));
    await waitFor(() =>
      expect(fake.calls.find((c) => c.method === 'note')?.args).toEqual(['c1', 'VIP, handle with care']),
    );
  });
});
