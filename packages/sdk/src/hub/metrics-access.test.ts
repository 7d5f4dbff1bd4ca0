import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createMetricsAccess } from './metrics-access.ts';

function request(headers: Record<string, string> = {}, remoteAddress = '127.0.0.1'): IncomingMessage {
  return { headers, socket: { remoteAddress } } as unknown as IncomingMessage;
}

describe('createMetricsAccess', () => {
  it('with a token, allows exactly the Bearer token, from anywhere', () => {
    const access = createMetricsAccess({ token: 'scrape-token-123', trustProxy: 1 });
    expect(access(request({ authorization: 'Bearer scrape-token-123' }, '198.51.100.4'))).toBe('allowed');
    expect(access(request({ authorization: 'Bearer scrape-token-124' }))).toBe('unauthorized');
    // A prefix or an extension of the token is as wrong as any other (the digests differ).
    expect(access(request({ authorization: 'Bearer scrape-token-12' }))).toBe('unauthorized');
    expect(access(request({ authorization: 'Bearer scrape-token-1234' }))).toBe('unauthorized');
    expect(access(request({ authorization: 'scrape-token-123' }))).toBe('unauthorized');
    expect(access(request({ authorization: 'Basic scrape-token-123' }))).toBe('unauthorized');
    // The scheme's case does not matter (RFC 9110), as on the HTTP API.
    expect(access(request({ authorization: 'bearer scrape-token-123' }))).toBe('allowed');
    expect(access(request({ authorization: 'BEARER scrape-token-123' }))).toBe('allowed');
    expect(access(request())).toBe('unauthorized');
  });

  it('without a token, serves direct loopback requests only', () => {
    const access = createMetricsAccess({ trustProxy: 0 });
    expect(access(request())).toBe('allowed');
    expect(access(request({}, '::1'))).toBe('allowed');
    expect(access(request({}, '::ffff:127.0.0.1'))).toBe('allowed');
    expect(access(request({}, '198.51.100.4'))).toBe('forbidden');
  });

  it.each(['forwarded', 'x-forwarded-for', 'x-real-ip'])(
    'without a token, refuses a loopback request that carries %s (it came through a proxy)',
    (header) => {
      const access = createMetricsAccess({ trustProxy: 0 });
      expect(access(request({ [header]: '198.51.100.4' }))).toBe('forbidden');
    },
  );

  it('without a token, refuses a loopback request addressed to another name (DNS rebinding)', () => {
    const access = createMetricsAccess({ trustProxy: 0 });
    for (const host of [
      'localhost:3000',
      'LOCALHOST',
      'app.localhost:8080',
      '127.0.0.1:3000',
      '127.1.2.3',
      '[::1]:3000',
      'localhost.',
    ])
      expect(access(request({ host })), host).toBe('allowed');
    // A page on evil.example whose name was re-pointed at 127.0.0.1 reads the answer as its own.
    for (const host of [
      'evil.example:3000',
      'evil.example',
      '[2001:db8::1]:3000',
      '10.0.0.8:3000',
      'localhost.evil.example',
    ])
      expect(access(request({ host })), host).toBe('forbidden');
  });

  it('without a token, refuses everything when the hub is behind proxies', () => {
    expect(createMetricsAccess({ trustProxy: 1 })(request())).toBe('forbidden');
  });
});
