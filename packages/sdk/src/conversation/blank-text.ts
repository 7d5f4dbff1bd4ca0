import { KefuError } from '@kefu/protocol';

/**
 * Refuses a text message (or an agent's note, `field` 'text') of only spaces and new lines (U+3000
 * included), from anyone: it would wake the bot and the queue for nothing and sit in the transcript.
 * Checked here, not in the protocol's schema: the widget decodes with that schema, and its bytes are spent.
 */
export function requireNotBlank(content: { kind: string; text?: string }, field = 'content.text'): void {
  if (content.kind === 'text' && !content.text?.trim())
    throw new KefuError('invalid_frame', `${field}: a message must hold more than spaces and new lines`);
}
