import type { ChildProcess } from 'node:child_process';
import { createAgentClient } from '@kefu/sdk/agent';
import { createShopperClient } from '@kefu/sdk/client';
import pg from 'pg';
import { expect, inject, onTestFailed } from 'vitest';
import WebSocket from 'ws';
import { track } from '../../../packages/sdk/src/testing/started.ts';
import { settleAll, until as waitUntil } from '../../../packages/sdk/src/testing/until.ts';
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
      // Budgets out of the way: the tests are about failover, not limits.
      KEFU_FRAME_BURST: '100000',
      KEFU_FRAMES_PER_SECOND: '33333',
      KEFU_MESSAGES_PER_SECOND: '6666',
      // Escalations and assignments (a few lines per conversation), for a failure's diagnosis.
      KEFU_LOG_LEVEL: 'info',
    },
    async drop() {
      const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
      await pool.query(`DROP SCHEMA IF EXISTS ${tag} CASCADE`);
      await pool.end();
    },
  };
}

export const children: ChildProcess[] = [];
/** The current test's nodes, by name, with what each printed: for {@link diagnosis}. */
const running: Array<{ name: string; schema: string; output: () => string }> = [];

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
    running.splice(0);
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
  // From the CLI the project's global set-up bundled (test/build-cli.ts), if this config ran one.
  const started = await spawnNode(env, inject('kefuCli'));
  children.push(started.child);
  running.push({
    name: env.NODE_NAME ?? String(started.port),
    schema: env.KEFU_SCHEMA ?? '',
    output: started.output,
  });
  // What a node logged (warnings and faults) is what explains a failure in another process.
  onTestFailed(() => {
    process.stdout.write(`--- hub node ${env.NODE_NAME ?? started.port} logged:\n${started.output()}\n`);
  });
  return started;
}

export function shopperAt(url: string) {
  return track(
    createShopperClient({
      url,
      siteKey: 'demo',
      WebSocket,
      origin: 'http://localhost:3000',
      backoff: { initialMs: 50, maxMs: 300 },
    }),
  );
}

export function agentAt(url: string) {
  return track(
    createAgentClient({
      url,
      token: 'cluster-mei-5b2d8c4f6a0e7f3c',
      WebSocket,
      backoff: { initialMs: 50, maxMs: 300 },
      // The tests wait on progress (`until`); a request is given up only when nothing moves.
      requestTimeoutMs: 600_000,
    }),
  );
}

/** Waits on progress, a minute without any by default: these tests move thousands of messages. */
export const until = (check: () => boolean, what: () => string, timeoutMs = 60_000) =>
  waitUntil(check, what, timeoutMs);

/**
 * What the store and the nodes say about a conversation, appended to a failed wait's message:
 * the CI log keeps only the end of a run, where the nodes' own output may not reach.
 */
export async function diagnosis(conversationId: string | undefined): Promise<string> {
  const lines: string[] = [];
  const schema = running[0]?.schema;
  if (schema && conversationId) {
    const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
    try {
      const { rows } = await pool.query(
        `SELECT status, agent_id, version, last_seq FROM ${schema}.conversations WHERE id = $1`,
        [conversationId],
      );
      lines.push(`store: ${JSON.stringify(rows[0] ?? 'no such conversation')}`);
    } catch (error) {
      lines.push(`store: unreadable (${(error as Error).message})`);
    } finally {
      await pool.end();
    }
  }
  for (const n of running)
    lines.push(`node ${n.name}, last lines:`, ...n.output().trimEnd().split('\n').slice(-12));
  return lines.join('\n');
}

/** Waits for the shopper's conversation to be assigned; a timeout says what store and nodes knew. */
export async function untilAssigned(
  shopper: ReturnType<typeof shopperAt>,
  describe: () => string = () => `assigned (state ${shopper.state?.status})`,
  timeoutMs = 60_000,
): Promise<void> {
  try {
    await until(() => shopper.state?.status === 'assigned', describe, timeoutMs);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${await diagnosis(shopper.conversationId)}`);
  }
}

/** Connects the shopper, asks for a person and waits until an agent has the conversation. */
export async function escalate(
  shopper: ReturnType<typeof shopperAt>,
  describe?: () => string,
): Promise<void> {
  shopper.connect();
  await until(
    () => shopper.status === 'open',
    () => 'welcome',
  );
  shopper.send('转人工');
  await untilAssigned(shopper, describe, 20_000);
}

export const texts = (
  messages: Array<{ author: { kind: string }; content: { kind: string; text?: string } }>,
  kind: string,
) =>
  messages
    .filter((m) => m.author.kind === kind)
    .map((m) => (m.content.kind === 'text' ? m.content.text : ''));

/**
 * Sends `count` messages each way between a shopper and an agent, calls `midway` (a kill, a
 * restart) halfway through, then asserts both sides saw every message exactly once, in order,
 * with gapless seqs.
 */
export async function exchangeExactlyOnce(
  shopper: ReturnType<typeof shopperAt>,
  agent: ReturnType<typeof agentAt>,
  conversationId: string,
  count: number,
  midway: () => unknown,
  describeExtra: () => string = () => '',
): Promise<void> {
  const sends: Array<Promise<unknown>> = [];
  let during: unknown;
  for (let i = 0; i < count; i++) {
    shopper.send(`s${i}`);
    sends.push(agent.send(conversationId, `a${i}`));
    if (i === count / 2) during = midway();
    if (i % 100 === 0) await new Promise((r) => setTimeout(r, 20));
  }
  await during;
  // One agent connection's frames are handled in order, so the last of 1,000 sends is answered
  // long after it was sent on a busy machine: wait on how many were answered, not on a clock.
  await settleAll(sends, `agent sends answered ${describeExtra()}`, 60_000);
  const agentView = () => agent.conversation(conversationId)!.messages;
  const progress = () =>
    `shopper has ${texts(shopper.messages, 'agent').length}/${count} agent messages, outbox ${shopper.outbox.length}; ` +
    `agent has ${texts(agentView(), 'shopper').length}/${count + 1} shopper messages ${describeExtra()}`;
  await until(
    () => texts(shopper.messages, 'agent').length === count && shopper.outbox.length === 0,
    progress,
    120_000,
  );
  await until(() => texts(agentView(), 'shopper').length === count + 1, progress, 120_000);
  for (const view of [shopper.messages, agentView()]) {
    const seqs = view.map((m) => m.seq);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
  }
  expect(texts(shopper.messages, 'agent')).toEqual(Array.from({ length: count }, (_, i) => `a${i}`));
  expect(texts(agentView(), 'shopper').slice(1)).toEqual(Array.from({ length: count }, (_, i) => `s${i}`));
}
