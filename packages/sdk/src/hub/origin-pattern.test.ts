import { describe, expect, it } from 'vitest';
import { resolveHubOptions } from './hub-options.ts';
import { originPatternProblem } from './origin-pattern.ts';

describe('originPatternProblem', () => {
  it('takes what a browser sends, "*" and a port wildcard', () => {
    for (const ok of [
      '*',
      'https://shop.example',
      'http://localhost:*',
      'http://127.0.0.1:5173',
      'https://m.shop.example:8443',
      'capacitor://localhost',
    ])
      expect(originPatternProblem(ok), ok).toBeNull();
  });

  it('says what to write instead of an entry no Origin header can match', () => {
    expect(originPatternProblem('https://my-shop.example/')).toBe(
      'has a path: write "https://my-shop.example" (an origin is scheme://host[:port], no path)',
    );
    expect(originPatternProblem('my-shop.example')).toMatch(
      /^has no scheme: write "https:\/\/my-shop\.example"/,
    );
    expect(originPatternProblem('https://*.my-shop.example')).toMatch(/^has a wildcard host/);
    // Without a scheme too: adding one would still be refused, so the advice is to list each origin.
    expect(originPatternProblem('*.my-shop.example')).toMatch(/^has a wildcard host/);
    expect(originPatternProblem('https://My-Shop.example')).toMatch(/write "https:\/\/my-shop\.example"/);
    expect(originPatternProblem('https://my-shop.example:443')).toMatch(/write "https:\/\/my-shop\.example"/);
    expect(originPatternProblem(42)).toMatch(/must be a string/);
  });

  it('makes createHub (and so kefu config check) name the entry', () => {
    expect(() =>
      resolveHubOptions({
        sites: [{ key: 'my-shop', origins: ['http://localhost:*', 'https://my-shop.example/'] }],
      }),
    ).toThrow(
      'createHub: sites[0].origins[1] "https://my-shop.example/" has a path: write "https://my-shop.example"',
    );
  });
});
