import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { STRINGS } from '../strings.ts';
import { formatTime } from '../time-format.ts';
import { CloseDialog, PendingDialog, TicketDialog } from './action-dialogs.tsx';
import { TransferDialog } from './colleague-dialogs.tsx';

afterEach(cleanup);
const en = STRINGS.en;

describe('action dialogs', () => {
  it('transfers to a colleague with a note, and to a group', () => {
    const sent: unknown[] = [];
    render(
      <TransferDialog
        t={en}
        agents={[{ id: 'lei', name: 'Lei' }]}
        groups={['default', 'vip']}
        onCancel={() => {}}
        onTransfer={(to, note) => sent.push([to, note])}
      />,
    );
    const dialog = screen.getByRole('dialog', { name: en.transferTitle });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    fireEvent.input(screen.getByRole('textbox', { name: en.transferNote }), {
      target: { value: 'knows refunds' },
    });
    fireEvent.click(screen.getByRole('button', { name: en.confirm }));
    fireEvent.click(screen.getByRole('radio', { name: en.transferToGroup }));
    fireEvent.change(screen.getByRole('combobox', { name: en.transferToGroup }), {
      target: { value: 'vip' },
    });
    fireEvent.click(screen.getByRole('button', { name: en.confirm }));
    expect(sent).toEqual([
      [{ agentId: 'lei' }, 'knows refunds'],
      [{ group: 'vip' }, 'knows refunds'],
    ]);
  });

  // Finding (fifth outside pass, 2026-12-07): an agent's display name is often their own choice in the
  // merchant's directory, and the picker showed names alone. A colleague named "Mеi" (Cyrillic е), or
  // "Mei" with an invisible U+034F, read as Mei in the list, and the conversation went to them.
  it('names look-alike colleagues by their ids too, so a transfer goes to the one meant', () => {
    const sent: unknown[] = [];
    render(
      <TransferDialog
        t={en}
        agents={[
          { id: 'mei', name: 'Mei' },
          { id: 'mallory', name: 'M\u0435i' },
          { id: 'trudy', name: 'Me\u034Fi' },
          { id: 'lei', name: 'Lei' },
        ]}
        groups={['default']}
        onCancel={() => {}}
        onTransfer={(to) => sent.push(to)}
      />,
    );
    const select = screen.getByRole('combobox', { name: en.agentId }) as HTMLSelectElement;
    const labels = [...select.options].map((o) => o.textContent);
    expect(labels).toEqual(['Mei (mei)', 'M\u0435i (mallory)', 'Me\u034Fi (trudy)', 'Lei']);
    fireEvent.change(select, { target: { value: 'mei' } });
    fireEvent.click(screen.getByRole('button', { name: en.confirm }));
    expect(sent).toEqual([{ agentId: 'mei' }]);
  });

  it('keeps Shift+Tab inside the transfer dialog from its second radio (the group), wrapping to OK', () => {
    render(
      <TransferDialog
        t={en}
        agents={[{ id: 'lei', name: 'Lei' }]}
        groups={['default']}
        onCancel={() => {}}
        onTransfer={() => {}}
      />,
    );
    const group = screen.getByRole('radio', { name: en.transferToGroup });
    fireEvent.click(group);
    group.focus();
    // A radio group is one Tab stop: from its checked radio Shift+Tab leaves the group, here the
    // dialog's start, so it wraps round to the last control instead of escaping behind the backdrop.
    fireEvent.keyDown(group, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: en.confirm }));
    fireEvent.keyDown(document.activeElement!, { key: 'Tab' });
    expect(document.activeElement).toBe(group);
  });

  it('with nobody online, focus goes to the group choice (not the disabled colleague radio), so Escape reaches the dialog', () => {
    let cancelled = 0;
    render(
      <TransferDialog
        t={en}
        agents={[]}
        groups={['default']}
        nobodyOnline
        onCancel={() => cancelled++}
        onTransfer={() => {}}
      />,
    );
    // Focus left on the Transfer button behind the backdrop: Esc and the Tab trap never saw a key.
    expect(document.activeElement).toBe(screen.getByRole('radio', { name: en.transferToGroup }));
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(cancelled).toBe(1);
  });

  it('closes with a resolution code, and Escape cancels', () => {
    const closed: string[] = [];
    let cancelled = 0;
    render(<CloseDialog t={en} onCancel={() => cancelled++} onClose={(r) => closed.push(r)} />);
    expect(document.activeElement?.tagName).toBe('SELECT');
    fireEvent.change(screen.getByRole('combobox', { name: en.resolution }), { target: { value: 'refund' } });
    fireEvent.click(screen.getByRole('button', { name: en.confirm }));
    fireEvent.keyDown(screen.getByRole('combobox', { name: en.resolution }), { key: 'Escape' });
    expect(closed).toEqual(['refund']);
    expect(cancelled).toBe(1);
  });

  it('sets a follow-up time in the future only', () => {
    const due: number[] = [];
    const now = new Date(2030, 0, 1, 10, 0).getTime();
    render(<PendingDialog t={en} now={now} onCancel={() => {}} onPending={(at) => due.push(at)} />);
    const input = screen.getByLabelText(en.dueAt) as HTMLInputElement;
    expect(input.value).toBe('2030-01-02T10:00');
    fireEvent.input(input, { target: { value: '2029-12-31T10:00' } });
    fireEvent.click(screen.getByRole('button', { name: en.confirm }));
    fireEvent.input(input, { target: { value: '2030-01-01T16:30' } });
    fireEvent.click(screen.getByRole('button', { name: en.confirm }));
    expect(due).toEqual([new Date(2030, 0, 1, 16, 30).getTime()]);
  });

  it('takes the next whole minute at the earliest, and says so when a time already gone is picked', () => {
    const due: number[] = [];
    // 10:30:45: the picker shows minutes, so 10:30 is already gone.
    const now = new Date(2030, 0, 1, 10, 30, 45).getTime();
    render(<PendingDialog t={en} now={now} onCancel={() => {}} onPending={(at) => due.push(at)} />);
    const input = screen.getByLabelText(en.dueAt) as HTMLInputElement;
    expect(input.min).toBe('2030-01-01T10:31');
    fireEvent.input(input, { target: { value: '2030-01-01T10:30' } });
    fireEvent.click(screen.getByRole('button', { name: en.confirm }));
    expect(due).toEqual([]);
    const earliest = formatTime(new Date(2030, 0, 1, 10, 31).getTime(), en.lang, now);
    expect(screen.getByRole('alert').textContent).toBe(en.dueAtPast(earliest));
    expect(input.getAttribute('aria-invalid')).toBe('true');
    fireEvent.input(input, { target: { value: '2030-01-01T10:31' } });
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: en.confirm }));
    expect(due).toEqual([new Date(2030, 0, 1, 10, 31).getTime()]);
  });

  it('moves the earliest time on as the console clock moves while the dialog is open', () => {
    const due: number[] = [];
    const opened = new Date(2030, 0, 1, 10, 0, 10).getTime();
    const dialog = (now: number) => (
      <PendingDialog t={en} now={now} onCancel={() => {}} onPending={(at) => due.push(at)} />
    );
    const { rerender } = render(dialog(opened));
    const input = screen.getByLabelText(en.dueAt) as HTMLInputElement;
    fireEvent.input(input, { target: { value: '2030-01-01T10:05' } });
    // The agent answers a colleague for ten minutes before pressing Confirm.
    rerender(dialog(opened + 10 * 60_000));
    expect(input.min).toBe('2030-01-01T10:11');
    fireEvent.click(screen.getByRole('button', { name: en.confirm }));
    expect(due).toEqual([]);
    expect(screen.getByRole('alert')).toBeTruthy();
  });

  it('offers to open a ticket, then progress, workaround and resolve once there is one', () => {
    const { unmount } = render(
      <TicketDialog t={en} hasTicket={false} onCancel={() => {}} onTicket={() => {}} />,
    );
    expect(screen.getAllByRole('option').map((o) => o.getAttribute('value'))).toEqual(['create']);
    // Opening one, the text is the ticket's title, which the shopper is never told.
    expect(screen.getByRole('textbox', { name: en.ticketSubject })).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: en.ticketNote })).toBeNull();
    unmount();
    const done: unknown[] = [];
    render(<TicketDialog t={en} hasTicket onCancel={() => {}} onTicket={(a, n) => done.push([a, n])} />);
    expect(screen.getAllByRole('option').map((o) => o.getAttribute('value'))).toEqual([
      'progress',
      'workaround',
      'resolve',
    ]);
    fireEvent.change(screen.getByRole('combobox', { name: en.ticketAction }), {
      target: { value: 'workaround' },
    });
    fireEvent.input(screen.getByRole('textbox', { name: en.ticketNote }), {
      target: { value: '先补发一件' },
    });
    fireEvent.click(screen.getByRole('button', { name: en.confirm }));
    expect(done).toEqual([['workaround', '先补发一件']]);
  });
});
