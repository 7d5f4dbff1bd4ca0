import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { STRINGS } from '../strings.ts';
import { conversation, inboxItem } from '../testing/fake-client.ts';
import { formatTime } from '../time-format.ts';
import { ProfilePanel } from './profile-panel.tsx';

afterEach(cleanup);
const en = STRINGS.en;
const NOW = new Date(2025, 2, 6, 18, 0).getTime();
const day = (d: number) => new Date(2025, 2, d, 10, 30).getTime();

const base = conversation({
  id: 'c9',
  shopper: { id: 's1', name: 'Ann', identified: true },
  page: { orderId: 'KF1001' },
  earlier: [
    { conversationId: 'c5', createdAt: day(3), status: 'closed', preview: 'Where is my parcel?', rating: 4 },
    { conversationId: 'c2', createdAt: day(1), status: 'closed' },
  ],
});

describe('profile panel', () => {
  it('lists the earlier conversations newest first with date, status, preview and rating stars', () => {
    render(<ProfilePanel conversation={base} others={[]} t={en} now={NOW} onOpen={() => {}} />);
    const items = within(document.querySelector('.earlier') as HTMLElement).getAllByRole('listitem');
    expect(items.map((i) => i.getAttribute('data-conversation'))).toEqual(['c5', 'c2']);
    expect(items[0]!.textContent).toContain(formatTime(day(3), 'en', NOW));
    expect(items[0]!.textContent).toContain('Closed');
    expect(items[0]!.textContent).toContain('Where is my parcel?');
    expect(within(items[0]!).getByRole('img', { name: en.stars(4) }).textContent).toBe('★★★★☆');
    expect(within(items[1]!).queryByRole('img')).toBeNull();
  });

  it('shows the language the shopper’s hello claimed as their text: isolated, without bidi controls', () => {
    // A raw client's hello says any text of 2–35 characters is its locale.
    const c = conversation({
      id: 'c8',
      shopper: { id: 's2', identified: false, locale: 'en\u202E-moc.live' },
    });
    render(<ProfilePanel conversation={c} others={[]} t={en} now={NOW} onOpen={() => {}} />);
    const shown = screen.getByText(en.locale).nextElementSibling as HTMLElement;
    expect(shown.textContent).toBe('en-moc.live');
    expect(shown.querySelector('bdi')).not.toBeNull();
  });

  it('opens an earlier conversation from its button', () => {
    const opened: string[] = [];
    render(
      <ProfilePanel conversation={base} others={[]} t={en} now={NOW} onOpen={(id) => opened.push(id)} />,
    );
    fireEvent.click(screen.getByRole('button', { name: en.earlierOpen(formatTime(day(1), 'en', NOW)) }));
    expect(opened).toEqual(['c2']);
  });

  it('falls back to the inbox’s other conversations of the shopper when the hub sent none', () => {
    const { earlier: _none, ...without } = base;
    const other = inboxItem({
      conversationId: 'c7',
      state: { status: 'pending', rating: 5 },
      lastMessage: { seq: 2, authorKind: 'shopper', preview: 'Size?', at: day(2) },
    });
    render(<ProfilePanel conversation={without} others={[other]} t={en} now={NOW} onOpen={() => {}} />);
    const items = within(document.querySelector('.earlier') as HTMLElement).getAllByRole('listitem');
    expect(items.map((i) => i.getAttribute('data-conversation'))).toEqual(['c7']);
    expect(items[0]!.textContent).toContain('Size?');
    expect(screen.getByRole('img', { name: en.stars(5) })).toBeTruthy();
  });

  it('shows the order card for a looked-up order, and the bare order id without one', () => {
    const { unmount } = render(
      <ProfilePanel
        conversation={{
          ...base,
          order: { id: 'KF1001', status: 'shipped', carrier: 'SF Express', trackingNo: 'SF1', events: [] },
        }}
        others={[]}
        t={en}
        now={NOW}
        onOpen={() => {}}
      />,
    );
    expect(screen.getByRole('list', { name: en.orderProgress('KF1001') })).toBeTruthy();
    expect(screen.getByText('SF Express')).toBeTruthy();
    unmount();
    render(<ProfilePanel conversation={base} others={[]} t={en} now={NOW} onOpen={() => {}} />);
    expect(screen.queryByRole('list', { name: en.orderProgress('KF1001') })).toBeNull();
    expect(screen.getByText('KF1001')).toBeTruthy();
  });
});

describe('profile panel: times no date can show', () => {
  it('shows a follow-up past what a Date can hold as a dash, never "Invalid Date", and lists an earlier contact of such a time', () => {
    // 2^53 − 1 ms: what an older hub let an agent store as a follow-up.
    const never = 2 ** 53 - 1;
    render(
      <ProfilePanel
        conversation={{
          ...base,
          state: { status: 'pending', followUpAt: never },
          earlier: [{ conversationId: 'c5', createdAt: never, status: 'closed' }],
        }}
        others={[]}
        t={en}
        now={NOW}
        onOpen={() => {}}
      />,
    );
    expect(screen.getByText(en.followUpAt('—'))).toBeTruthy();
    expect(document.body.textContent).not.toContain('Invalid Date');
    const earlier = within(document.querySelector('.earlier') as HTMLElement).getByRole('listitem');
    expect(earlier.querySelector('time')?.hasAttribute('datetime')).toBe(false);
  });

  it('shows the year of a follow-up that is not this year', () => {
    const nextYear = new Date(2026, 1, 3, 9, 0).getTime();
    render(
      <ProfilePanel
        conversation={{ ...base, state: { status: 'pending', followUpAt: nextYear } }}
        others={[]}
        t={en}
        now={NOW}
        onOpen={() => {}}
      />,
    );
    expect(screen.getByText(/Follow up at/).textContent).toContain('2026');
  });
});

describe('profile panel: a ticket', () => {
  it('names the ticket’s status in the console’s language, not by its protocol code', () => {
    const withTicket = conversation({
      id: 'c10',
      state: {
        status: 'ticket',
        agent: { id: 'mei', name: '小美 Mei' },
        ticket: { id: 't1', status: 'open', tier: 'L3', deadlines: [] },
      },
    });
    const { container } = render(
      <ProfilePanel conversation={withTicket} others={[]} t={STRINGS.zh} now={NOW} onOpen={() => {}} />,
    );
    const ticket = [...container.querySelectorAll('dt')].find((dt) => dt.textContent === STRINGS.zh.ticket)!;
    // It read "L3 · open" to a Chinese-speaking agent.
    expect(ticket.nextElementSibling!.textContent).toContain('L3 · 处理中');
  });
});

describe('profile panel: ticket deadlines in English', () => {
  it('names each deadline in words, not by its protocol code', () => {
    const withTicket = conversation({
      id: 'c11',
      state: {
        status: 'ticket',
        agent: { id: 'mei', name: '小美 Mei' },
        ticket: {
          id: 't2',
          status: 'open',
          tier: 'L3',
          deadlines: [{ kind: 'workaround', dueAt: NOW + 3_600_000, overdue: false }],
        },
      },
    });
    const { container } = render(
      <ProfilePanel conversation={withTicket} others={[]} t={en} now={NOW} onOpen={() => {}} />,
    );
    // It read "workaround 7:00 PM", lower-case, as the code is spelt.
    expect(container.querySelector('.deadlines li')!.textContent).toMatch(/^Workaround due /);
  });
});

describe('profile panel: a ticket updated', () => {
  it('says a deadline was met and what the shopper was last told, instead of still showing it due', () => {
    const updated = conversation({
      id: 'c12',
      state: {
        status: 'assigned',
        agent: { id: 'mei', name: '小美 Mei' },
        ticket: {
          id: 't3',
          status: 'open',
          tier: 'L3',
          deadlines: [
            { kind: 'progress', dueAt: NOW + 7_200_000, metAt: NOW, overdue: false },
            { kind: 'workaround', dueAt: NOW + 14_400_000, overdue: false },
          ],
          lastUpdate: '仓库已确认 M 码有货',
        },
      },
    });
    const { container } = render(
      <ProfilePanel conversation={updated} others={[]} t={en} now={NOW} onOpen={() => {}} />,
    );
    const lines = [...container.querySelectorAll('.deadlines li')].map((li) => li.textContent);
    expect(lines[0]).toMatch(/^Progress update done /);
    expect(lines[0]).not.toMatch(/due/);
    expect(lines[1]).toMatch(/^Workaround due /);
    expect(container.textContent).toContain(en.ticketLastUpdate('仓库已确认 M 码有货'));
  });
});

describe('profile panel: why the conversation came to people', () => {
  it('shows the hub’s route reason while the conversation is with people, isolated as text, and not once it is closed', () => {
    const routed = conversation({
      id: 'c13',
      state: {
        status: 'assigned',
        agent: { id: 'mei', name: '小美 Mei' },
        group: 'after-sale',
        reason: 'intent: ask_for_human; the shopper is upset',
      },
    });
    const { container, unmount } = render(
      <ProfilePanel conversation={routed} others={[]} t={en} now={NOW} onOpen={() => {}} />,
    );
    const label = [...container.querySelectorAll('dt')].find((dt) => dt.textContent === en.routeReason);
    expect(label?.nextElementSibling?.textContent).toBe('intent: ask_for_human; the shopper is upset');
    expect(label?.nextElementSibling?.querySelector('bdi')).not.toBeNull();
    unmount();
    // Closed, the reason is how it ended ("closed by Mei"): not why it came.
    render(
      <ProfilePanel
        conversation={{ ...routed, state: { status: 'closed', reason: 'closed by Mei' } }}
        others={[]}
        t={en}
        now={NOW}
        onOpen={() => {}}
      />,
    );
    expect(screen.queryByText(en.routeReason)).toBeNull();
  });
});

describe('profile panel: a shopper with many earlier conversations', () => {
  it('offers the next page while the hub says more remain, and not after the last', () => {
    let asked = 0;
    const panel = (earlierMore: boolean) =>
      render(
        <ProfilePanel
          conversation={{ ...base, earlierMore }}
          others={[]}
          t={en}
          now={NOW}
          onOpen={() => {}}
          onMoreEarlier={() => asked++}
        />,
      );
    panel(true);
    fireEvent.click(screen.getByRole('button', { name: en.moreEarlier }));
    expect(asked).toBe(1);
    cleanup();
    panel(false);
    expect(screen.queryByRole('button', { name: en.moreEarlier })).toBeNull();
  });
});
