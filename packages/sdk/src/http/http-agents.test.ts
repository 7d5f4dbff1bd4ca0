import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../hub/create-hub.ts';
import type { HubOptions } from '../hub/hub-options.ts';
import { createJsonLogger } from '../logger.ts';
import { handedToAgent, startHub, until } from '../testing/hub-fixture.ts';

// The API beside live agents and shoppers: presence, posting as an agent, and the logs.

let hub: Hub;
let own: Server | undefined;
afterEach(async () => {
  await hub?.close();
  if (own) await new Promise<void>((resolve) => own?.close(() => resolve()));
  own = undefined;
});

async function withAgentConversation(overrides: Partial<HubOptions> = {}) {
  const started = await startHub(overrides);
  hub = started.hub;
  const { key } = await hub.admin.apiKeys.create({ name: 'crm', scopes: ['write'] });
  const { s, a } = await handedToAgent(started.url, { locale: 'zh-CN' });
  const base = started.url.replace('ws://', 'http://');
  const call = (method: string, path: string, body?: unknown) =>
    fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { s, a, id: s.conversationId!, call, base };
}

describe('HTTP API with agents online', () => {
  it('shows who is online per group, posts as the owning agent and opens one ticket per conversation', async () => {
    const { s, id, call } = await withAgentConversation();
    const presence = await (await call('GET', '/api/v1/agents/presence')).json();
    expect(presence.agents).toEqual([{ id: 'mei', name: 'Mei', groups: ['default'], supervisor: false }]);
    expect(presence.groups.default).toEqual({ online: 1, queued: 0 });
    const mine = await (await call('GET', '/api/v1/conversations?agent=mei&status=assigned')).json();
    expect(mine.items.map((c: { id: string }) => c.id)).toEqual([id]);
    const posted = await call('POST', `/api/v1/conversations/${id}/messages`, {
      author: { kind: 'agent', agentId: 'mei' },
      content: { kind: 'text', text: '订单已经发出' },
    });
    expect(posted.status).toBe(201);
    expect((await posted.json()).message.author).toMatchObject({ kind: 'agent', id: 'mei' });
    await until(
      () => s.messages.some((m) => m.content.kind === 'text' && m.content.text === '订单已经发出'),
      'delivered',
    );
    // Lei is in the hub's agents but has not signed in: the refusal says what to do.
    const unsigned = await call('POST', `/api/v1/conversations/${id}/messages`, {
      author: { kind: 'agent', agentId: 'lei' },
      content: { kind: 'text', text: '您好' },
    });
    expect(unsigned.status).toBe(404);
    expect((await unsigned.json()).error).toEqual({
      code: 'not_found',
      message:
        'agent lei has not signed in to this hub yet: the API writes as an agent who has (agent console or agent client) since the hub started, or as the bot ({ "kind": "bot" })',
    });
    const ticket = await call('POST', '/api/v1/tickets', { conversationId: id, title: '物流异常' });
    expect(ticket.status).toBe(201);
    expect((await call('POST', '/api/v1/tickets', { conversationId: id, title: 'again' })).status).toBe(409);
  });

  it('logs requests by route template and key id, without the ids or personal data they carried', async () => {
    const lines: string[] = [];
    const { call, base } = await withAgentConversation({
      logger: createJsonLogger({ write: (l) => lines.push(l) }),
    });
    const { key } = await hub.admin.apiKeys.create({ name: 'dpo', scopes: ['admin'] });
    const res = await fetch(`${base}/api/v1/shoppers/export`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ siteKey: 'shop', userId: 'user-13800138000' }),
    });
    expect(res.status).toBe(200);
    await call('GET', '/api/v1/conversations/c_secret-id-42');
    const http = lines.filter((l) => l.includes('http.request'));
    expect(http.some((l) => l.includes('/api/v1/shoppers/export'))).toBe(true);
    expect(http.some((l) => l.includes('/api/v1/conversations/{id}'))).toBe(true);
    expect(lines.join('\n')).not.toContain('13800138000');
    expect(lines.join('\n')).not.toContain('c_secret-id-42');
  });

  it('mounts on your own server as middleware, leaving other paths to it', async () => {
    const started = await startHub();
    hub = started.hub;
    const middleware = hub.http.middleware();
    own = createServer((req, res) => middleware(req, res, () => res.writeHead(200).end('merchant page')));
    hub.attach(own);
    await new Promise<void>((resolve) => own?.listen(0, '127.0.0.1', resolve));
    const address = own.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).toEqual({ ok: true });
    expect(await (await fetch(`http://127.0.0.1:${port}/shop`)).text()).toBe('merchant page');
    expect((await fetch(`http://127.0.0.1:${port}/api/v1/tickets`)).status).toBe(401);
  });

  it('says so, rather than hanging, when a body parser read the body before the hub', async () => {
    const started = await startHub();
    hub = started.hub;
    const { key } = await hub.admin.apiKeys.create({ name: 'crm', scopes: ['write'] });
    own = createServer(async (req, res) => {
      for await (const _ of req); // what express.json() would do first
      if (!(await started.hub.http.handle(req, res))) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => own?.listen(0, '127.0.0.1', resolve));
    const address = own.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ conversationId: 'c_1', title: 't' }),
    });
    expect(res.status).toBe(500);
    expect((await res.json()).error.message).toContain('mount hub.http before any body parser');
  });
});
