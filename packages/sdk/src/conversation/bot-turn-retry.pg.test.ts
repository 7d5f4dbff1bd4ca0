import type { Message } from '@kefu/protocol';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { POSTGRES_URL, postgresMissing } from '../../../../test/servers.ts';
import type { LogFields } from '../logger.ts';
import { createPostgresStore } from '../store/postgres-store.ts';
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

describe.skipIf(missing !== null)(missing ? `PostgreSQL (skipped: ${missing})` : 'PostgreSQL', () => {
  it('answers a question once the database is back, exactly once, when the connection was cut while the bot thought', async () => {
    const server = new URL(POSTGRES_URL);
    const proxy = await cuttableProxy(server.hostname, Number(server.port || 5432));
    server.host = `127.0.0.1:${proxy.port}`;
    const store = await createPostgresStore({
      connectionString: server.toString(),
      schema,
      max: 4,
      queryTimeoutMs: 5000,
    });
    const clock = new ManualClock(Date.now());
    const retries: LogFields[] = [];
    let thinking!: () => void;
    const asked = new Promise<void>((resolve) => {
      thinking = resolve;
    });
    let cut!: () => void;
    const cutDone = new Promise<void>((resolve) => {
      cut = resolve;
    });
    const { hub, url } = await startHub({
      store,
      clock,
      logger: {
        log: (_level, event, fields) => void (event === 'bot.turn.retry' && retries.push(fields ?? {})),
      },
      answer: async (q) => {
        thinking();
        await cutDone;
        return {
          content: [
            { kind: 'text', text: `A: ${q.text}` },
            { kind: 'text', text: `more on ${q.text}` },
          ],
          confidence: 0.9,
        };
      },
    });
    try {
      const s = shopper(url);
      s.connect();
      await until(() => s.status === 'open' && s.messages.length > 0, 'welcome and greeting');
      s.send('can I pay by invoice?');
      // The question is stored; the database goes away while the bot works out its answer.
      await asked;
      await proxy.cut();
      cut();
      await until(() => retries.length > 0, 'a retry scheduled');
      await proxy.restore();
      // Each wait the hub logs is waited out (a retry may still meet a connection of the outage).
      let waited = 0;
      await until(
        () => {
          if (retries.length > waited) clock.advance(Number(retries[waited++]!.inMs));
          return botTexts(s.messages).length >= 3;
        },
        () => `the answer (retries ${retries.length}, bot said ${botTexts(s.messages).length})`,
        30_000,
      );
      await hub.close();
      const stored = await store.listMessages(s.conversationId!, { limit: 50 });
      expect(botTexts(stored).slice(1)).toEqual([
        'A: can I pay by invoice?',
        'more on can I pay by invoice?',
      ]);
      expect(botTexts(s.messages).slice(1)).toEqual([
        'A: can I pay by invoice?',
        'more on can I pay by invoice?',
      ]);
    } finally {
      await hub.close();
      await store.close();
      await proxy.close();
    }
  });
});
