import { render } from '@testing-library/preact';
import { ConversationView } from '../components/conversation-view.tsx';
import { createConsoleState } from '../console-state.ts';
import { conversation, createFakeClient } from './fake-client.ts';

/**
 * One conversation open in an English console over a fake client, before anything is drawn.
 * `show()` draws its view with the conversation as it is now; `showLive()` draws `View`, which reads
 * the open conversation on each draw (so it follows the state's signals, and fails once it closes).
 */
export async function openConversation(spec: Parameters<typeof conversation>[0]) {
  const c = conversation(spec);
  const fake = createFakeClient({ conversations: [c] });
  const state = createConsoleState(fake.client, { lang: 'en' });
  await state.connect();
  await state.openConversation(c.id);
  const View = () => (
    <ConversationView state={state} conversation={state.open.value[0]!} colleagues={[]} groups={[]} />
  );
  const show = () =>
    render(
      <ConversationView state={state} conversation={state.open.value[0]!} colleagues={[]} groups={[]} />,
    );
  const showLive = () => render(<View />);
  return { c, fake, state, View, show, showLive };
}
