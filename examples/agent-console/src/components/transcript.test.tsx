import type { Message } from '@kefu/protocol';
import { cleanup, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { inboxItem, textMessage } from '../testing/fake-client.ts';
import { openConversation } from '../testing/open-conversation.tsx';
import { formatTime } from '../time-format.ts';
import { blocksOf } from './transcript-rows.tsx';

/** How often each time was formatted: a row formats its message's time each time it is drawn. */
const formatted = vi.hoisted(() => new Map<number, number>());
vi.mock('../time-format.ts', async (actual) => {
  const real = await actual<typeof import('../time-format.ts')>();
  return {
    ...real,
    formatTime: (at: number, lang: string, now?: number) => {
      formatted.set(at, (formatted.get(at) ?? 0) + 1);
      return real.formatTime(at, lang, now);
    },
  };
});

afterEach(() => {
  cleanup();
  formatted.clear();
  vi.restoreAllMocks();
});

/** Each message stamped with its own time (seconds apart), so its row's formatting can be counted. */
const stamped = (seq: number, text: string): Message => ({
  ...textMessage('c1', seq, 'shopper', text),
  createdAt: 1_700_000_000_000 + seq * 1000,
});

/** Conversation c1 open over a fake client and shown, with a way to send the shopper's next message as the hub would. */
async function shown() {
  const {
    c: c1,
    fake,
    state,
    showLive,
  } = await openConversation({
    id: 'c1',
    messages: [stamped(1, 'hello')],
    lastSeq: 1,
  });
  showLive();
  /** The message, then the inbox update and the assist the hub sends with it, each in its own task. */
  async function shopperWrites(seq: number) {
    const message = stamped(seq, `message ${seq}`);
    c1.messages.push(message);
    fake.emit('message', { conversationId: 'c1', message });
    await new Promise((r) => setTimeout(r, 0));
    fake.emit('inbox', [inboxItem({ conversationId: 'c1', state: c1.state })]);
    await new Promise((r) => setTimeout(r, 0));
    await waitFor(() => expect(screen.getByText(`message ${seq}`)).toBeTruthy());
  }
  return { state, shopperWrites };
}

describe('a transcript under a burst of shopper messages', () => {
  it('draws each message’s row once, not again for every message after it', async () => {
    const { state, shopperWrites } = await shown();
    for (let seq = 2; seq <= 120; seq++) await shopperWrites(seq);
    expect(screen.getAllByRole('log')[0]!.querySelectorAll('.entry.msg')).toHaveLength(120);
    // Drawn again on each message, the first row's time was formatted 119 times more (and the
    // whole transcript's 7,000): a burst of 250 took seconds of script.
    expect(formatted.size).toBe(120);
    expect(Math.max(...formatted.values())).toBe(1);
    state.dispose();
  });

  it('reads the log’s height once a frame to keep it at the bottom, not once per message', async () => {
    const frames: FrameRequestCallback[] = [];
    // Frames run when the test says: the browser draws one for all the messages that came before it.
    vi.spyOn(globalThis, 'requestAnimationFrame').mockImplementation((cb) => frames.push(cb));
    vi.spyOn(globalThis, 'cancelAnimationFrame').mockImplementation(() => {});
    const { state, shopperWrites } = await shown();
    for (const run of frames.splice(0)) run(0);
    const log = screen.getByRole('log');
    const heights = vi.spyOn(log, 'scrollHeight', 'get').mockReturnValue(5_000);
    for (let seq = 2; seq <= 20; seq++) await shopperWrites(seq);
    // Reading it lays the page out: per message, that was most of a burst's cost.
    expect(heights).toHaveBeenCalledTimes(0);
    for (const run of frames.splice(0)) run(0);
    expect(heights).toHaveBeenCalledTimes(1);
    expect(log.scrollTop).toBe(5_000);
    state.dispose();
    cleanup();
    // Preact's effects wait for a frame, or for a 35 ms timer that calls cancelAnimationFrame: left
    // pending, that timer can fire after the file's DOM is gone (an unhandled ReferenceError under load).
    await Promise.resolve();
    for (const run of frames.splice(0)) run(0);
  });
});

describe('a transcript left open past midnight', () => {
  afterEach(() => vi.useRealTimers());

  it('gives yesterday’s messages their date once the day changes', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const evening = new Date(2030, 4, 6, 23, 50).getTime();
    vi.setSystemTime(evening + 5 * 60_000);
    const { state, showLive } = await openConversation({
      id: 'c1',
      messages: [{ ...textMessage('c1', 1, 'shopper', 'still there?'), createdAt: evening }],
      lastSeq: 1,
    });
    showLive();
    const meta = () =>
      screen.getByText('still there?').closest('.entry')!.querySelector('.meta')!.textContent;
    const clockOnly = formatTime(evening, 'en', evening);
    expect(meta()).toContain(clockOnly);
    vi.setSystemTime(new Date(2030, 4, 7, 0, 1).getTime());
    state.clock.value = Date.now();
    // A row drawn once kept "11:50 PM" all the next day, as if written that morning.
    await waitFor(() => expect(meta()).toContain(formatTime(evening, 'en')));
    expect(formatTime(evening, 'en')).not.toBe(clockOnly);
    state.dispose();
  });
});

describe('transcript blocks', () => {
  const note = (id: string, at: number) => ({
    id,
    conversationId: 'c1',
    author: { id: 'mei', name: 'Mei' },
    text: id,
    createdAt: at,
  });

  it('keeps each block’s key and entries as messages come after it and earlier pages load before it', () => {
    const page = Array.from({ length: 60 }, (_, i) => stamped(i + 61, `m${i + 61}`));
    const before = blocksOf(page, [note('n1', page[10]!.createdAt + 1)]);
    expect(before.map((b) => [b.key, b.entries.length])).toEqual([
      [1, 40], // seqs 61–99 and the note after seq 71
      [2, 21], // seqs 100–120
    ]);
    const older = Array.from({ length: 60 }, (_, i) => stamped(i + 1, `m${i + 1}`));
    const after = blocksOf([...older, ...page, stamped(121, 'm121')], [note('n1', page[10]!.createdAt + 1)]);
    expect(after.map((b) => b.key)).toEqual([0, 1, 2]);
    // The block that was shown keeps its rows (the earlier page's seqs 50–60 join it at its start).
    const kept = after[1]!.entries.slice(11).map((e) => ('message' in e ? e.message : e.note));
    expect(kept).toEqual(before[0]!.entries.map((e) => ('message' in e ? e.message : e.note)));
    expect(after[2]!.entries).toHaveLength(22);
  });

  it('does not read the agent’s own replies back to them, and reads the shopper’s and a colleague’s', async () => {
    const colleague: Message = {
      ...textMessage('c1', 3, 'agent', 'I can take over'),
      author: { kind: 'agent', id: 'lei', name: '李雷 Lei' },
    };
    const { show } = await openConversation({
      id: 'c1',
      messages: [
        textMessage('c1', 1, 'shopper', 'hello'),
        textMessage('c1', 2, 'agent', 'Hi, Mei here'),
        colleague,
      ],
      lastSeq: 3,
    });
    const { container } = show();
    const live = (seq: number) =>
      container
        .querySelector(`[role=log] [data-seq="${seq}"]`)
        ?.closest('[aria-live]')
        ?.getAttribute('aria-live');
    // Mei (signed in) heard "小美 Mei · 10:00 Hi, Mei here" after each Ctrl+Enter.
    expect(live(2)).toBe('off');
    expect(live(1)).toBe('polite');
    expect(live(3)).toBe('polite');
  });
});
