/**
 * A server process for the load benchmark: the Kefu hub (validation, in-memory store, the
 * built-in understanding and an instant bot) or, for comparison, a bare `ws` echo server that
 * parses each frame and answers it. It reports its CPU time and RSS over IPC.
 */
import { WebSocketServer } from 'ws';
import { createHub, silentLogger } from '../packages/sdk/src/index.ts';

const kind = process.argv[2] === 'bare' ? 'bare' : 'hub';
let port: number;

if (kind === 'hub') {
  const hub = createHub({
    sites: [{ key: 'bench', origins: ['*'] }],
    agents: [],
    logger: silentLogger,
    limits: {
      framesPerSecond: 100_000,
      frameBurst: 100_000,
      maxConnectionsPerIp: 100_000,
      maxBufferedBytes: 64 * 1024 * 1024,
    },
    answer: async (q) => ({ content: [{ kind: 'text', text: `echo: ${q.text}` }], confidence: 1 }),
  });
  port = (await hub.listen({ port: 0 })).port;
} else {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  let seq = 0;
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as {
        type: string;
        clientMsgId?: string;
        content?: { text: string };
      };
      if (frame.type === 'hello') ws.send(JSON.stringify({ v: 1, type: 'welcome' }));
      else if (frame.type === 'send') {
        seq++;
        ws.send(JSON.stringify({ v: 1, type: 'ack', clientMsgId: frame.clientMsgId, seq }));
        ws.send(
          JSON.stringify({
            v: 1,
            type: 'message',
            message: {
              seq,
              author: { kind: 'bot' },
              content: { kind: 'text', text: `echo: ${frame.content?.text}` },
            },
          }),
        );
      }
    });
  });
  await new Promise((r) => wss.once('listening', r));
  port = (wss.address() as { port: number }).port;
}

process.send?.({ ready: port });
process.on('message', (msg: { measure?: boolean }) => {
  if (msg.measure) {
    global.gc?.();
    process.send?.({ cpu: process.cpuUsage(), rss: process.memoryUsage().rss });
  }
});
