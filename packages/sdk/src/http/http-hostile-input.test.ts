import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createFaqEngine } from '../faq/faq-engine.ts';
import { createHub, type Hub } from '../hub/create-hub.ts';
import { silentLogger } from '../logger.ts';
import { API_ROUTES } from './http-api.ts';

// What a careless integrator or an attacker sends the API: every answer is a typed error that
// says what was wrong, quoting no more of the request than it needs to.

const kb = {
  version: 1 as const,
  entries: [{ id: 'returns', question: '怎么退货', alternatives: [], answer: '7 天无理由退货', tags: [] }],
};
let hub: Hub | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

async function start() {
  hub = createHub({
    sites: [{ key: 'shop', origins: ['*'] }],
    logger: silentLogger,
    knowledgeBase: { base: kb, engine: createFaqEngine(kb) },
    http: { rateLimit: { perSecond: 1000, burst: 1000 } },
  });
  const { port } = await hub.listen({ port: 0 });
  const { key } = await hub.admin.apiKeys.create({ name: 'integrator', scopes: ['admin'] });
  const call = async (method: string, path: string, init: { body?: string; type?: string } = {}) => {
    const headers: Record<string, string> = { authorization: `Bearer ${key}` };
    if (init.body !== undefined) headers['content-type'] = init.type ?? 'application/json';
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers, body: init.body ?? null });
    const text = await res.text();
    const json = res.headers.get('content-type')?.includes('json') && text ? JSON.parse(text) : undefined;
    return { status: res.status, json, text, headers: res.headers };
  };
  return { port, key, call };
}

/** The answer to a request written byte for byte (fetch would merge repeated headers). */
function rawExchange(port: number, request: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let text = '';
    socket.on('data', (c: Buffer) => {
      text += c;
    });
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('HTTP API: numbers in query strings', () => {
  it('refuses a number not written in decimal digits with a 400 naming the parameter', async () => {
    const { call } = await start();
    for (const limit of ['0x10', '1e2', '%205', '+5', '5.0', '', '0b11', 'Infinity']) {
      const answer = await call('GET', `/api/v1/conversations?limit=${limit}`);
      expect(answer.status, limit).toBe(400);
      expect(answer.json.error.code).toBe('invalid_frame');
      expect(answer.json.error.message).toContain('query.limit: must be a whole number in decimal digits');
    }
    // An empty value was read as 0: every conversation "updated since 1970".
    expect((await call('GET', '/api/v1/conversations?updatedSince=')).json.error.message).toContain(
      'query.updatedSince',
    );
    expect((await call('GET', '/api/v1/conversations/c_1/transcript?afterSeq=0x1')).status).toBe(400);
    expect((await call('GET', '/api/v1/reports?from=0&to=1e3')).json.error.message).toContain('query.to');
    expect((await call('GET', '/api/v1/webhook-deliveries?limit=+1')).status).toBe(400);
  });

  // Finding (2026-12-07): a merchant's reports?from=2026-12-01 read "must be a whole number in
  // decimal digits (e.g. 50)", and a missing to the same: nothing said times are Unix milliseconds.
  it('says a time parameter is Unix milliseconds, with an example, and that a missing one is required', async () => {
    const { call } = await start();
    const dated = (await call('GET', '/api/v1/reports?from=2026-12-01')).json.error.message;
    expect(dated).toContain('query.from: must be a time in Unix milliseconds (e.g. 1764547200000');
    expect(dated).toContain('query.to: required, a time in Unix milliseconds');
    const since = (await call('GET', '/api/v1/conversations?updatedSince=yesterday')).json.error.message;
    expect(since).toContain('query.updatedSince: must be a time in Unix milliseconds');
  });

  // Finding (2026-12-07): a merchant posting {"text": …} read "body.author: Invalid input: expected
  // object, received undefined": a field left out is said to be required, as the config file does.
  it('says a field left out of a body is required, with what it takes', async () => {
    const { call } = await start();
    const posted = await call('POST', '/api/v1/conversations/c_1/messages', { body: '{"text":"您好"}' });
    expect(posted.status).toBe(400);
    expect(posted.json.error.message).toContain('body.author: required: an object');
    expect(posted.json.error.message).toContain('body.content: required: an object');
    const entry = await call('PUT', '/api/v1/kb/entries/x', { body: '{"answer":"a"}' });
    expect(entry.json.error.message).toContain('body.question: required: a string');
  });

  it('still takes plain digits, leading zeros included, and applies defaults', async () => {
    const { call } = await start();
    expect((await call('GET', '/api/v1/conversations?limit=007')).status).toBe(200);
    expect((await call('GET', '/api/v1/conversations')).status).toBe(200);
    expect((await call('GET', '/api/v1/reports?from=0&to=1000')).status).toBe(200);
    const over = await call('GET', '/api/v1/conversations?limit=201');
    // It said "query.limit: Too big: expected number to be <=200", not the value sent.
    expect(over.json.error.message).toBe(
      'invalid request: query.limit: expected number to be <=200, got "201"',
    );
  });
});

describe('HTTP API: malformed ids in the path', () => {
  const withId = API_ROUTES.filter((r) => r.path.includes('{'));
  const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

  it('answers 400 invalid_frame for every route with an id, whatever the method', async () => {
    const { call } = await start();
    expect(withId.length).toBeGreaterThan(5);
    for (const route of withId)
      for (const bad of ['%00', '%zz', '%E0%A4%A'])
        for (const method of methods) {
          const path = route.path.replace(/\{\w+\}/g, bad);
          const answer = await call(method, path);
          // A GET on a PATCH-only path answered 405, as if `%00` were an id like any other.
          expect([answer.status, answer.json?.error.code], `${method} ${path}`).toEqual([
            400,
            'invalid_frame',
          ]);
        }
  });

  it('answers a path off by a slash or by case with a 404 naming the path it would match', async () => {
    const { call } = await start();
    for (const [path, meant] of [
      ['/api/v1/tickets/', '/api/v1/tickets'],
      ['/api//v1/tickets', '/api/v1/tickets'],
      ['/api/v1/conversations/C_1//transcript', '/api/v1/conversations/C_1/transcript'],
      ['/api/V1/Conversations/C_1/Transcript/', '/api/v1/conversations/C_1/transcript'],
    ] as const)
      expect((await call('GET', path)).json.error, path).toEqual({
        code: 'not_found',
        message: `no endpoint ${path} (did you mean ${meant}?)`,
      });
    expect((await call('GET', '/api/v1/nothing/')).json.error.message).toBe('no endpoint /api/v1/nothing/');
  });

  it('marks every JSON answer, an error that echoes the path too, as not to be sniffed as a page', async () => {
    const { call } = await start();
    for (const path of ['/api/v1/%3Cscript%3Ealert(1)%3C%2Fscript%3E', '/api/v1/tickets', '/openapi.json'])
      expect((await call('GET', path)).headers.get('x-content-type-options'), path).toBe('nosniff');
  });

  it('keeps 405 for a well-formed id and 404 for an unknown one', async () => {
    const { call } = await start();
    expect((await call('GET', '/api/v1/tickets/t_1')).status).toBe(405);
    expect((await call('GET', '/api/v1/conversations/%E4%BD%A0')).json.error.code).toBe('not_found');
  });
});

describe('HTTP API: input echoed in errors', () => {
  const HUGE = 'x'.repeat(5000);
  /** At most a short prefix of the input, and the mark that it was cut. */
  const quotesBriefly = (message: string) => {
    expect(message).toMatch(/x…/);
    expect(message).not.toMatch(/x{81}/);
  };

  it('quotes a short prefix of a huge bad cell in a knowledge-base import', async () => {
    const { call } = await start();
    const csv = await call('POST', '/api/v1/kb/import', {
      type: 'text/csv',
      body: `id,question,answer\nbad id ${HUGE},q,a\n`,
    });
    expect(csv.status).toBe(400);
    quotesBriefly(csv.json.error.message);
    const json = await call('POST', '/api/v1/kb/import', {
      body: JSON.stringify({ version: 1, entries: [{ id: 'a', question: 'q', answer: 'a', [HUGE]: 1 }] }),
    });
    expect(json.status).toBe(400);
    quotesBriefly(json.json.error.message);
  });

  it('refuses an import nested past 32 levels before parsing it, as YAML or JSON', async () => {
    const { call } = await start();
    // As YAML, 800 KB of this held the event loop ~10 s before the parser gave up on its stack.
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    for (const [type, body] of [
      ['application/yaml', `version: 1\nentries: ${deep}\n`],
      ['application/json', `{"version":1,"entries":${deep}}`],
    ] as const)
      expect((await call('POST', '/api/v1/kb/import', { type, body })).json.error, type).toEqual({
        code: 'invalid_frame',
        message: 'the file nests lists and maps more than 32 levels deep',
      });
  });

  it('lists the first 20 problems of a file, then how many more', async () => {
    const { call } = await start();
    const rows = Array.from({ length: 30 }, (_, i) => `bad id ${i},q,a`).join('\n');
    const answer = await call('POST', '/api/v1/kb/import', {
      type: 'text/csv',
      body: `id,question,answer\n${rows}`,
    });
    expect(answer.json.error.message).toContain('(30 problems)');
    expect(answer.json.error.message).toContain('… and 10 more');
  });

  it('quotes a short prefix of an unknown path, query parameter, body field or refused origin', async () => {
    const { call, port } = await start();
    quotesBriefly((await call('GET', `/api/v1/${HUGE}`)).json.error.message);
    quotesBriefly((await call('GET', `/api/v1/conversations?${HUGE}=1`)).json.error.message);
    quotesBriefly((await call('GET', `/healthz?${HUGE}=1`)).json.error.message);
    const body = await call('POST', '/api/v1/api-keys', {
      body: JSON.stringify({ [HUGE]: 1, name: 'n', scopes: ['read'] }),
    });
    quotesBriefly(body.json.error.message);
    const preflight = await fetch(`http://127.0.0.1:${port}/api/v1/tickets`, {
      method: 'OPTIONS',
      headers: { origin: `https://${HUGE.slice(0, 1000)}.example`, 'access-control-request-method': 'GET' },
    });
    quotesBriefly(((await preflight.json()) as { error: { message: string } }).error.message);
    const many = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, 1]));
    const listed = await call('POST', '/api/v1/api-keys', { body: JSON.stringify(many) });
    expect(listed.json.error.message).toContain('… and 490 more');
  });
});

describe('HTTP API: ambiguous requests', () => {
  it('refuses a JSON body that gives a key twice, escaped or not', async () => {
    const { call } = await start();
    for (const body of [
      '{"name":"read-only","scopes":["read"],"scopes":["admin"]}',
      '{"name":"read-only","scopes":["read"],"sc\\u006fpes":["admin"]}',
    ]) {
      const answer = await call('POST', '/api/v1/api-keys', { body });
      expect(answer.status).toBe(400);
      expect(answer.json.error).toEqual({
        code: 'invalid_frame',
        message: 'the body gives the key "scopes" twice in one object',
      });
    }
  });

  it('refuses two Authorization headers, even both with the right key', async () => {
    const { port, key } = await start();
    const answer = await rawExchange(
      port,
      `GET /api/v1/tickets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n` +
        `Authorization: Bearer ${key}\r\nConnection: close\r\n\r\n`,
    );
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 401 Unauthorized');
    expect(answer).toContain('one Authorization header is needed, not 2');
  });

  it('takes the scheme in any case and spaces around the key', async () => {
    const { port, key } = await start();
    for (const header of [`bearer ${key}`, `BEARER  ${key}`, ` Bearer ${key} `]) {
      const answer = await rawExchange(
        port,
        `GET /api/v1/tickets HTTP/1.1\r\nHost: x\r\nAuthorization:${header}\r\nConnection: close\r\n\r\n`,
      );
      expect(answer.split('\r\n')[0], header).toBe('HTTP/1.1 200 OK');
    }
  });

  it('does not serve the API at //host/api/… (read as a host by URL parsing)', async () => {
    const { port, key } = await start();
    const answer = await rawExchange(
      port,
      `GET //proxy/api/v1/tickets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nConnection: close\r\n\r\n`,
    );
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 426 Upgrade Required');
  });

  it('refuses a compressed body, naming its encoding', async () => {
    const { port, key } = await start();
    const body = gzipSync('{"name":"n","scopes":["read"]}');
    const answer = await rawExchange(
      port,
      Buffer.concat([
        Buffer.from(
          `POST /api/v1/api-keys HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n` +
            `Content-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: ${body.length}\r\n` +
            'Connection: close\r\n\r\n',
        ),
        body,
      ]),
    );
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 415 Unsupported Media Type');
    expect(answer).toContain('Content-Encoding gzip is not taken: send the body uncompressed');
  });

  it('refuses a body declared in another charset than UTF-8, naming it', async () => {
    const { call } = await start();
    const gbk = await call('POST', '/api/v1/kb/import', {
      type: 'text/csv; charset=gbk',
      body: 'id,question,answer\n',
    });
    expect(gbk.status).toBe(415);
    expect(gbk.json.error.message).toContain('charset=gbk is not taken');
    const utf8 = await call('POST', '/api/v1/api-keys', {
      type: 'application/json; charset="UTF-8"',
      body: '{"name":"n","scopes":["read"]}',
    });
    expect(utf8.status).toBe(201);
  });
});
