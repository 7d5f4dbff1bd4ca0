import type { Message } from '@kefu/protocol';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { POSTGRES_URL, postgresMissing } from '../../../../test/servers.ts';
import type { LogFields } from '../logger.ts';
import { createPostgresStore } from '../store/postgres-store.ts';
import type { Store } from '../store/store.ts';
import { cuttableProxy } from '../testing/cuttable-proxy.ts';
import { shopper, startHub, until } from '../testing/hub-fixture.ts';
import { ManualClock } from '../testing/manual-clock.ts';

const missing = await postgresMissing();
const schema = `kefu_botretry${process.pid}_${Date.now().toString(36)}`;
const admin = missing ? undefined : new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
afterAll(async () => {
  await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin?.end();
});

const botTexts = (messages: Message[]) =>
  messages
    .filter((m) => m.author.kind === 'bot')
    .map((m) => (m.content.kind === 'text' ? m.content.text : ''));

/**
 * A hub on PostgreSQL reached through a proxy the test cuts, on a clock the test moves; the bot
 * answers in two parts. `cutBefore(part)` cuts the connection just before the bot stores `part`.
 */
async function setUp() {
  const server = new URL(POSTGRES_URL);
  const proxy = await cuttableProxy(server.hostname, Number(server.port || 5432));
  server.host = `127.0.0.1:${proxy.port}`;
  const real = await createPostgresStore({
    connectionString: server.toString(),
    schema,
    max: 4,
    queryTimeoutMs: 5000,
  });
  let cutAt: string | undefined;
  // The real store, with a cut of the real connection just before the bot stores the chosen part.
  const store: Store = new Proxy(real, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop);
      if (prop !== 'appendMessage' || typeof value !== 'function') return value;
      return async (...args: Parameters<Store['appendMessage']>) => {
        const [m] = args;
        if (cutAt !== undefined && m.content.kind === 'text' && m.content.text.startsWith(cutAt)) {
          cutAt = undefined;
          await proxy.cut();
        }
        return real.appendMessage(...args);
      };
    },
  });
  const clock = new ManualClock(Date.now());
  const retries: LogFields[] = [];
  const { hub, url } = await startHub({
    store,
    clock,
    logger: {
      log: (_level, event, fields) => void (event === 'bot.turn.retry' && retries.push(fields ?? {})),
    },
    answer: async (q) => ({
      content: [
        { kind: 'text', text: `A: ${q.text}` },
        { kind: 'text', text: `more on ${q.text}` },
      ],
      confidence: 0.9,
    }),
  });
  const s = shopper(url);
  s.connect();
  await until(() => s.status === 'open' && s.messages.length > 0, 'welcome and greeting');
  return {
    s,
    proxy,
    real,
    retries,
    cutBefore(part: string) {
      cutAt = part;
    },
    /** Restores the database, then waits out each wait the hub logs until the bot said `count` lines. */
    async restoreUntil(count: number) {
      await until(() => retries.length > 0, 'a retry scheduled');
      await proxy.restore();
      // A retry may still meet a connection of the outage: then the hub logs another wait.
      let waited = 0;
      await until(
        () => {
          if (retries.length > waited) clock.advance(Number(retries[waited++]!.inMs));
          return botTexts(s.messages).length >= count;
        },
        () => `the answer (retries ${retries.length}, bot said ${botTexts(s.messages).length})`,
        30_000,
      );
      await hub.close();
    },
    async close() {
      await hub.close();
      await real.close();
      await proxy.close();
    },
  };
}

describe.skipIf(missing !== null)(missing ? `PostgreSQL (skipped: ${missing})` : 'PostgreSQL', () => {
  for (const [where, part] of [
    ['before the answer', 'A:'],
    ['halfway through the answer (its first part stored)', 'more on'],
  ] as const)
    it(`answers a question exactly once when the connection is cut ${where} and restored`, async () => {
      const t = await setUp();
      try {
        t.cutBefore(part);
        t.s.send('can I pay by invoice?');
        await t.restoreUntil(3);
        const stored = await t.real.listMessages(t.s.conversationId!, { limit: 50 });
        const answer = ['A: can I pay by invoice?', 'more on can I pay by invoice?'];
        expect(botTexts(stored).slice(1)).toEqual(answer);
        expect(botTexts(t.s.messages).slice(1)).toEqual(answer);
        expect(t.retries.length).toBeGreaterThan(0);
      } finally {
        await t.close();
      }
    });
});
