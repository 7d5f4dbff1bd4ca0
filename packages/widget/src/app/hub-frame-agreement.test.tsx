import { resolveVector, type VectorEntry } from '@kefu/protocol/vectors';
import file from '@kefu/protocol/vectors/hub-to-shopper.json';
import { createShopperClient as createZodClient, decodeHubFrame } from '@kefu/sdk/client';
import {
  createShopperClient as createLightClient,
  guardHubFrame,
  memoryStorage,
  type ShopperClientEvents,
} from '@kefu/sdk/client/light';
import { act, cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createChatState } from './chat-state.ts';
import { Panel } from './components/panel.tsx';
import { STRINGS } from './strings/all.ts';
import { TestSocket } from './testing/test-socket.ts';

// Every hub-to-shopper vector of the protocol goes through the widget's guard (the light client)
// and through the zod schemas (the full client), and both clients' panels are rendered: where zod
// accepts a frame, the guard must too, with the same rendered panel and the same client state.

type Create = typeof createLightClient;

afterEach(cleanup);

/** What the hub says first, so that every vector lands in a welcomed conversation. */
const WELCOME = JSON.stringify({
  v: 1,
  type: 'welcome',
  conversation: { id: 'c_7Hq2kP', state: { status: 'bot' }, createdAt: 0, lastSeq: 0 },
  shopper: { id: 's_1', identified: false },
  session: 'sess_1',
  limits: { maxFrameBytes: 65_536, maxTextChars: 4000, maxQuickReplies: 10, maxHistoryPage: 100 },
  heartbeatMs: 25_000,
  agentReadSeq: 0,
});
/** What the hub says after the vector: the widget must still show it. */
const CANARY = JSON.stringify({
  v: 1,
  type: 'message',
  message: {
    seq: 9999,
    id: 'm_canary',
    conversationId: 'c_7Hq2kP',
    author: { kind: 'agent', name: 'Li' },
    createdAt: 0,
    content: { kind: 'text', text: 'still listening' },
  },
});

/** Plays the frames to a client made by `create`, opens the panel, and returns what it shows and holds. */
function play(create: Create, frame: string) {
  const client = create({
    url: 'ws://hub.test/kefu',
    siteKey: 'shop',
    storage: memoryStorage(),
    WebSocket: TestSocket,
  });
  const errors: ShopperClientEvents['error'][] = [];
  client.on('error', (e) => errors.push(e));
  const chat = createChatState(client, { seen: { get: () => 0, set: () => {} } });
  chat.setOpen(true);
  const socket = TestSocket.last!;
  socket.readyState = 1;
  socket.onopen?.({});
  for (const data of [WELCOME, frame]) socket.onmessage?.({ data });
  const { container } = render(
    <Panel chat={chat} t={STRINGS.en} locale="en" shopName="Shop" onClose={() => {}} />,
  );
  const html = container.innerHTML;
  act(() => socket.onmessage?.({ data: CANARY }));
  const after = container.textContent ?? '';
  const held = {
    messages: client.messages,
    state: client.state,
    agentReadSeq: client.agentReadSeq,
    lastSeq: client.lastSeq,
    status: client.status,
  };
  cleanup();
  chat.dispose();
  client.close();
  return { html, after, held, errors };
}

type Repair = {
  why: string;
  /** The dotted path of the field zod refuses, and its repaired value (undefined: removed). */
  at: string;
  to(value: unknown): unknown;
  /** The field is shown as text: the guard's panel shows it whole where the repair cut it. */
  shown?: true;
};
const cut = (max: number) => (value: unknown) => String(value).slice(0, max);
const SHOWN_TEXT = 'text that is only shown is a text node; its length is bounded by the frame size';
const ONLY_RE = 're is only compared with the id of the history request in flight';
const EVENTS = "an order's events are not shown: the card shows its status";
const ACK = 'an ack only settles the outbox entry of its clientMsgId; nothing else of it is read';

/**
 * The vectors zod refuses and the guard accepts, why showing them is harmless, and the smallest
 * repair that makes zod accept them: the guard's panel for the vector must equal the panel for
 * the repaired frame (but for `shown` text, which the guard's panel shows whole).
 */
const RETRY_HINT = "an error's retryAfterMs is not read: the widget's backoff is its own (bytes)";
const ANY_CODE =
  'an error code not shaped like one reads as the closest known one, as a newer code does: only the code read is branched on (bytes)';
const HARMLESS: Record<string, Repair> = {
  'error: code not snake_case': { why: ANY_CODE, at: 'code', to: () => 'store_unavailable' },
  'error: code of 65 characters': { why: ANY_CODE, at: 'code', to: () => 'store_unavailable' },
  'error: code not a string': { why: ANY_CODE, at: 'code', to: () => 'store_unavailable' },
  'welcome: negative conversation lastSeq': {
    why: 'conversation.lastSeq is not read: the client resumes from the messages it holds',
    at: 'conversation.lastSeq',
    to: () => 0,
  },
  'welcome: missing limits': {
    why: 'welcome.limits is not read: the widget checks against the protocol LIMITS it is built with',
    at: 'limits',
    to: () => ({ maxFrameBytes: 65_536, maxTextChars: 4000, maxQuickReplies: 10, maxHistoryPage: 100 }),
  },
  'message: quick-reply text of maxTextChars + 1 (4001) characters': {
    why: SHOWN_TEXT,
    at: 'message.content.text',
    to: cut(4000),
    shown: true,
  },
  'message: text one character past maxTextChars (4001)': {
    why: SHOWN_TEXT,
    at: 'message.content.text',
    to: cut(4000),
    shown: true,
  },
  'message: order card with maxOrderEvents + 1 (21) events': {
    why: EVENTS,
    at: 'message.content.order.events',
    to: (events) => (events as unknown[]).slice(0, 20),
  },
  'message: order card without events': { why: EVENTS, at: 'message.content.order.events', to: () => [] },
  'message: unknown system event': {
    why: "a system line shows its text, not its event (a newer hub's event reads like the others)",
    at: 'message.content.event',
    to: () => 'notice',
  },
  'ack: seq 0': { why: ACK, at: 'seq', to: () => 1 },
  'ack: missing duplicate': { why: ACK, at: 'duplicate', to: () => false },
  'typing: system cannot type': {
    why: "the typing line shows the author's name; the kind is not read",
    at: 'author.kind',
    to: () => 'bot',
  },
  'state: a follow-up time past maxTimestamp is no date a client can show': {
    why: 'a follow-up time past the year 9999 is not shown (a hub never sends one: it refuses such a dueAt)',
    at: 'state.followUpAt',
    to: () => undefined,
  },
  'read: read by the bot': {
    why: 'only the seq is read (the read ticks); who read it is not',
    at: 'by',
    to: () => 'agent',
  },
  'error: message of 1001 characters': {
    why: "an error's message is not shown (a refused send shows its own failed state)",
    at: 'message',
    to: cut(1000),
  },
  'error: retryAfterMs negative': { why: RETRY_HINT, at: 'retryAfterMs', to: () => undefined },
  'error: retryAfterMs not whole': { why: RETRY_HINT, at: 'retryAfterMs', to: () => undefined },
  'error: retryAfterMs past 2^31 - 1 (a timer fires at once)': {
    why: RETRY_HINT,
    at: 'retryAfterMs',
    to: () => undefined,
  },
  're of maxIdChars + 1 (65) characters': { why: ONLY_RE, at: 're', to: cut(64) },
  're is a number': { why: ONLY_RE, at: 're', to: () => undefined },
  're is empty': { why: ONLY_RE, at: 're', to: () => undefined },
  'message: image of media type image/svg+xml': {
    why: "an image's media type is not read: the widget links to the image, which the hub serves as the type it stored, with nosniff",
    at: 'message.content.mediaType',
    to: () => 'image/jpeg',
  },
  'message: image of width 0': {
    why: "an image's dimensions are not read: the widget shows a link, not the image",
    at: 'message.content.width',
    to: () => 1536,
  },
  'message: image with an empty caption': {
    why: 'an empty caption names the link like no caption does',
    at: 'message.content.caption',
    to: () => undefined,
  },
  'state: ticket with an unknown tier': {
    why: "a ticket's tier is not shown",
    at: 'state.ticket.tier',
    to: () => 'L3',
  },
};

/** The field at a dotted path of a parsed frame: its parent object and key. */
function field(frame: unknown, path: string): { parent: Record<string, unknown>; key: string } {
  const keys = path.split('.');
  const key = keys.pop()!;
  let parent = frame as Record<string, unknown>;
  for (const k of keys) parent = parent[k] as Record<string, unknown>;
  return { parent, key };
}

// Imported rather than read with loadVectors: under happy-dom, import.meta.url is not a file URL.
const vectors = (file.vectors as VectorEntry[]).map(resolveVector);

describe('the widget guard and the zod schemas on every hub-to-shopper vector', () => {
  it('covers the vector file', () => {
    expect(vectors.length).toBeGreaterThan(100);
    expect(vectors.filter((v) => v.expect === 'valid').length).toBeGreaterThan(50);
  });

  it.each(vectors.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    const zod = decodeHubFrame(vector.raw);
    const guard = guardHubFrame(vector.raw);
    const light = play(createLightClient, vector.raw);
    // Whatever came, the widget keeps working: the next message is shown.
    expect(light.after).toContain('still listening');
    if (zod.ok) {
      expect(guard.ok).toBe(true);
      const full = play(createZodClient, vector.raw);
      expect(light.html).toBe(full.html);
      expect(light.held).toEqual(full.held);
      expect(light.errors).toEqual(full.errors);
    } else if (guard.ok) {
      const harmless = HARMLESS[vector.name];
      expect(harmless, 'accepted by the guard only, and not listed in HARMLESS').toBeDefined();
      const repaired = JSON.parse(vector.raw) as unknown;
      const { parent, key } = field(repaired, harmless!.at);
      const original = parent[key];
      const value = harmless!.to(original);
      if (value === undefined) delete parent[key];
      else parent[key] = value;
      const raw = JSON.stringify(repaired);
      expect(decodeHubFrame(raw).ok, 'the repair makes zod accept it').toBe(true);
      const expected = play(createZodClient, raw).html;
      expect(light.html).toBe(harmless!.shown ? expected.replace(String(value), String(original)) : expected);
    } else {
      expect(guard.code).toBe(zod.code === 'frame_too_large' ? 'frame_too_large' : zod.code);
      expect(light.errors.map((e) => e.code)).toEqual(['invalid_frame']);
    }
  });

  it('lists exactly the vectors the guard accepts and zod refuses', () => {
    const guardOnly = vectors
      .filter((v) => guardHubFrame(v.raw).ok && !decodeHubFrame(v.raw).ok)
      .map((v) => v.name);
    expect(guardOnly.sort()).toEqual(Object.keys(HARMLESS).sort());
  });
});
