import type { Message } from '@kefu/protocol';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleState } from '../console-state.ts';
import {
  conversation,
  createFakeClient,
  imageContent,
  inboxItem,
  textMessage,
} from '../testing/fake-client.ts';
import { ConversationView } from './conversation-view.tsx';
import { Inbox } from './inbox.tsx';
import { bidiSafe } from './said.tsx';

afterEach(cleanup);

// What an attacker types: RIGHT-TO-LEFT OVERRIDE before a reversed extension, so `gpj.exe` shows
// as `exe.jpg`; and every other control that can reorder text.
const RLO = '\u202E';
const CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const spoof = (s: string) => `${s}${RLO}gpj.exe`;

/** The bidi controls left in an element's text and in its alt and aria-label attributes. */
const controlsIn = (el: Element) =>
  [
    el.textContent ?? '',
    ...[...el.querySelectorAll('[alt],[aria-label]')].flatMap((e) => [
      e.getAttribute('alt') ?? '',
      e.getAttribute('aria-label') ?? '',
    ]),
  ]
    .join('\n')
    .match(new RegExp(CONTROLS.source, 'g')) ?? [];

describe('shopper text in the console', () => {
  it('drops the bidi controls a shopper could reorder text with', () => {
    expect(bidiSafe(`photo${RLO}gpj.exe`)).toBe('photogpj.exe');
    expect(bidiSafe('a\u2066b\u2067c\u2068d\u2069e\u200Ff\u200Eg\u061Ch\u202Ai\u202Bj\u202Ck\u202Dl')).toBe(
      'abcdefghijkl',
    );
    // Arabic and Hebrew stay as typed: only the controls go.
    expect(bidiSafe('مرحبا שלום')).toBe('مرحبا שלום');
  });

  it('shows a spoofed name, message and photo caption as typed, each in its own direction', async () => {
    const caption = spoof('receipt');
    const photo: Message = {
      ...textMessage('c1', 2, 'shopper', ''),
      content: imageContent('img_1', 'c1', 't', caption),
    };
    const fake = createFakeClient({
      conversations: [
        conversation({
          id: 'c1',
          shopper: { id: 's1', name: spoof('Ann'), identified: true },
          messages: [textMessage('c1', 1, 'shopper', spoof('open invoice.')), photo],
          lastSeq: 2,
        }),
      ],
    });
    const state = createConsoleState(fake.client, { lang: 'en' });
    await state.connect();
    await state.openConversation('c1');
    const { container } = render(
      <ConversationView state={state} conversation={state.open.value[0]!} colleagues={[]} groups={[]} />,
    );
    expect(controlsIn(container)).toEqual([]);
    expect(container.querySelector('h2 bdi[dir=auto]')?.textContent).toBe('Anngpj.exe');
    expect(container.querySelector('[data-seq="1"] .text bdi[dir=auto]')?.textContent).toBe(
      'open invoice.gpj.exe',
    );
    expect(container.querySelector('[data-seq="1"] .meta bdi[dir=auto]')?.textContent).toBe('Anngpj.exe');
    expect(container.querySelector('[data-seq="2"] .caption bdi[dir=auto]')?.textContent).toBe(
      'receiptgpj.exe',
    );
    state.dispose();
  });

  it('shows a spoofed name and preview in the inbox as typed', async () => {
    const fake = createFakeClient();
    const state = createConsoleState(fake.client, { lang: 'en', now: () => 0 });
    await state.connect();
    fake.emit('inbox', [
      inboxItem({
        conversationId: 'q1',
        shopper: { id: 's1', name: spoof('Ann'), identified: true },
        lastMessage: { seq: 1, authorKind: 'shopper', preview: `[photo] ${spoof('x')}`, at: 0 },
      }),
    ]);
    const { container } = render(<Inbox state={state} />);
    fireEvent.click(screen.getByRole('tab', { name: /Queued/ }));
    const row = await waitFor(() => {
      const found = container.querySelector('[data-conversation=q1]');
      expect(found).not.toBeNull();
      return found!;
    });
    expect(controlsIn(row)).toEqual([]);
    expect(row.querySelector('.who bdi[dir=auto]')?.textContent).toBe('Anngpj.exe');
    expect(row.querySelector('.preview bdi[dir=auto]')?.textContent).toBe('[Photo] xgpj.exe');
    state.dispose();
  });
});
