import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { verifyWebhook } from '../webhooks/signature.ts';

/** How the receiver answers: 2xx, a server error, or never (the sender's timeout cuts it). */
export type ReceiverMode = 'ok' | 'fail' | 'hang';

export interface ReceivedWebhook {
  eventId: string;
  type: string;
  body: string;
  signature: string;
  /** Whether `verifyWebhook` accepted the signature with the receiver's secret. */
  verified: boolean;
}

/**
 * A real HTTP webhook receiver on 127.0.0.1 for tests: it records every request as it arrives
 * (so a request it never answers still counts), answers as its `mode` says, and can go away
 * (`stop`: every connection cut as it opens) and come back (`start`). It keeps its port while away:
 * a port given back was taken by another test process in between (EADDRINUSE on `start`).
 * `close` ends it for good.
 * @example
 * const receiver = await webhookReceiver('whsec_test_secret_0123');
 * receiver.mode = 'fail';
 * await receiver.stop();
 * await receiver.start();
 * await receiver.close();
 */
export async function webhookReceiver(secret: string) {
  const received: ReceivedWebhook[] = [];
  const hanging = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  let away = false;
  const state = { mode: 'ok' as ReceiverMode };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const signature = String(req.headers['kefu-signature'] ?? '');
      const parsed = JSON.parse(body) as { id: string; type: string };
      received.push({
        eventId: String(req.headers['kefu-event-id']),
        type: parsed.type,
        body,
        signature,
        verified:
          verifyWebhook(secret, signature, body, { toleranceSec: 1e9 }).ok &&
          parsed.id === req.headers['kefu-event-id'],
      });
      if (state.mode === 'ok') res.writeHead(204).end();
      else if (state.mode === 'fail') res.writeHead(500).end('boom');
      else hanging.add(res);
    });
  };

  const receiver = {
    received,
    get mode() {
      return state.mode;
    },
    set mode(mode: ReceiverMode) {
      state.mode = mode;
    },
    get url() {
      return `http://127.0.0.1:${port}/hooks`;
    },
    /** Distinct event ids received. */
    ids(): Set<string> {
      return new Set(received.map((r) => r.eventId));
    },
    /** Listens, or comes back after `stop`. */
    async start(): Promise<void> {
      away = false;
      if (server) return;
      const s = createServer(handle);
      server = s;
      s.on('connection', (socket) => {
        if (away) return socket.destroy();
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, '127.0.0.1', () => resolve());
      });
      port = (s.address() as AddressInfo).port;
    },
    /** Goes away: open connections are cut, and new ones as they open, until `start`. */
    async stop(): Promise<void> {
      away = true;
      for (const res of hanging) res.destroy();
      hanging.clear();
      for (const socket of sockets) socket.destroy();
    },
    /** Stops listening for good. */
    async close(): Promise<void> {
      await receiver.stop();
      const s = server;
      server = undefined;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
  await receiver.start();
  return receiver;
}
