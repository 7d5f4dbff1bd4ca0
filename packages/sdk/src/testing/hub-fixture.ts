import { randomBytes } from 'node:crypto';
import { Socket } from 'node:net';
import WebSocket from 'ws';
import { createAgentClient } from '../agent/agent-client.ts';
import type { ShopperClientOptions } from '../client/shopper-client-types.ts';
import { createShopperClient } from '../client/zod-client.ts';
import { createHub, type Hub } from '../hub/create-hub.ts';
import type { HubOptions } from '../hub/hub-options.ts';
import { silentLogger } from '../logger.ts';
import type { WebSocketConstructor } from '../transport/socket.ts';
import { memoryStorage } from '../transport/storage.ts';
import { eventually } from './eventually.ts';
import { track, trackHub } from './started.ts';
import { until } from './until.ts';

export { until };

export const ORIGIN = 'https://shop.test';
// Long and varied enough for the hub's check on agent tokens (at least 20 characters, varied, no pattern repeated).
export const AGENT_TOKEN = 'agent-token-mei-4f9c2a7e1b';
export const AGENT2_TOKEN = 'agent-token-lei-8d3b6f0c5a';
export const SUPERVISOR_TOKEN = 'agent-token-boss-2e7a9c4f1d';

/** A `ws` WebSocket that sends the given Origin, as a browser on the shop's page would. */
export function wsWithOrigin(origin: string | null = ORIGIN): WebSocketConstructor {
  return class extends WebSocket {
    constructor(url: string) {
      super(url, origin === null ? {} : { origin });
    }
  };
}

/** Like {@link wsWithOrigin}, and keeps every socket it made so a test can cut them. */
export function killableWs(origin: string | null = ORIGIN) {
  const sockets: WebSocket[] = [];
  const Ctor: WebSocketConstructor = class extends WebSocket {
    constructor(url: string) {
      super(url, origin === null ? {} : { origin });
      sockets.push(this);
    }
  };
  return {
    WebSocket: Ctor,
    /** Drops the newest open socket without a closing handshake, like a lost network. */
    kill(): boolean {
      const open = sockets.filter((s) => s.readyState === WebSocket.OPEN);
      const last = open.at(-1);
      last?.terminate();
      return last !== undefined;
    },
  };
}

/** A hub on 127.0.0.1 with a random port, one site and three agents. */
export async function startHub(overrides: Partial<HubOptions> = {}): Promise<{ hub: Hub; url: string }> {
  const hub = createHub({
    sites: [{ key: 'shop', origins: [ORIGIN], identitySecret: 'identity-secret-for-tests' }],
    agents: [
      { id: 'mei', name: 'Mei', token: AGENT_TOKEN, groups: ['default'] },
      { id: 'lei', name: 'Lei', token: AGENT2_TOKEN, groups: ['default', 'vip'] },
      { id: 'boss', name: 'Boss', token: SUPERVISOR_TOKEN, groups: [], supervisor: true },
    ],
    logger: silentLogger,
    // Most tests drive assignment by hand; the routing tests use the defaults (auto, tickets when unstaffed).
    routing: { assignment: 'manual', ticketWhenUnstaffed: false },
    ...overrides,
  });
  trackHub(hub);
  const { url } = await hub.listen({ port: 0 });
  return { hub, url };
}

/**
 * Runs the hub's abandonment sweep until it closes one conversation idle for `idleMs`: on a busy
 * machine the conversation's last write (a read mark, the bot's last part) may land after the test
 * saw the answer, and a sweep before it rightly closes nothing.
 */
export async function closedOnceIdle(hub: Hub, idleMs: number): Promise<void> {
  await eventually(async () => (await hub.admin.closeAbandoned(idleMs)).closed === 1, 'closed once idle');
}

export function shopper(url: string, options: Partial<ShopperClientOptions> = {}) {
  return track(
    createShopperClient({
      url,
      siteKey: 'shop',
      WebSocket: wsWithOrigin(),
      storage: memoryStorage(),
      backoff: { initialMs: 20, maxMs: 200 },
      ...options,
    }),
  );
}

export function agent(
  url: string,
  token = AGENT_TOKEN,
  WebSocketImpl: WebSocketConstructor = wsWithOrigin(null),
) {
  return track(
    createAgentClient({
      url,
      token,
      WebSocket: WebSocketImpl,
      backoff: { initialMs: 20, maxMs: 200 },
      // Tests wait on progress (`until`, `settleAll`), not on a request's clock: one connection's
      // frames are answered in order, and a burst of them takes long on a busy machine.
      requestTimeoutMs: 120_000,
    }),
  );
}

/**
 * A shopper who asked for a person (转人工), and an agent (Mei unless `token` says otherwise) who
 * accepted them: where most agent-side tests start. Both clients are tracked, so closed after the test.
 * @example
 * const { s, a, conversation } = await handedToAgent(url, { locale: 'zh-CN' });
 */
export async function handedToAgent(
  url: string,
  shopperOptions: Partial<ShopperClientOptions> = {},
  token = AGENT_TOKEN,
) {
  const s = await shopperAskingForPerson(url, 'queued', shopperOptions);
  const a = agent(url, token);
  await a.connect();
  const conversation = await a.accept(s.conversationId!);
  return { s, a, conversation };
}

/**
 * A tracked shopper on `url` who asked for a person (`text`), once their conversation is `status`
 * (queued when no agent takes it at once, assigned when routing does).
 */
export async function shopperAskingForPerson(
  url: string,
  status: 'queued' | 'assigned',
  shopperOptions: Partial<ShopperClientOptions> = {},
  text = '转人工',
) {
  const s = shopper(url, shopperOptions);
  s.connect();
  await until(() => s.status === 'open', 'welcome');
  s.send(text);
  await until(
    () => s.state?.status === status,
    () => `${status} (state ${s.state?.status})`,
  );
  return s;
}

/** A raw socket for protocol-level tests: every frame it receives, parsed. */
export async function rawSocket(url: string, origin: string | null = ORIGIN) {
  const ws = new WebSocket(url, origin === null ? {} : { origin });
  const frames: Array<Record<string, unknown>> = [];
  let closed: { code: number; reason: string } | undefined;
  ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
  ws.on('close', (code, reason) => {
    closed = { code, reason: reason.toString() };
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    frames,
    get closed() {
      return closed;
    },
    send: (frame: unknown) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    next: async (type: string, from = 0) => {
      const find = () => frames.slice(from).find((f) => f.type === type);
      await until(() => find() !== undefined, `a ${type} frame`);
      return find()!;
    },
    waitClosed: async () => {
      await until(() => closed !== undefined, 'the socket to close');
      return closed!;
    },
  };
}

/**
 * A client that completes the WebSocket handshake by hand and then reads nothing and answers
 * nothing (no pongs): a frozen tab, or a consumer too slow to keep up.
 */
export async function frozenClient(url: string, firstFrame?: object) {
  const { port, pathname, search } = new URL(url.replace(/^ws/, 'http'));
  const socket = new Socket();
  let closed = false;
  socket.on('close', () => {
    closed = true;
  });
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.connect(Number(port), '127.0.0.1', resolve));
  socket.write(
    `GET ${pathname}${search} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nOrigin: ${ORIGIN}\r\n\r\n`,
  );
  await new Promise<void>((resolve) => socket.once('data', () => resolve()));
  if (firstFrame) socket.write(maskedTextFrame(JSON.stringify(firstFrame)));
  socket.pause();
  return {
    get closed() {
      return closed;
    },
    destroy: () => socket.destroy(),
  };
}

/** One masked text frame, as clients must send them (RFC 6455 §5.2). */
function maskedTextFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const header =
    payload.length < 126
      ? Buffer.from([0x81, 0x80 | payload.length])
      : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!));
  return Buffer.concat([header, mask, masked]);
}
