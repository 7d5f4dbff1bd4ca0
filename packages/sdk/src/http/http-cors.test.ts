import { afterEach, describe, expect, it } from 'vitest';
import { createHub, type Hub } from '../hub/create-hub.ts';
import { silentLogger } from '../logger.ts';

const ADMIN_PAGE = 'https://admin.shop.example';
let hub: Hub | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

async function start(corsOrigins?: string[]) {
  hub = createHub({
    sites: [{ key: 'shop', origins: ['*'] }],
    logger: silentLogger,
    http: { rateLimit: { perSecond: 1000, burst: 1000 }, ...(corsOrigins ? { corsOrigins } : {}) },
  });
  const { port } = await hub.listen({ port: 0 });
  const { key } = await hub.admin.apiKeys.create({ name: 'admin page', scopes: ['read'] });
  return { base: `http://127.0.0.1:${port}`, key };
}

/** A browser's preflight before a GET with an API key. */
const preflight = (url: string, origin: string) =>
  fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'GET',
      'access-control-request-headers': 'authorization',
    },
  });

describe('HTTP API: CORS for http.corsOrigins', () => {
  it('answers the preflight of a listed origin with its methods and headers, Authorization included', async () => {
    const { base } = await start([ADMIN_PAGE]);
    const res = await preflight(`${base}/api/v1/conversations`, ADMIN_PAGE);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ADMIN_PAGE);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET');
    expect(res.headers.get('access-control-allow-headers')).toBe(
      'Authorization, Content-Type, If-None-Match',
    );
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('vary')).toBe('Origin');
    const close = await preflight(`${base}/api/v1/conversations/c_1/close`, ADMIN_PAGE);
    expect(close.headers.get('access-control-allow-methods')).toBe('POST');
  });

  it('grants the answers to a listed origin, typed refusals too, and lets the page read Retry-After', async () => {
    const { base, key } = await start([ADMIN_PAGE]);
    const ok = await fetch(`${base}/api/v1/conversations`, {
      headers: { origin: ADMIN_PAGE, authorization: `Bearer ${key}` },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ADMIN_PAGE);
    expect(ok.headers.get('access-control-expose-headers')).toBe('Retry-After, ETag');

    const refused = await fetch(`${base}/api/v1/conversations`, { headers: { origin: ADMIN_PAGE } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(ADMIN_PAGE);
    expect(await refused.json()).toMatchObject({ error: { code: 'unauthorized' } });

    const unknown = await fetch(`${base}/api/v1/nothing-here`, { headers: { origin: ADMIN_PAGE } });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('access-control-allow-origin')).toBe(ADMIN_PAGE);
  });

  // The entries list answers If-None-Match with a 304 (2026-12-07): a page could neither send the
  // header (its preflight did not allow it) nor read the ETag to send.
  it('lets a listed page send If-None-Match and read the ETag', async () => {
    const { base } = await start([ADMIN_PAGE]);
    const res = await preflight(`${base}/api/v1/conversations`, ADMIN_PAGE);
    expect(res.headers.get('access-control-allow-headers')?.split(', ')).toContain('If-None-Match');
    const { key } = await hub!.admin.apiKeys.create({ name: 'page', scopes: ['read'] });
    const ok = await fetch(`${base}/api/v1/conversations`, {
      headers: { origin: ADMIN_PAGE, authorization: `Bearer ${key}` },
    });
    expect(ok.headers.get('access-control-expose-headers')?.split(', ')).toContain('ETag');
  });

  it('gives another origin no CORS header: its preflight is a typed 403', async () => {
    const { base, key } = await start([ADMIN_PAGE]);
    const res = await preflight(`${base}/api/v1/conversations`, 'https://evil.example');
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    // It said "may not call this route": which list to add the origin to, the merchant had to guess.
    expect(await res.json()).toMatchObject({
      error: {
        code: 'forbidden',
        message: 'origin https://evil.example may not call this route: it is not in http.corsOrigins',
      },
    });
    const get = await fetch(`${base}/api/v1/conversations`, {
      headers: { origin: 'https://evil.example', authorization: `Bearer ${key}` },
    });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('grants no origin at all without http.corsOrigins', async () => {
    const { base } = await start();
    const res = await preflight(`${base}/api/v1/conversations`, ADMIN_PAGE);
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    // Without an Origin it is no preflight: the methods the path takes.
    const plain = await fetch(`${base}/api/v1/conversations`, { method: 'OPTIONS' });
    expect(plain.status).toBe(204);
    expect(plain.headers.get('allow')).toBe('OPTIONS, GET');
  });
});
