import type { TicketSummary } from '@kefu/protocol';
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { STRINGS } from '../strings/all.ts';
import { formatWhen, StatusNote } from './status-note.tsx';

afterEach(cleanup);

const en = STRINGS.en;
const zh = STRINGS['zh-CN'];
const at = (h: number, m: number, dayOffset = 0) => new Date(2030, 0, 15 + dayOffset, h, m).getTime();
const now = at(9, 0);
const ticket = (partial: Partial<TicketSummary> = {}): TicketSummary => ({
  id: 't_1',
  status: 'open',
  tier: 'L3',
  expectedReplyAt: at(11, 30),
  deadlines: [],
  ...partial,
});

describe('formatWhen', () => {
  it('gives the local clock time for today, and the date as well for another day', () => {
    expect(formatWhen(at(11, 30), 'en', now)).toMatch(/11:30/);
    expect(formatWhen(at(11, 30), 'en', now)).not.toMatch(/Jan/);
    expect(formatWhen(at(11, 30, 1), 'en', now)).toMatch(/Jan 16.*11:30/);
  });

  it('writes an hour as a reader of the language does: 9:05 AM in English, not 09:05 AM', () => {
    expect(formatWhen(at(9, 5), 'en', now)).toMatch(/^9:05/);
    expect(formatWhen(at(9, 5), 'zh-CN', now)).toMatch(/09:05|9:05/);
  });

  // Finding (QA as a shopper in London, 2026-12-06): a British browser on an English shop read
  // "We'll reply by 5:32 PM" and "Dec 7, 5:32 PM", the American way, where it writes 17:32 and 7 Dec.
  it("follows the shopper's own variant of the panel's language: 17:32 and 16 Jan in British English", () => {
    expect(formatWhen(at(17, 32), 'en', now, 'en-GB')).toBe('17:32');
    expect(formatWhen(at(17, 32, 1), 'en', now, 'en-GB')).toBe('16 Jan, 17:32');
    expect(formatWhen(at(17, 32), 'en', now, 'en-US')).toBe('5:32 PM');
    // A browser in another language than the panel's keeps the panel's way of writing it.
    expect(formatWhen(at(17, 32), 'en', now, 'fr-FR')).toBe('5:32 PM');
    expect(formatWhen(at(17, 32), 'zh-CN', now, 'en-GB')).toBe(formatWhen(at(17, 32), 'zh-CN', now, 'zh-CN'));
  });
});

describe('StatusNote', () => {
  it('shows nothing while the chat is live', () => {
    const { container } = render(<StatusNote state={{ status: 'assigned' }} t={en} locale="en" />);
    expect(container.textContent).toBe('');
  });

  it('shows a ticket: its status, the promised reply time in local time, and the latest update', () => {
    render(
      <StatusNote
        state={{ status: 'ticket', ticket: ticket({ lastUpdate: 'The warehouse is checking your parcel' }) }}
        t={en}
        locale="en"
      />,
    );
    const note = screen.getByRole('status');
    expect(note.textContent).toContain('Your request is logged · in progress');
    expect(note.textContent).toContain(`We'll reply by ${formatWhen(at(11, 30), 'en')}`);
    expect(note.textContent).toContain('Latest update: The warehouse is checking your parcel');
  });

  it('drops the promise once the ticket is resolved', () => {
    render(
      <StatusNote
        state={{ status: 'ticket', ticket: ticket({ status: 'resolved' }) }}
        t={zh}
        locale="zh-CN"
      />,
    );
    expect(screen.getByRole('status').textContent).toBe('已为您登记工单 · 已解决');
  });

  it('says the shop is waiting for the shopper while pending, and when it follows up', () => {
    render(<StatusNote state={{ status: 'pending', followUpAt: at(18, 0) }} t={zh} locale="zh-CN" />);
    const text = screen.getByRole('status').textContent ?? '';
    expect(text).toContain('等待您的回复');
    expect(text).toContain(`我们会在 ${formatWhen(at(18, 0), 'zh-CN')} 再跟进`);
  });
});
