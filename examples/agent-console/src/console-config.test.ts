import { describe, expect, it } from 'vitest';
import { resolveHubUrl } from './console-config.ts';

const at = (search: string) => ({ href: `https://desk.example/console${search}`, search });

describe('resolveHubUrl', () => {
  it('connects to /kefu on this host, or the configured hub', () => {
    expect(resolveHubUrl(at(''), {})).toEqual({ url: 'wss://desk.example/kefu' });
    expect(resolveHubUrl(at(''), { hub: 'wss://hub.example/kefu' })).toEqual({
      url: 'wss://hub.example/kefu',
    });
  });

  it('lets ?hub= pick the configured hub or one the config lists', () => {
    const config = { hub: 'wss://hub.example/kefu', hubs: ['wss://staging.example/kefu'] };
    expect(resolveHubUrl(at('?hub=wss://staging.example/kefu'), config)).toEqual({
      url: 'wss://staging.example/kefu',
    });
    expect(resolveHubUrl(at('?hub=wss://hub.example/kefu'), config)).toEqual({
      url: 'wss://hub.example/kefu',
    });
    expect(resolveHubUrl(at('?hub=/kefu'), {})).toEqual({ url: 'wss://desk.example/kefu' });
  });

  it.each([
    'wss://evil.example/kefu',
    'ws://127.0.0.1:9/kefu',
    'wss://hub.example/other',
    'wss://hub.example.evil.example/kefu',
    'javascript:alert(1)',
    'not a url at all',
  ])('ignores ?hub=%s, which the config does not list, and says so', (asked) => {
    const config = { hub: 'wss://hub.example/kefu' };
    expect(resolveHubUrl(at(`?hub=${encodeURIComponent(asked)}`), config)).toEqual({
      url: 'wss://hub.example/kefu',
      ignored: asked,
    });
  });
});
