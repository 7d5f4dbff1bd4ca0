import { describe, expect, it } from 'vitest';
import { hashApiKeySecret } from '../hub/api-keys.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { flakyStore } from '../testing/flaky-store.ts';
import { startHub } from '../testing/hub-fixture.ts';

const SECRET = 'outageoutageoutageoutage';
describe('the HTTP API while the store is away', () => {
  it('answers 503 with Retry-After for a store briefly unreachable, and 500 for a fault', async () => {
    const flaky = flakyStore(createMemoryStore());
    const started = await startHub({
      store: flaky.store,
      http: { apiKeys: [{ id: 'ops', name: 'ops', scopes: ['read'], hash: hashApiKeySecret(SECRET) }] },
    });
    started.hub.on('error', () => {});
    const list = () =>
      fetch(`${started.url.replace('ws:', 'http:')}/api/v1/conversations`, {
        headers: { authorization: `Bearer kefu_ops_${SECRET}` },
      });

    flaky.fail('listConversations', 1);
    const away = await list();
    expect(away.status).toBe(503);
    expect(away.headers.get('retry-after')).toBe('5');
    expect(await away.json()).toEqual({
      error: { code: 'internal', message: 'the hub cannot reach its store now; retry shortly' },
    });

    flaky.fail(
      'listConversations',
      1,
      undefined,
      () => new TypeError("Cannot read properties of undefined (reading 'id')"),
    );
    const fault = await list();
    expect(fault.status).toBe(500);
    expect(await fault.json()).toEqual({ error: { code: 'internal', message: 'internal error' } });

    expect((await list()).status).toBe(200);
  });
});
