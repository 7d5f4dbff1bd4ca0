import { afterEach, describe, expect, it } from 'vitest';
import { createFaqEngine } from '../faq/faq-engine.ts';
import { createHub, type Hub } from '../hub/create-hub.ts';
import { silentLogger } from '../logger.ts';

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
  const call = async (method: string, template: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    await response.arrayBuffer();
    const listed = Object.keys(doc.paths[template]?.[method.toLowerCase()]?.responses ?? {});
    return { status: String(response.status), listed };
  };
  return call;
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
