import WebSocket from 'ws';
import { createAgentClient } from '../agent/agent-client.ts';
import { createShopperClient, type ShopperClientOptions } from '../client/shopper-client.ts';
import { createHub, type Hub } from '../hub/create-hub.ts';
import type { HubOptions } from '../hub/hub-options.ts';
import { silentLogger } from '../hub/logger.ts';
import type { WebSocketConstructor } from '../transport/socket.ts';
import { memoryStorage } from '../transport/storage.ts';

export const ORIGIN = 'https://shop.test';
export const AGENT_TOKEN = 'agent-token-mei';
export const AGENT2_TOKEN = 'agent-token-lei';
export const SUPERVISOR_TOKEN = 'agent-token-boss';

/** A `ws` WebSocket that sends the given Origin, as a browser on the shop's page would. */
export function wsWithOrigin(origin: string | undefined = ORIGIN): WebSocketConstructor {
  return class extends WebSocket {
    constructor(url: string) {
      super(url, origin === undefined ? {} : { origin });
    }
  } as unknown as WebSocketConstructor;
}

/** Like {@link wsWithOrigin}, and keeps every socket it made so a test can cut them. */
export function killableWs(origin: string | undefined = ORIGIN) {
  const sockets: WebSocket[] = [];
  const Ctor = class extends WebSocket {
    constructor(url: string) {
      super(url, origin === undefined ? {} : { origin });
      sockets.push(this);
    }
  } as unknown as WebSocketConstructor;
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
    ...overrides,
  });
  const { url } = await hub.listen({ port: 0 });
  return { hub, url };
}

export function shopper(url: string, options: Partial<ShopperClientOptions> = {}) {
  return createShopperClient({
    url,
    siteKey: 'shop',
    WebSocket: wsWithOrigin(),
    storage: memoryStorage(),
    backoff: { initialMs: 20, maxMs: 200 },
    ...options,
  });
}

export function agent(
  url: string,
  token = AGENT_TOKEN,
  WebSocketImpl: WebSocketConstructor = wsWithOrigin(undefined),
) {
  return createAgentClient({ url, token, WebSocket: WebSocketImpl, backoff: { initialMs: 20, maxMs: 200 } });
}

/** Resolves when `check` holds, polling on real time; fails the test with `what` after `timeoutMs`. */
export async function until(
  check: () => boolean,
  what: string | (() => string),
  timeoutMs = 10_000,
): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out waiting for: ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A raw socket for protocol-level tests: every frame it receives, parsed. */
export async function rawSocket(url: string, origin: string | undefined = ORIGIN) {
  const ws = new WebSocket(url, origin === undefined ? {} : { origin });
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
      let found: Record<string, unknown> | undefined;
      await until(
        () => (found = frames.slice(from).find((f) => f.type === type)) !== undefined,
        `a ${type} frame`,
      );
      return found!;
    },
    waitClosed: async () => {
      await until(() => closed !== undefined, 'the socket to close');
      return closed!;
    },
  };
}
