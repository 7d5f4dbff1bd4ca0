/**
 * Webhook receivers on 127.0.0.1 for the attacks on delivery: one that answers 204 and keeps
 * the conversation ids it was sent, and one or more that never answer (the hub gives up at its timeout).
 * Both close when the test ends.
 * @example
 * const r = await answeringAndSilentReceivers();
 * // subscribe r.answering and r.silent, then: until(() => r.received.includes(id), …)
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

export interface WebhookReceivers {
  answering: string;
  /** The first of `silents`. */
  silent: string;
  silents: string[];
  /** Conversation ids the answering receiver was sent, in arrival order. */
  readonly received: string[];
  /** Attempts the silent receivers took, and how many of them the hub has since closed. */
  readonly silentAttempts: { started: number; closed: number };
}

async function listen(onRequest: (req: IncomingMessage, answer: (status: number) => void) => void) {
  const server: Server = createServer((req, res) => {
    onRequest(req, (status) => res.writeHead(status).end());
  });
  onTestFinished(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

export async function answeringAndSilentReceivers(silentCount = 1): Promise<WebhookReceivers> {
  const received: string[] = [];
  const silentAttempts = { started: 0, closed: 0 };
  const answering = await listen((req, answer) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      received.push((JSON.parse(body) as { data: { conversationId: string } }).data.conversationId);
      answer(204);
    });
  });
  const silents: string[] = [];
  for (let i = 0; i < silentCount; i++)
    silents.push(
      await listen((req) => {
        silentAttempts.started++;
        req.resume();
        req.socket.on('close', () => silentAttempts.closed++);
      }),
    );
  return { answering, silent: silents[0]!, silents, received, silentAttempts };
}
