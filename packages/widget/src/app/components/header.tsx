import type { ConversationState } from '@kefu/protocol';
import { safeHref } from '@kefu/sdk/client/light';
import { type Strings, waitWords } from '../strings.ts';

/** A close cross, filled (no stroke to style): the header's button and the launcher while the chat is open. */
export const CLOSE_PATH =
  'M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4z';

/** The line under the shop name: who is answering, or where the shopper is in the queue. */
export function stateLine(state: ConversationState | undefined, t: Strings): string {
  switch (state?.status) {
    case 'queued':
      return t.stateQueued(
        state.queue?.position,
        state.queue?.etaSeconds === undefined ? undefined : waitWords(state.queue.etaSeconds, t),
      );
    case 'assigned':
      return state.agent ? t.stateAssigned(state.agent.name) : t.statePending;
    case 'ticket':
      return t.stateTicket;
    case 'pending':
      return t.statePending;
    case 'closed':
      return t.stateClosed;
    default:
      return t.stateBot;
  }
}

interface Props {
  shopName: string;
  state: ConversationState | undefined;
  t: Strings;
  /** A banner says the connection is down: no line beside it claims the bot "replies instantly". */
  off?: boolean;
  onClose(): void;
}

/** Shop name, the agent (name and avatar) once one is assigned, the conversation's state, and close. */
export function Header({ shopName, state, t, off, onClose }: Props) {
  const agent = state?.status === 'assigned' ? state.agent : undefined;
  const avatar = safeHref(agent?.avatar);
  return (
    <div class="head">
      <span class="av" aria-hidden="true">
        {avatar ? (
          <img src={avatar} alt="" referrerpolicy="no-referrer" />
        ) : (
          // The first character, not UTF-16 unit: an emoji or a rare 汉字 is two units.
          [...(agent?.name ?? shopName)][0]
        )}
      </span>
      <div class="head-text">
        <h2 id="kefu-title">{shopName}</h2>
        {off ? null : (
          <p class="state" data-status={state?.status ?? 'bot'}>
            <span class="dot" aria-hidden="true" />
            {stateLine(state, t)}
          </p>
        )}
      </div>
      <button type="button" class="icon-btn" aria-label={t.close} onClick={onClose}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d={CLOSE_PATH} />
        </svg>
      </button>
    </div>
  );
}
