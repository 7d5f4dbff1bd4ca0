import type { Content } from '@kefu/protocol';
import { ACTION_PAYLOADS } from './actions.ts';
import { NOTIFY_PAYLOADS } from './notify.ts';

/**
 * Whether a shopper's message is a tap on a notice's own buttons — a self-service action or
 * "stop these updates" — rather than a question: the contacts-after-a-notification metric leaves
 * these out ("talk to a person" stays a contact).
 * @example
 * answersNotice({ kind: 'text', text: '确认', payload: 'kefu:action.confirm:requestReturn:SO-1' }); // true
 */
export function answersNotice(content: Content): boolean {
  if (content.kind !== 'text' || content.payload === undefined) return false;
  return (
    content.payload.startsWith(ACTION_PAYLOADS.offer.slice(0, -1)) || content.payload === NOTIFY_PAYLOADS.stop
  );
}
