import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { signIdentity } from '../../packages/sdk/src/hub/identity.ts';
import { agent, rawSocket, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { POSTGRES_URL } from '../servers.ts';
import { AGENTS, type HubProcess, IDENTITY_SECRET, SHOP_ORIGIN, startHubProcess } from './hub-process.ts';

// Finding 5, 11 and the goal "nothing personal remains anywhere after an erase": after the
// merchant erases a shopper, someone looks for them in every table, the event log, the knowledge
// drafts, the export, the hub's logs and its memory, and reconnects with their old session.

const USER_ID = 'user-5521';
const NAME = 'Zhao Xiaoyu';
const EMAIL = 'zhao.xiaoyu@example.org';
const PHONE = '13912345678';
const ADDRESS = '88 Jinqiao Road, Pudong';
const ERASED = [NAME, EMAIL, PHONE, ADDRESS, `u:${USER_ID}`];
const REF = { siteKey: 'shop', userId: USER_ID };

const hello = (extra: object) => ({
  v: 1,
  type: 'hello',
  role: 'shopper',
  siteKey: 'shop',
  deviceId: 'zhao-laptop-device',
  ...extra,
});

/**
 * The whole flow, each place a word can land: the shopper's message, the bot's escalation, the
 * agent's reply, a note quoting the address, tags, a ticket, a knowledge draft from the reply,
 * and a close whose resolution has the phone number.
 */
async function serveZhao(hub: HubProcess) {
  // Alice is online first: the hub queues the conversation for her rather than opening a ticket.
  const alice = agent(hub.wsUrl, AGENTS.alice.token);
  await alice.connect();
  const sock = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
  try {
    sock.send(
      hello({
        identity: signIdentity({ id: USER_ID, name: NAME, email: EMAIL }, IDENTITY_SECRET, {
          audience: 'shop',
        }),
      }),
    );
    const welcome = (await sock.next('welcome')) as { session: string; conversation: { id: string } };
    const conversationId = welcome.conversation.id;
    const text = `Please exchange it and send it to ${ADDRESS}, my phone is ${PHONE}. 转人工`;
    sock.send({ v: 1, type: 'send', clientMsgId: 'z1', content: { kind: 'text', text } });
    const status = () =>
      sock.frames
        .filter((f) => f.type === 'state')
        .map((f) => (f.state as { status: string }).status)
        .at(-1);
    await until(
      () => status() === 'queued',
      () => `the conversation to be queued (status ${status()})`,
    );
    await alice.accept(conversationId);
    const reply = await alice.send(conversationId, `Sure ${NAME}, the exchange goes to ${ADDRESS}.`);
    await alice.note(conversationId, `Checked the address: ${ADDRESS}`);
    await alice.tags(conversationId, ['exchange', 'vip']);
    await alice.ticket(conversationId, 'create', `Exchange for ${NAME}, ${ADDRESS}`);
    await hub.admin('draftKnowledgeEntry', conversationId, reply.seq);
    await alice.close(conversationId, `Exchanged; the courier will call ${PHONE}`);
    return { sock, session: welcome.session, conversationId };
  } finally {
    alice.disconnect();
  }
}

/** Every row of every table in the hub's schema, as PostgreSQL prints it. */
async function everyRow(schema: string): Promise<{ tables: string[]; rows: string[] }> {
  const db = new pg.Client({ connectionString: POSTGRES_URL });
  await db.connect();
  try {
    const listed = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
      [schema],
    );
    const tables = listed.rows.map((r) => r.table_name);
    const rows: string[] = [];
    for (const table of tables) {
      const { rows: found } = await db.query<{ row: string }>(
        `SELECT t::text AS row FROM ${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(table)} t`,
      );
      rows.push(...found.map((r) => `${table}: ${r.row}`));
    }
    return { tables, rows };
  } finally {
    await db.end();
  }
}

/** What the export holds about the shopper (without the reference it echoes). */
async function exported(hub: HubProcess): Promise<string> {
  const { profile, conversations } = (await hub.admin('exportShopper', REF)) as Record<string, unknown>;
  return JSON.stringify({ profile, conversations });
}

const foundIn = (haystack: string) => ERASED.filter((value) => haystack.includes(value));

describe('an attacker looks for an erased shopper', () => {
  it.each(['postgres', 'memory'] as const)(
    'finds nothing of them in the store, the event log, the drafts, the export, the logs or the hub’s memory (%s store)',
    async (store) => {
      // Conversations go to Alice's group, and wait there for her to accept.
      const routing = { assignment: 'manual', router: { defaultGroup: 'general' } };
      const hub = await startHubProcess({ store, options: { routing } });
      const { sock, session, conversationId } = await serveZhao(hub);
      // The searches below do find the values while they are there.
      expect(foundIn(await exported(hub))).toEqual(ERASED);
      expect(foundIn(JSON.stringify(await hub.admin('knowledgeDrafts')))).toEqual(
        expect.arrayContaining([NAME, PHONE, ADDRESS]),
      );
      // The name is in the hub's memory either way (its cache of who the shopper is).
      expect(await hub.heapIncludes(ERASED)).toEqual(
        store === 'memory' ? ERASED : expect.arrayContaining([NAME, EMAIL]),
      );
      if (store === 'postgres') {
        const { tables, rows } = await everyRow(hub.schema!);
        expect(tables).toEqual(expect.arrayContaining(['conversations', 'events', 'messages', 'tickets']));
        expect(foundIn(rows.join('\n'))).toEqual(ERASED);
      }

      expect(await hub.admin('eraseShopper', REF)).toEqual({ conversations: 1 });
      await sock.waitClosed();
      // Their old session, kept in the browser, brings back an anonymous stranger, no name.
      const again = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
      again.send(hello({ session, resume: { conversationId, lastSeq: 0 } }));
      expect(await again.next('welcome')).toMatchObject({ shopper: { identified: false } });
      expect(foundIn(JSON.stringify(again.frames))).toEqual([]);
      again.ws.close();
      await again.waitClosed();

      if (store === 'postgres') {
        const { rows } = await everyRow(hub.schema!);
        const left = rows.filter((row) => foundIn(row).length > 0);
        expect(left).toEqual([]);
      }
      const drafts = await hub.admin('knowledgeDrafts');
      expect(drafts).toEqual([]);
      expect(foundIn(await exported(hub))).toEqual([]);
      expect(foundIn(JSON.stringify(await hub.admin('tickets', {})))).toEqual([]);
      expect(foundIn(hub.logs.join('\n'))).toEqual([]);
      // The heap holds the memory store, the event log, and every cache keyed by conversation.
      expect(await hub.heapIncludes(ERASED)).toEqual([]);
      // The metrics still count the conversation (the report is the merchant's, not the shopper's).
      const report = (await hub.admin('report', { from: 0, to: Date.now() + 60_000 })) as {
        total: { conversations: number };
      };
      expect(report.total.conversations).toBeGreaterThanOrEqual(1);
    },
  );
});
