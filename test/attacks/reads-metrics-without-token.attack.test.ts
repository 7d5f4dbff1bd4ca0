import { describe, expect, it } from 'vitest';
import { startHubProcess } from './hub-process.ts';

// Finding 13: without a token, /metrics served any request from loopback, and a proxy on the
// same host is loopback: every visitor behind it could read the business figures. With a token,
// it was compared with ===.

const status = async (url: string, headers: Record<string, string> = {}) =>
  (await fetch(`${url}/metrics`, { headers })).status;

describe('an attacker reads /metrics without the token', () => {
  it('is refused through a proxy on the same host when no token is set', async () => {
    const hub = await startHubProcess();
    expect(await status(hub.httpUrl, { 'x-forwarded-for': '203.0.113.7' })).toBe(403);
    expect(await status(hub.httpUrl, { 'x-real-ip': '203.0.113.7' })).toBe(403);
    expect(await status(hub.httpUrl, { forwarded: 'for=203.0.113.7' })).toBe(403);
    // Finding (qa-attack, 2026-12-05): a proxy that adds no address (only `Via`, the scheme or
    // host, a CDN's or Envoy's own header) was let through as a direct loopback request.
    for (const header of [
      'via',
      'x-forwarded-proto',
      'x-forwarded-host',
      'cf-connecting-ip',
      'x-envoy-external-address',
    ])
      expect(await status(hub.httpUrl, { [header]: header === 'via' ? '1.1 proxy' : 'x' }), header).toBe(403);
    // A direct scrape from the hub's own host still works.
    expect(await status(hub.httpUrl)).toBe(200);
  });

  it('is refused without a token when the hub is configured behind a proxy, headers or not', async () => {
    const hub = await startHubProcess({ options: { trustProxy: 1 } });
    expect(await status(hub.httpUrl)).toBe(403);
  });

  it('gets 401 with a wrong token or a prefix of it, and only the right token reads the figures', async () => {
    const token = 'scrape-token-5e1d9c7a3f';
    const hub = await startHubProcess({ options: { trustProxy: 1, metrics: { token } } });
    expect(await status(hub.httpUrl)).toBe(401);
    expect(await status(hub.httpUrl, { authorization: 'Bearer wrong-token-0000000000' })).toBe(401);
    expect(await status(hub.httpUrl, { authorization: `Bearer ${token.slice(0, -1)}` })).toBe(401);
    expect(await status(hub.httpUrl, { authorization: `Bearer ${token}x` })).toBe(401);
    const res = await fetch(`${hub.httpUrl}/metrics`, {
      headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': '203.0.113.7' },
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('# TYPE kefu_conversations gauge');
  });
});
