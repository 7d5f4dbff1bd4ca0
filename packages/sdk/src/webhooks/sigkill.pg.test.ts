import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { POSTGRES_URL, postgresMissing } from '../../../../test/servers.ts';
import { createPostgresStore } from '../store/postgres-store.ts';
import { eventually } from '../testing/eventually.ts';
import { shopper, startHub, until } from '../testing/hub-fixture.ts';
import { webhookReceiver } from '../testing/webhook-receiver.ts';

const SECRET = 'whsec_sigkill_secret_0123';
const missing = await postgresMissing();
const schema = `kefu_k${process.pid}_${Date.now().toString(36)}`;
const pool = missing ? undefined : new pg.Pool({ connectionString: POSTGRES_URL, max: 4 });
afterAll(async () => {
  await pool?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await pool?.end();
});

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const script = fileURLToPath(new URL('../testing/crash-hub.ts', import.meta.url));

/** Starts the crash hub in a child process; resolves with it and its WebSocket URL. */
async function crashHub(webhookUrl: string): Promise<{ child: ChildProcess; url: string }> {
  // Node itself with tsx as a loader, not the tsx CLI: that one runs the script in a second
  // process, which a SIGKILL of the first would leave running.
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', script], {
    cwd: root,
    env: {
      ...process.env,
      KEFU_POSTGRES: POSTGRES_URL,
      KEFU_SCHEMA: schema,
      KEFU_WEBHOOK_URL: webhookUrl,
      KEFU_WEBHOOK_SECRET: SECRET,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.once('exit', () => reject(new Error(`the hub process exited: ${out}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += String(chunk);
      if (out.includes('\n')) resolve();
    });
  });
  return { child, url: (JSON.parse(out.split('\n')[0]!) as { url: string }).url };
}

describe.skipIf(missing !== null)(
  missing ? `webhooks across SIGKILL (skipped: ${missing})` : 'webhooks across SIGKILL',
  () => {
    it('delivers every event of acknowledged messages after the hub that stored them is killed', async () => {
      const r = await webhookReceiver(SECRET);
      const webhookUrl = r.url;
      await r.stop();
      const { child, url } = await crashHub(webhookUrl);
      const store = await createPostgresStore({ pool: pool!, schema });
      const s = shopper(url);
      try {
        s.connect();
        await until(() => s.status === 'open', 'welcome');
        for (let i = 0; i < 5; i++) s.send(`第 ${i} 条`);
        // Acknowledged: the hub stored each message and its event before answering.
        await until(
          () => s.messages.filter((m) => m.author.kind === 'shopper').length === 5,
          'five messages acked',
        );
        await eventually(
          async () => (await store.listWebhookDeliveries({})).some((d) => d.attempts > 0),
          'the hub tried and failed to deliver',
        );
        child.kill('SIGKILL');
        await once(child, 'exit');
        s.close();
        const stored = await store.listWebhookDeliveries({ limit: 1000 });
        expect(stored.filter((d) => d.status === 'delivered')).toEqual([]);

        await r.start();
        const next = await startHub({
          store,
          webhooks: {
            allowPrivateNetworks: true,
            subscriptions: [
              { url: webhookUrl, events: ['conversation.created', 'message.created'], secret: SECRET },
            ],
          },
        });
        await until(
          () => stored.every((d) => r.ids().has(d.eventId)),
          () => `received ${r.ids().size} of ${stored.length}`,
        );
        await next.hub.close();
        const texts = r.received
          .filter((x) => x.type === 'message.created')
          .map((x) => JSON.parse(x.body).data.message.content.text as string);
        for (let i = 0; i < 5; i++) expect(texts).toContain(`第 ${i} 条`);
        expect(r.received.some((x) => x.type === 'conversation.created')).toBe(true);
        expect(r.received.every((x) => x.verified)).toBe(true);
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        child.stdout?.destroy();
        await r.close();
      }
    }, 60_000);
  },
);
