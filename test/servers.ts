import { existsSync } from 'node:fs';
import { createServer, Socket } from 'node:net';

/**
 * Which real servers the suites that need them can reach. On a laptop without one, those
 * suites skip with a one-line reason and how to get it; under CI=true a missing server fails.
 */
export const CHROMIUM_PATH = process.env.KEFU_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const POSTGRES_URL = process.env.KEFU_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.KEFU_TEST_REDIS ?? 'redis://127.0.0.1:6379';

const inCi = process.env.CI === 'true' || process.env.CI === '1';

function reachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => done(true));
  });
}

/** Returns null when the server is there; else the reason to skip (or throws under CI). */
async function need(ok: boolean, reason: string): Promise<string | null> {
  if (ok) return null;
  if (inCi) throw new Error(`CI=true but ${reason}`);
  process.stdout.write(`skipped: ${reason}\n`);
  return reason;
}

export async function chromiumMissing(): Promise<string | null> {
  return need(
    existsSync(CHROMIUM_PATH),
    `no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set KEFU_CHROMIUM)`,
  );
}

export async function postgresMissing(): Promise<string | null> {
  const url = new URL(POSTGRES_URL);
  return need(
    await reachable(url.hostname, Number(url.port || 5432)),
    `no PostgreSQL at ${url.host} (start one, or set KEFU_TEST_POSTGRES; .ci/run shows how)`,
  );
}

export async function redisMissing(): Promise<string | null> {
  const url = new URL(REDIS_URL);
  return need(
    await reachable(url.hostname, Number(url.port || 6379)),
    `no Redis at ${url.host} (redis-server --port 6379, or set KEFU_TEST_REDIS)`,
  );
}

/** A port nothing listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
