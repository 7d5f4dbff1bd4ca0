import { createServer, type Server, Socket } from 'node:net';

export interface Backend {
  host: string;
  port: number;
}

/**
 * A small TCP load balancer for the example: round robin over the backends, skipping one that
 * refuses the connection (a node that died), so a shopper's reconnect lands on a live node.
 * In production use nginx or your cloud's balancer (see the cluster README).
 */
export function createBalancer(backends: Backend[]) {
  let next = 0;
  const served = backends.map(() => 0);
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    client.pause();
    const tryBackend = (attempt: number) => {
      if (attempt >= backends.length) return client.destroy();
      const index = next++ % backends.length;
      const target = backends[index]!;
      const upstream = new Socket();
      let connected = false;
      sockets.add(upstream);
      upstream.on('close', () => {
        sockets.delete(upstream);
        if (connected) client.destroy();
      });
      upstream.on('error', () => {
        // Refused: that node is down, try the next one. Dropped later: the client reconnects.
        if (!connected) tryBackend(attempt + 1);
        else client.destroy();
      });
      upstream.connect(target.port, target.host, () => {
        connected = true;
        served[index]!++;
        client.on('error', () => upstream.destroy());
        client.pipe(upstream).pipe(client);
        client.resume();
      });
    };
    tryBackend(0);
  });
  return {
    async listen(port = 0, host = '127.0.0.1'): Promise<number> {
      await new Promise<void>((resolve) => server.listen(port, host, resolve));
      return (server.address() as { port: number }).port;
    },
    /** Connections handed to each backend so far. */
    served: () => [...served],
    async close(): Promise<void> {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
