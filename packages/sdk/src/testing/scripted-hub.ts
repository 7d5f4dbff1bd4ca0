import { ws } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, vi } from 'vitest';
import type { WebSocketConstructor } from '../transport/socket.ts';

export type Frame = Record<string, unknown>;

/** One client connection to the scripted hub: what it sent, and the hub's side of it. */
export interface HubConnection {
  url: string;
  frames: Frame[];
  send(frame: object): void;
  close(code: number, reason?: string): void;
}

/**
 * A scripted hub for client tests: msw answers the global WebSocket at `url`, and each test plays
 * the hub's part frame by frame. Registers its own vitest hooks; `connections` is emptied per test.
 */
export function scriptedHub(url: string): { connections: HubConnection[] } {
  const connections: HubConnection[] = [];
  const server = setupServer(
    ws.link(url).addEventListener('connection', ({ client }) => {
      const conn: HubConnection = {
        url: client.url.href,
        frames: [],
        send: (frame) => client.send(JSON.stringify(frame)),
        close: (code, reason) => client.close(code, reason),
      };
      client.addEventListener('message', (event) => conn.frames.push(JSON.parse(String(event.data))));
      connections.push(conn);
    }),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
  beforeEach(() => {
    connections.length = 0;
  });
  return { connections };
}

/** Polls often: msw delivers within a few event-loop turns. */
export const waitFor = <T>(check: () => T | Promise<T>) => vi.waitFor(check, { timeout: 2000, interval: 2 });

/** The global (msw) WebSocket, counting constructions so a test can see a reconnect start synchronously. */
export function countingWebSocket() {
  const Global = globalThis.WebSocket;
  let made = 0;
  const Ctor: WebSocketConstructor = class extends Global {
    constructor(url: string) {
      super(url);
      made++;
    }
  };
  return {
    Ctor,
    get made() {
      return made;
    },
  };
}
