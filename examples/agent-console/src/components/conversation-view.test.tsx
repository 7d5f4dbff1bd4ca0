import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleState } from '../console-state.ts';
import { STRINGS } from '../strings.ts';
import { conversation, createFakeClient } from '../testing/fake-client.ts';
import { ConversationView } from './conversation-view.tsx';

afterEach(cleanup);
const en = STRINGS.en;

describe('conversation view', () => {
  it('shows whether the shopper has the chat open, and follows presence changes', async () => {
    const fake = createFakeClient({
      conversations: [conversation({ id: 'c1', shopper: { id: 's1', name: 'Ann', identified: true } })],
    });
    const state = createConsoleState(fake.client, { lang: 'en' });
    await state.connect();
    await state.openConversation('c1');
    const View = () => (
      <ConversationView state={state} conversation={state.open.value[0]!} colleagues={[]} groups={[]} />
    );
    render(<View />);
    expect(screen.getByText(en.shopperHere).getAttribute('data-presence')).toBe('online');
    fake.conversations.set('c1', { ...fake.conversations.get('c1')!, shopperOnline: false });
    fake.emit('presence', { conversationId: 'c1', online: false, at: 2_000 });
    await waitFor(() => expect(screen.getByText(en.shopperLeft).getAttribute('data-presence')).toBe('left'));
    state.dispose();
  });
});
