import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../testing/manual-clock.ts';
import { scriptedHub } from '../testing/scripted-hub.ts';
import { memoryStorage } from '../transport/storage.ts';
import { MAX_HUB_FRAME_CHARS } from './hub-frame-guard.ts';
import { createShopperClient } from './light-client.ts';
import type { ShopperClient } from './shopper-client.ts';
import type { ShopperClientEvents } from './shopper-client-types.ts';

const HUB_URL = 'ws://hub.test/light';
const { connections } = scriptedHub(HUB_URL);
const opened: ShopperClient[] = [];
afterEach(() => {
  for (const c of opened.splice(0)) c.close();
});
const waitFor = <T>(check: () => T) => vi.waitFor(check, { timeout: 2000, interval: 2 });

const WELCOME = {
  v: 1,
  type: 'welcome',
  conversation: { id: 'c_1', state: { status: 'bot' }, createdAt: 0, lastSeq: 0 },
  shopper: { id: 's_1', identified: false },
  session: 'session-1',
  limits: { maxFrameBytes: 65_536, maxTextChars: 4000, maxQuickReplies: 10, maxHistoryPage: 100 },
  heartbeatMs: 25_000,
  agentReadSeq: 0,
};
const message = (seq: number, content: object) => ({
  v: 1,
  type: 'message',
  message: { seq, id: `m_${seq}`, conversationId: 'c_1', author: { kind: 'bot' }, createdAt: seq, content },
});

describe('the light shopper client (no zod)', () => {
  it('ignores bad frames with a typed error and keeps working', async () => {
    const c = createShopperClient({
      url: HUB_URL,
      siteKey: 'shop',
      storage: memoryStorage(),
      clock: new ManualClock(1_000_000),
    });
    opened.push(c);
    const errors: ShopperClientEvents['error'][] = [];
    c.on('error', (e) => errors.push(e));
    c.connect();
    await waitFor(() => expect(connections[0]?.frames[0]?.type).toBe('hello'));
    const hub = connections[0]!;
    hub.send(WELCOME);
    await waitFor(() => expect(c.status).toBe('open'));

    hub.send({ v: 1, type: 'toString' });
    hub.send(message(1, { kind: 'quick_replies', replies: [{ label: 'x', payload: 'a\u0000' }] }));
    hub.send({ v: 1, type: 'pong', pad: 'a'.repeat(MAX_HUB_FRAME_CHARS) });
    hub.send(message(1, { kind: 'text', text: 'still here' }));
    hub.send(message(2, { kind: 'sticker', text: '[sticker]' }));
    await waitFor(() => expect(c.messages).toHaveLength(2));

    expect(errors.map((e) => [e.code, e.retryable])).toEqual([
      ['invalid_frame', false],
      ['invalid_frame', false],
      ['invalid_frame', false],
    ]);
    expect(errors[2]!.message).toContain('longer than');
    expect(c.messages.map((m) => m.content)).toEqual([
      { kind: 'text', text: 'still here' },
      { kind: 'text', text: '[sticker]' },
    ]);
    expect(c.lastSeq).toBe(2);
  });
});
