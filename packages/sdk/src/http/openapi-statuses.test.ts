import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createFaqEngine } from '../faq/faq-engine.ts';
import { createHub, type Hub } from '../hub/create-hub.ts';
import { silentLogger } from '../logger.ts';
import { createMemoryStore } from '../store/memory-store.ts';

// A client generated from /openapi.json (openapi-typescript, openapi-generator) knows only the
// statuses the document lists: an unlisted 404 or 201 is an untyped answer to its users.
const kb = {
  version: 1 as const,
  entries: [{ id: 'returns', question: '怎么退货', alternatives: [], answer: '7 天无理由退货', tags: [] }],
};

type Operation = { responses: Record<string, unknown> };
type Document = { paths: Record<string, Record<string, Operation>> };

const hubs: Hub[] = [];
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((hub) => hub.close()));
});

/** A hub on a free port with an admin key; `knowledge` gives it an editable knowledge base. */
async function start(knowledge: boolean) {
  const hub = createHub({
    sites: [{ key: 'shop', origins: ['*'] }],
    logger: silentLogger,
    ...(knowledge && { knowledgeBase: { base: kb, engine: createFaqEngine(kb) } }),
  });
  hubs.push(hub);
  const { port } = await hub.listen({ port: 0 });
  const base = `http://127.0.0.1:${port}`;
  const { key } = await hub.admin.apiKeys.create({ name: 'ops', scopes: ['admin'] });
  const doc = (await (await fetch(`${base}/openapi.json`)).json()) as Document;
  /** Calls the API and answers the status with the statuses the document lists for that operation. */
  const call = async (
    method: string,
    template: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...headers,
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    await response.arrayBuffer();
    const listed = Object.keys(doc.paths[template]?.[method.toLowerCase()]?.responses ?? {});
    return { status: String(response.status), listed };
  };
  const list = async () => {
    const response = await fetch(`${base}/api/v1/kb/entries`, {
      headers: { authorization: `Bearer ${key}` },
    });
    await response.arrayBuffer();
    return { etag: response.headers.get('etag') };
  };
  return Object.assign(call, { doc, list });
}

describe('/openapi.json lists the statuses the routes answer with', () => {
  it('404 for an id that does not exist, and 201 for an entry PUT creates', async () => {
    const call = await start(true);
    const cases: [string, string, string, unknown?][] = [
      ['GET', '/api/v1/conversations/{id}', '/api/v1/conversations/c_none'],
      ['GET', '/api/v1/conversations/{id}/transcript', '/api/v1/conversations/c_none/transcript'],
      ['PUT', '/api/v1/conversations/{id}/tags', '/api/v1/conversations/c_none/tags', { tags: [] }],
      ['GET', '/api/v1/kb/entries/{id}', '/api/v1/kb/entries/none'],
      ['DELETE', '/api/v1/kb/entries/{id}', '/api/v1/kb/entries/none'],
      [
        'PUT',
        '/api/v1/kb/entries/{id}',
        '/api/v1/kb/entries/new',
        { id: 'new', question: '几天发货', answer: '48 小时' },
      ],
      ['DELETE', '/api/v1/api-keys/{id}', '/api/v1/api-keys/none'],
      ['POST', '/api/v1/shoppers/export', '/api/v1/shoppers/export', { siteKey: 'none', userId: '1' }],
      ['POST', '/api/v1/shoppers/erase', '/api/v1/shoppers/erase', { siteKey: 'none', userId: '1' }],
    ];
    for (const [method, template, path, body] of cases) {
      const { status, listed } = await call(method, template, path, body);
      expect(['201', '404']).toContain(status);
      expect(listed, `${method} ${template} answered ${status}`).toContain(status);
    }
  });

  it('304 for a list of entries whose ETag the client sends back', async () => {
    const call = await start(true);
    const { etag } = await call.list();
    const { status, listed } = await call('GET', '/api/v1/kb/entries', '/api/v1/kb/entries', undefined, {
      'if-none-match': etag ?? '',
    });
    expect(status).toBe('304');
    expect(listed).toContain(status);
  });

  it('404 from the knowledge-base routes of a hub without knowledgeBase', async () => {
    const call = await start(false);
    const cases: [string, string, unknown?][] = [
      ['GET', '/api/v1/kb/entries'],
      ['GET', '/api/v1/kb/entries/{id}'],
      ['PUT', '/api/v1/kb/entries/{id}', { id: 'x', question: 'q', answer: 'a' }],
      ['DELETE', '/api/v1/kb/entries/{id}'],
      ['POST', '/api/v1/kb/import', { version: 1, entries: [{ id: 'x', question: 'q', answer: 'a' }] }],
      ['GET', '/api/v1/kb/check'],
      ['GET', '/api/v1/kb/proposals'],
    ];
    for (const [method, template, body] of cases) {
      const { status, listed } = await call(method, template, template.replace('{id}', 'x'), body);
      expect(status, `${method} ${template}`).toBe('404');
      expect(listed, `${method} ${template} answered ${status}`).toContain(status);
    }
  });
});

/** A memory store whose every call rejects as an unreachable database does while `away` is set. */
function cuttableStore() {
  const real = createMemoryStore();
  const state = { away: false };
  const store = new Proxy(real, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        state.away
          ? Promise.reject(
              Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' }),
            )
          : (value as (...a: unknown[]) => unknown).apply(target, args);
    },
  });
  return { store, state };
}

describe('/openapi.json lists the 503 and 405 the hub answers', () => {
  it('503 with Retry-After on every route behind a key or a signature, while the store is away', async () => {
    const { store, state } = cuttableStore();
    const secret = 'inbound-secret-for-tests-0123456789';
    const hub = createHub({
      sites: [{ key: 'shop', origins: ['*'] }],
      logger: silentLogger,
      store,
      http: { inboundSecret: secret },
      knowledgeBase: { base: kb, engine: createFaqEngine(kb) },
    });
    hubs.push(hub);
    const { port } = await hub.listen({ port: 0 });
    const base = `http://127.0.0.1:${port}`;
    const { key } = await hub.admin.apiKeys.create({ name: 'ops', scopes: ['admin'] });
    const doc = (await (await fetch(`${base}/openapi.json`)).json()) as Document & {
      paths: Record<string, Record<string, { security: object[] }>>;
    };
    const orderEvent = JSON.stringify({
      id: 'ev-1',
      orderId: 'SO-1',
      shopper: { siteKey: 'shop', shopperId: 's_1' },
      status: 'shipped',
      at: Date.now() - 1000,
    });
    const signature = (body: string) => {
      const t = Math.floor(Date.now() / 1000);
      return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
    };

    state.away = true;
    const guarded = Object.entries(doc.paths).flatMap(([template, operations]) =>
      Object.entries(operations)
        .filter(([, op]) => op.security.length > 0)
        .map(([method, op]) => ({
          template,
          method: method.toUpperCase(),
          listed: Object.keys(op.responses),
        })),
    );
    expect(guarded.length).toBeGreaterThan(30);
    for (const { template, method, listed } of guarded) {
      const signed = template === '/api/v1/inbound/order-events';
      const body = signed ? orderEvent : method === 'GET' || method === 'DELETE' ? undefined : '{}';
      const response = await fetch(`${base}${template.replace(/\{\w+\}/g, 'x')}`, {
        method,
        headers: {
          ...(signed ? { 'kefu-signature': signature(orderEvent) } : { authorization: `Bearer ${key}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body }),
      });
      await response.arrayBuffer();
      expect(`${method} ${template} ${response.status} ${response.headers.get('retry-after')}`).toBe(
        `${method} ${template} 503 5`,
      );
      expect(listed, `${method} ${template}`).toContain('503');
    }
    // What a 503 means is the document's: the store, with Retry-After, not "not ready".
    const e503 = (doc as unknown as { components: { responses: Record<string, { description: string }> } })
      .components.responses.E503;
    expect(e503?.description).toMatch(/store.*Retry-After/);
    for (const { template, method, responses } of Object.entries(doc.paths).flatMap(([template, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ template, method, responses: op.responses })),
    ))
      if (template !== '/readyz' && responses['503'])
        expect(responses['503'], `${method} ${template}`).toEqual({ $ref: '#/components/responses/E503' });
  });

  it('405 with Allow for a method a path does not list, described once for every path', async () => {
    const call = await start(false);
    const { status } = await call('PUT', '/api/v1/conversations', '/api/v1/conversations');
    expect(status).toBe('405');
    const doc = call.doc as unknown as {
      info: { description?: string };
      components: { responses: Record<string, { description: string }> };
    };
    expect(doc.components.responses.E405?.description).toMatch(/Allow/);
    expect(doc.info.description).toMatch(/405/);
  });
});
