import { cleanup, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { recordingAttention } from '../attention.ts';
import { createConsoleState } from '../console-state.ts';
import { STRINGS } from '../strings.ts';
import { createFakeClient, inboxItem } from '../testing/fake-client.ts';
import { ConsoleView } from './console-view.tsx';

afterEach(cleanup);
const en = STRINGS.en;

describe('ConsoleView alerts', () => {
  it('names the shopper each alert is about, on the line, its buttons and the notification', async () => {
    const fake = createFakeClient();
    const { attention, notes } = recordingAttention();
    const state = createConsoleState(fake.client, { lang: 'en', attention });
    await state.connect();
    await state.enableNotifications();
    fake.emit('inbox', [
      inboxItem({ conversationId: 'c1', shopper: { id: 's1', name: 'Ann', identified: true } }),
      inboxItem({ conversationId: 'c2', shopper: { id: 'visitor-abc123', identified: false } }),
    ]);
    for (const conversationId of ['c1', 'c2'])
      fake.emit('alert', {
        kind: 'sla_breach',
        metric: 'first_response',
        conversationId,
        message: 'x',
        at: 1,
      });
    render(<ConsoleView state={state} colleagues={[]} groups={[]} />);
    const list = screen.getByRole('list', { name: en.alerts });
    const lines = within(list).getAllByRole('listitem');
    // Newest first; both said only "First response overdue" before.
    expect(lines.map((l) => l.querySelector('span')?.textContent)).toEqual([
      `${en.visitor('visitor-abc123')} · ${en.slaOverdue('first_response')}`,
      `Ann · ${en.slaOverdue('first_response')}`,
    ]);
    expect(within(list).getByRole('button', { name: `${en.open} · Ann` })).toBeTruthy();
    expect(within(list).getByRole('button', { name: `${en.dismiss} · Ann` })).toBeTruthy();
    expect(notes.at(-1)?.body).toBe(`${en.visitor('visitor-abc123')} · ${en.slaOverdue('first_response')}`);
    state.dispose();
  });
});
