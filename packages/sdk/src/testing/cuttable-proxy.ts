import { createServer, type Server, Socket } from 'node:net';

/**
 * A TCP proxy to a server (Redis) that a test can cut and restore on the same port: what a Redis
 * restart or a network cut looks like to a client, without stopping the shared server.
 * @example
 * const proxy = await cuttableProxy('127.0.0.1', 6379);
 * const bus = createRedisBus({ url: `redis://127.0.0.1:${proxy.port}` });
 * await proxy.cut(); // connections dropped, new ones refused
 * await proxy.restore();
 */
export async function cuttableProxy(host: string, port: number) {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let listenPort = 0;
  let stalled = false;

  async function listen(): Promise<void> {
    const s = createServer((inbound) => {
      const outbound = new Socket();
      sockets.add(inbound);
      sockets.add(outbound);
      const drop = () => {
        inbound.destroy();
        outbound.destroy();
        sockets.delete(inbound);
        sockets.delete(outbound);
      };
      inbound.on('error', drop).on('close', drop);
      outbound.on('error', drop).on('close', drop);
      // A dead network path: the connection opens, nothing ever comes back.
      if (stalled) return;
      outbound.connect(port, host, () => {
        inbound.pipe(outbound);
        outbound.pipe(inbound);
      });
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(listenPort, '127.0.0.1', () => resolve());
    });
    server = s;
    listenPort = (s.address() as { port: number }).port;
  }

  await listen();
  return {
    get port() {
      return listenPort;
    },
    /** Drops every connection and refuses new ones until {@link restore}. */
    async cut(): Promise<void> {
      const s = server;
      server = undefined;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    restore: listen,
    /**
     * Stops forwarding, like a network path that died without a reset: bytes sent are taken and
     * never answered, on the open connections for good and on new ones until {@link flow}.
     */
    stall(): void {
      stalled = true;
      for (const socket of sockets) {
        socket.unpipe();
        socket.pause();
      }
    },
    /** New connections reach the server again (the stalled ones stay dead). */
    flow(): void {
      stalled = false;
    },
    close(): Promise<void> {
      return this.cut();
    },
  };
}
