/** The shopper client's tests against a scripted hub (msw): the frames it sends and the helpers. */
import { afterEach, expect } from 'vitest';
import type { ShopperClient } from '../client/shopper-client.ts';
import type { ShopperClientOptions } from '../client/shopper-client-types.ts';
import { createShopperClient } from '../client/zod-client.ts';
import { type KeyValueStorage, memoryStorage } from '../transport/storage.ts';
import { ManualClock } from './manual-clock.ts';
import { countingWebSocket, type Frame, type HubConnection, scriptedHub, waitFor } from './scripted-hub.ts';

export { waitFor };

const HUB_URL = 'ws://hub.test/kefu';

// ── frames the scripted hub sends ───────────────────────────────────────────

export const welcome = (o: { conversationId?: string; session?: string; identified?: boolean } = {}) => ({
  v: 1,
  type: 'welcome',
  conversation: { id: o.conversationId ?? 'c_1', state: { status: 'bot' }, createdAt: 0, lastSeq: 0 },
  shopper: { id: 's_1', identified: o.identified ?? false },
  session: o.session ?? 'session-1',
  limits: { maxFrameBytes: 65_536, maxTextChars: 4000, maxQuickReplies: 10, maxHistoryPage: 100 },
  heartbeatMs: 25_000,
  agentReadSeq: 0,
});
export const message = (seq: number, extra: { clientMsgId?: string; text?: string } = {}) => ({
  v: 1,
  type: 'message',
  message: {
    seq,
    id: `m_${seq}`,
    conversationId: 'c_1',
    ...(extra.clientMsgId ? { clientMsgId: extra.clientMsgId } : {}),
    author: extra.clientMsgId ? { kind: 'shopper' } : { kind: 'bot', name: 'Kefu' },
    createdAt: seq,
    content: { kind: 'text', text: extra.text ?? `message ${seq}` },
  },
});
export const ack = (clientMsgId: string, seq: number) => ({
  v: 1,
  type: 'ack',
  conversationId: 'c_1',
  clientMsgId,
  seq,
  messageId: `m_${seq}`,
  createdAt: seq,
  duplicate: false,
});
export const error = (code: string, retryable: boolean, clientMsgId?: string) => ({
  v: 1,
  type: 'error',
  code,
  message: `hub says ${code}`,
  retryable,
  ...(clientMsgId ? { clientMsgId } : {}),
});

// ── helpers ─────────────────────────────────────────────────────────────────

export function framesOf(conn: HubConnection, type: string): Frame[] {
  return conn.frames.filter((f) => f.type === type);
}

/**
 * A scripted hub: msw answers the client's global WebSocket, and each test plays the hub's part
 * frame by frame, so the client is tested against exactly the situation the test describes.
 * Call once per test file, at its top: it registers the file's hooks (clients closed after each test).
 */
export function scriptedShopperHub() {
  const { connections } = scriptedHub(HUB_URL);
  const opened: ShopperClient[] = [];
  afterEach(() => {
    for (const c of opened.splice(0)) c.close();
  });
  let barrierSeq = 10_000;

  function client(options: Partial<ShopperClientOptions> & { storage?: KeyValueStorage } = {}) {
    const clock = new ManualClock(1_000_000);
    const sockets = countingWebSocket();
    const c = createShopperClient({
      url: HUB_URL,
      siteKey: 'shop',
      storage: memoryStorage(),
      clock,
      WebSocket: sockets.Ctor,
      backoff: { initialMs: 1000, maxMs: 8000 },
      ...options,
    });
    opened.push(c);
    return { c, clock, sockets };
  }

  async function connection(n: number): Promise<HubConnection> {
    await waitFor(() => expect(connections.length).toBeGreaterThanOrEqual(n));
    return connections[n - 1]!;
  }

  async function nthFrame(conn: HubConnection, type: string, n = 1): Promise<Frame> {
    return waitFor(() => {
      const frame = framesOf(conn, type)[n - 1];
      if (!frame) throw new Error(`no ${type} frame #${n} yet`);
      return frame;
    });
  }

  /**
   * Waits until everything the client sent so far has reached the hub: a socket delivers in order,
   * so once a marker frame sent now arrives, nothing sent before it is still in flight. This is
   * how "sent exactly once" is checked without sleeping.
   */
  async function barrier(c: ShopperClient, conn: HubConnection): Promise<void> {
    const seq = barrierSeq++;
    c.markRead(seq);
    await waitFor(() => expect(framesOf(conn, 'read').some((f) => f.seq === seq)).toBe(true));
  }

  /** Connects and completes the hello/welcome exchange. */
  async function welcomed(c: ShopperClient, n = 1, frame: object = welcome()): Promise<HubConnection> {
    if (n === 1) c.connect();
    const conn = await connection(n);
    await nthFrame(conn, 'hello');
    conn.send(frame);
    await waitFor(() => expect(c.status).toBe('open'));
    return conn;
  }

  const sendFrames = (conn: HubConnection) => framesOf(conn, 'send');
  return { connections, client, connection, nthFrame, barrier, welcomed, sendFrames };
}
