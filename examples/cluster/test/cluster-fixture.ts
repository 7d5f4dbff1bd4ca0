import type { ChildProcess } from 'node:child_process';
import { createAgentClient } from '@kefu/sdk/agent';
import { createShopperClient } from '@kefu/sdk/client';
import pg from 'pg';
import WebSocket from 'ws';
import { POSTGRES_URL, REDIS_URL } from '../../../test/servers.ts';
import { spawnNode } from '../src/spawn-node.ts';

/** Each test run gets its own schema and Redis prefix, removed afterwards. */
export function isolation() {
  const tag = `kefu_c${process.pid}_${Date.now().toString(36)}`;
  return {
    env: {
      KEFU_POSTGRES: POSTGRES_URL,
      KEFU_REDIS: REDIS_URL,
      KEFU_SCHEMA: tag,
      KEFU_PREFIX: `${tag}:`,
      KEFU_SECRET: 'cluster-test-secret-0123456789',
      KEFU_FRAME_BURST: '100000',
    },
    async drop() {
      const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
      await pool.query(`DROP SCHEMA IF EXISTS ${tag} CASCADE`);
      await pool.end();
    },
  };
}

export const children: ChildProcess[] = [];

/**
 * Per-test isolation for a suite: `fresh()` gives each test its own schema and prefix; after each
 * test its hub processes are killed, after the suite the schemas are dropped.
 */
export function isolatedSuite(
  hooks: { afterEach: (fn: () => void) => void; afterAll: (fn: () => Promise<void>) => void },
  enabled: boolean,
) {
  const isolations: Array<ReturnType<typeof isolation>> = [];
  hooks.afterEach(() => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
  });
  hooks.afterAll(async () => {
    if (enabled) for (const iso of isolations) await iso.drop();
  });
  return () => {
    const iso = isolation();
    isolations.push(iso);
    return iso;
  };
}

export async function node(env: Record<string, string>) {
  const started = await spawnNode(env);
  children.push(started.child);
  return started;
}

const withOrigin = (origin: string | null) =>
  class extends WebSocket {
    constructor(url: string) {
      super(url, origin ? { origin } : {});
    }
  } as never;

export function shopperAt(url: string) {
  return createShopperClient({
    url,
    siteKey: 'demo',
    WebSocket: withOrigin('http://localhost:3000'),
    backoff: { initialMs: 50, maxMs: 300 },
  });
}

export function agentAt(url: string) {
  return createAgentClient({
    url,
    token: 'cluster-agent-mei',
    WebSocket: withOrigin(null),
    backoff: { initialMs: 50, maxMs: 300 },
    requestTimeoutMs: 60_000,
  });
}

export async function until(check: () => boolean, what: () => string, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for: ${what()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const texts = (
  messages: Array<{ author: { kind: string }; content: { kind: string; text?: string } }>,
  kind: string,
) =>
  messages
    .filter((m) => m.author.kind === kind)
    .map((m) => (m.content.kind === 'text' ? m.content.text : ''));
