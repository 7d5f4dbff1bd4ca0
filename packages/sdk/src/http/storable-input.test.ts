import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { systemClock } from '../clock.ts';
import { silentLogger } from '../logger.ts';
import { defineRoute } from './route.ts';
import { createRouter, type RouterDeps } from './router.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A router with one open route that records what reached its handler (a store look-up, in the hub). */
async function serve(): Promise<{ url: string; handled: unknown[] }> {
  const handled: unknown[] = [];
  const route = defineRoute({
    method: 'POST',
    path: '/api/v1/things/{id}',
    scope: null,
    tag: 'test',
    summary: 'test',
    params: z.object({ id: z.string() }),
    query: z.object({ q: z.string().optional() }),
    body: z.object({ deep: z.unknown() }),
    response: z.object({}),
    handle: async (input) => {
      handled.push(input.params);
      return {};
    },
  });
  const deps = {
    clock: systemClock,
    inboundSecret: undefined,
    maxBodyBytes: 1 << 20,
    logger: silentLogger,
    reportError: () => {},
  } as unknown as RouterDeps;
  const handle = createRouter([route], deps);
  const server = createServer((req, res) => void handle(req, res));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/things`, handled };
}

const post = (url: string, body: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(async (r) => ({
    status: r.status,
    error: ((await r.json()) as { error?: { code: string; message: string } }).error,
  }));

describe('text a store cannot keep, anywhere in a request', () => {
  it('is refused with 400 invalid_frame naming where, before the handler looks anything up', async () => {
    const { url, handled } = await serve();
    const refused = [
      [`${url}/c_1%00`, '{"deep":1}', 'path.id'],
      [`${url}/c_1?q=a%00`, '{"deep":1}', 'query.q'],
      [`${url}/c_1`, '{"deep":{"list":["ok","a\\u0000b"]}}', 'body.deep.list.1'],
      [`${url}/c_1`, '{"deep":{"a\\u0000":1}}', 'body.deep'],
      [`${url}/c_1`, '{"deep":"\\ud800"}', 'body.deep'],
    ] as const;
    for (const [target, body, where] of refused) {
      const answer = await post(target, body);
      expect(answer.status).toBe(400);
      expect(answer.error).toMatchObject({ code: 'invalid_frame' });
      expect(answer.error?.message).toContain(`${where}: must not contain U+0000 (NUL) or a lone surrogate`);
    }
    expect(handled).toEqual([]);
    // A surrogate pair (an emoji) and nesting up to the body's depth limit (32) are fine; deeper is
    // refused before it is parsed.
    const nested = (depth: number) => `${'['.repeat(depth)}"😀"${']'.repeat(depth)}`;
    expect((await post(`${url}/c_%F0%9F%98%80`, `{"deep":${nested(30)}}`)).status).toBe(200);
    expect(handled).toEqual([{ id: 'c_😀' }]);
    const tooDeep = await post(`${url}/c_1`, `{"deep":${nested(100_000)}}`);
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.error).toMatchObject({ code: 'invalid_frame' });
    expect(handled).toHaveLength(1);
  });
});
