import { describe, expect, it } from 'vitest';
import { resolveHttpApiOptions } from './http-options.ts';

const fail = (message: string): never => {
  throw new TypeError(`createHub: ${message}`);
};

describe('resolveHttpApiOptions', () => {
  it('fills in the defaults', () => {
    expect(resolveHttpApiOptions(undefined, fail)).toEqual({
      maxBodyBytes: 1024 * 1024,
      rateLimit: { perSecond: 20, burst: 40 },
      apiKeys: [],
      readyTimeoutMs: 2000,
      inboundSecret: undefined,
      corsOrigins: [],
    });
  });

  it('names the option that is wrong', () => {
    expect(() => resolveHttpApiOptions({ maxBodyBytes: 0 }, fail)).toThrow('http.maxBodyBytes');
    expect(() => resolveHttpApiOptions({ rateLimit: { perSecond: 0, burst: 1 } }, fail)).toThrow(
      'http.rateLimit',
    );
    expect(() => resolveHttpApiOptions({ readyTimeoutMs: -1 }, fail)).toThrow('http.readyTimeoutMs');
    // A plain timer: past 2^31 - 1 ms Node fired it at once, and /readyz never said ready.
    expect(() => resolveHttpApiOptions({ readyTimeoutMs: 2 ** 31 }, fail)).toThrow(
      'http.readyTimeoutMs must be a positive number of milliseconds up to 2147483647',
    );
    expect(() => resolveHttpApiOptions({ inboundSecret: 'short' }, fail)).toThrow('http.inboundSecret');
    expect(() => resolveHttpApiOptions({ corsOrigins: ['*'] }, fail)).toThrow('http.corsOrigins');
    expect(() => resolveHttpApiOptions({ corsOrigins: ['https://a.example/admin'] }, fail)).toThrow(
      'http.corsOrigins',
    );
    expect(
      resolveHttpApiOptions({ corsOrigins: ['https://a.example', 'http://localhost:*'] }, fail).corsOrigins,
    ).toEqual(['https://a.example', 'http://localhost:*']);
    const key = { id: 'ops1', name: 'ops', scopes: ['admin' as const], hash: 'a'.repeat(64) };
    expect(() => resolveHttpApiOptions({ apiKeys: [{ ...key, id: 'bad id' }] }, fail)).toThrow(
      'http.apiKeys[0].id',
    );
    expect(() => resolveHttpApiOptions({ apiKeys: [{ ...key, hash: 'secret' }] }, fail)).toThrow(
      'http.apiKeys[0].hash',
    );
    expect(() => resolveHttpApiOptions({ apiKeys: [{ ...key, scopes: [] }] }, fail)).toThrow(
      'http.apiKeys[0].scopes',
    );
  });
});
