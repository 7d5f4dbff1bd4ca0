import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHub, type Hub } from '../hub/create-hub.ts';
import { silentLogger } from '../logger.ts';
import { pgliteSeed } from '../store/pglite-seed.ts';
import { createPgliteStore } from '../store/pglite-store.ts';

// Two hub nodes on one PGlite database: API keys live in the store, so every node sees a key
// the moment it is made and refuses it the moment it is revoked.
let db: PGlite;
const hubs: Hub[] = [];
beforeAll(async () => {
  db = await PGlite.create({ loadDataDir: await pgliteSeed() });
}, 120_000);
afterAll(async () => {
  for (const hub of hubs) await hub.close();
  await db?.close();
});

async function node(): Promise<string> {
  const hub = createHub({
    sites: [{ key: 'shop', origins: ['*'] }],
    store: await createPgliteStore({ pglite: db, schema: 'api_nodes' }),
    logger: silentLogger,
  });
  hubs.push(hub);
  const { port } = await hub.listen({ port: 0 });
  return `http://127.0.0.1:${port}`;
}

describe('the HTTP API on the PGlite store, two nodes', () => {
  it('accepts a key made on one node on the other, and refuses it on both once revoked', async () => {
    const [a, b] = [await node(), await node()];
    const { id, key: admin } = await hubs[0]!.admin.apiKeys.create({ name: 'ops', scopes: ['admin'] });
    const get = (base: string, key: string) =>
      fetch(`${base}/api/v1/api-keys`, { headers: { authorization: `Bearer ${key}` } });
    expect((await get(b, admin)).status).toBe(200);
    const created = await fetch(`${b}/api/v1/api-keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'crm', scopes: ['read'] }),
    });
    const crm = (await created.json()) as { id: string; key: string };
    expect(
      (await fetch(`${a}/api/v1/tickets`, { headers: { authorization: `Bearer ${crm.key}` } })).status,
    ).toBe(200);
    expect((await get(a, crm.key)).status).toBe(403);
    const revoked = await fetch(`${a}/api/v1/api-keys/${crm.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(revoked.status).toBe(204);
    expect(
      (await fetch(`${b}/api/v1/tickets`, { headers: { authorization: `Bearer ${crm.key}` } })).status,
    ).toBe(401);
    expect(await (await fetch(`${b}/readyz`)).json()).toEqual({
      ready: true,
      checks: { store: { ok: true }, bus: { ok: true } },
    });
    await hubs[1]!.admin.apiKeys.revoke(id);
    expect((await get(a, admin)).status).toBe(401);
  });
});
