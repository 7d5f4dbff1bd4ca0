import type { ConnectionStatus } from '@kefu/sdk/client/light';
import { act, cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createChatState } from '../chat-state.ts';
import { STRINGS } from '../strings/all.ts';
import { createFakeClient } from '../testing/fake-client.ts';
import { Panel } from './panel.tsx';

afterEach(cleanup);

// The header's line says how the chat answers ("replies instantly"): beside a banner saying the
// hub cannot be reached, it would contradict it, so it goes while the banner shows.
describe('the header beside the connection banner', () => {
  const en = STRINGS.en;
  const panel = () => {
    const fake = createFakeClient({ state: { status: 'bot' } });
    const chat = createChatState(fake.client, { seen: { get: () => 0, set: () => {} } });
    chat.setOpen(true);
    const view = render(<Panel chat={chat} t={en} locale="en" shopName="Shop" onClose={() => {}} />);
    const to = (status: ConnectionStatus) => act(() => fake.emit('connection', { status }));
    return { view, to };
  };
  const line = (view: ReturnType<typeof render>) => view.container.querySelector('.head .state');

  it('has no "replies instantly" while the hub cannot be reached, and has it back once connected', () => {
    const { view, to } = panel();
    to('open');
    expect(line(view)?.textContent).toBe(en.stateBot);
    for (const [status, banner] of [
      ['reconnecting', en.reconnecting],
      ['offline', en.offline],
      ['failed', en.failed],
    ] as const) {
      to(status);
      expect(screen.getByRole('status').textContent).toContain(banner);
      expect(line(view)).toBeNull();
      expect(view.container.textContent).not.toContain(en.stateBot);
    }
    to('open');
    expect(screen.queryByText(en.failed)).toBeNull();
    expect(line(view)?.textContent).toBe(en.stateBot);
  });

  it('keeps the line before the first connection, when no banner shows', () => {
    const { view } = panel();
    expect(line(view)?.textContent).toBe(en.stateBot);
  });
});
