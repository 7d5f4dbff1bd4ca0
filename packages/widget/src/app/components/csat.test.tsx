import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createChatState } from '../chat-state.ts';
import { STRINGS } from '../strings/all.ts';
import { createFakeClient } from '../testing/fake-client.ts';
import { Csat } from './csat.tsx';
import { Panel } from './panel.tsx';

afterEach(cleanup);

const en = STRINGS.en;
const memorySeen = () => {
  let n = 0;
  return {
    get: () => n,
    set: (s: number) => {
      n = s;
    },
  };
};

describe('CSAT survey', () => {
  it('labels each of the five ratings and sends the chosen one with the comment', () => {
    const rated: [number, string][] = [];
    render(<Csat t={en} onRate={(r, c) => rated.push([r, c]) > 0} />);
    expect(screen.getByRole('group', { name: en.csatTitle })).toBeTruthy();
    const send = screen.getByRole('button', { name: en.csatSend }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    fireEvent.click(screen.getByRole('radio', { name: 'Happy' }));
    expect(screen.getByText('Happy', { selector: 'p' })).toBeTruthy();
    fireEvent.input(screen.getByRole('textbox', { name: en.csatComment }), {
      target: { value: '  Quick and kind  ' },
    });
    fireEvent.submit(send.form!);
    expect(rated).toEqual([[4, 'Quick and kind']]);
    expect(send.disabled).toBe(true);
  });

  it('keeps the survey and says so when the rating could not be sent', () => {
    render(<Csat t={en} onRate={() => false} />);
    fireEvent.click(screen.getByRole('radio', { name: 'Very unhappy' }));
    fireEvent.submit(screen.getByRole('button', { name: en.csatSend }).closest('form')!);
    expect(screen.getByRole('alert').textContent).toBe(en.notSent);
    expect((screen.getByRole('button', { name: en.csatSend }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('appears after a conversation with a person is closed, calls client.rate, and hides once rated', async () => {
    const fake = createFakeClient({ state: { status: 'assigned', agent: { id: 'mei', name: 'Mei' } } });
    const chat = createChatState(fake.client, { seen: memorySeen() });
    fake.emit('connection', { status: 'open' });
    const { rerender } = render(<Panel chat={chat} t={en} locale="en" shopName="Shop" onClose={() => {}} />);
    const panel = () => <Panel chat={chat} t={en} locale="en" shopName="Shop" onClose={() => {}} />;
    expect(screen.queryByRole('group', { name: en.csatTitle })).toBeNull();
    fake.emit('state', { status: 'closed', agent: { id: 'mei', name: 'Mei' } });
    rerender(panel());
    // The survey is a chunk of its own, loaded when it is first shown.
    fireEvent.click(await screen.findByRole('radio', { name: 'Very happy' }));
    fireEvent.submit(screen.getByRole('button', { name: en.csatSend }).closest('form')!);
    expect(fake.rated).toEqual([{ rating: 5 }]);
    fake.emit('state', { status: 'closed', agent: { id: 'mei', name: 'Mei' }, rating: 5 });
    rerender(panel());
    expect(screen.queryByRole('group', { name: en.csatTitle })).toBeNull();
    expect(screen.getByText(/Thanks for your rating!/)).toBeTruthy();
  });

  it('is not offered after a conversation only the bot answered', () => {
    const fake = createFakeClient({ state: { status: 'closed' } });
    const chat = createChatState(fake.client, { seen: memorySeen() });
    render(<Panel chat={chat} t={en} locale="en" shopName="Shop" onClose={() => {}} />);
    expect(screen.queryByRole('group', { name: en.csatTitle })).toBeNull();
    expect(screen.getByText(en.closedHint)).toBeTruthy();
  });
});
