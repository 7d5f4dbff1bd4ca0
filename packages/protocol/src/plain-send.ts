import type { TextContent } from './content.ts';
import { LIMITS } from './limits.ts';
import type { ShopperSend } from './shopper-frames.ts';
import { ID_PATTERN, STORED_TEXT_PATTERN } from './storable-text.ts';

// The hub's commonest frames, checked without zod: a shopper's text message, and the bot's text
// answer. zod's parse made some 2 KB of garbage per message (its payload and context objects,
// for every nested schema), the largest single share of what the hub allocates. These checks
// accept only what the schemas accept (a subset: anything they do not recognise goes to zod,
// which then accepts or refuses it as before), and give what zod would give (`plain-send.test.ts`
// compares them).

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isId = (value: unknown): value is string =>
  typeof value === 'string' &&
  value.length >= 1 &&
  value.length <= LIMITS.maxIdChars &&
  ID_PATTERN.test(value);

const isStoredText = (value: unknown, min: number, max: number): value is string =>
  typeof value === 'string' && value.length >= min && value.length <= max && STORED_TEXT_PATTERN.test(value);

/**
 * True when `value` certainly passes `TextContent` (and so `Content`, `ShopperContent` and
 * `AgentContent`); false says nothing: the schema decides then.
 * @example
 * isPlainTextContent({ kind: 'text', text: 'hi' }); // true
 */
export function isPlainTextContent(value: unknown): value is TextContent {
  if (!isRecord(value) || value.kind !== 'text') return false;
  if (!isStoredText(value.text, 1, LIMITS.maxTextChars)) return false;
  const { payload } = value;
  return payload === undefined || isStoredText(payload, 0, LIMITS.maxPayloadChars);
}

/**
 * A decoded JSON frame (its `v` checked already) as `ShopperToHub` would parse it, when it is a
 * `send` of text that certainly passes; undefined otherwise (the schema decides then). Built as
 * zod builds it: the schema's keys in the schema's order, unknown ones left out.
 * @example
 * plainShopperSend({ v: 1, type: 'send', clientMsgId: 'm1', content: { kind: 'text', text: 'hi' } });
 */
export function plainShopperSend(frame: Record<string, unknown>): ShopperSend | undefined {
  if (frame.type !== 'send') return undefined;
  const { id, clientMsgId, content } = frame;
  if ((id !== undefined && !isId(id)) || !isId(clientMsgId) || !isPlainTextContent(content)) return undefined;
  // An optional key given as undefined stays, as in zod's output (JSON never gives one).
  const text: TextContent = { kind: 'text', text: content.text };
  if ('payload' in content) text.payload = content.payload as string;
  const send: ShopperSend = { v: frame.v as ShopperSend['v'], type: 'send' } as ShopperSend;
  if ('id' in frame) send.id = id as string;
  send.clientMsgId = clientMsgId;
  send.content = text;
  return send;
}
