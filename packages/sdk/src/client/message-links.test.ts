import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { safeHref, splitLinks } from './message-links.ts';

/**
 * `splitLinks` over `before` + `dots` dots + `after`, in a process of its own (a quadratic pattern
 * holds that process, not the test, which gives up after a generous 60 s): how many parts, and the
 * last link's tail.
 */
function splitLinksElsewhere(
  before: string,
  dots: number,
  after: string,
): Promise<{ parts: number; tail?: string }> {
  const module = fileURLToPath(new URL('./message-links.ts', import.meta.url));
  const code = `const { splitLinks } = await import(${JSON.stringify(module)});
    const { before, dots, after } = JSON.parse(process.env.TEXT);
    const parts = splitLinks(before + '.'.repeat(dots) + after);
    const link = parts.findLast((p) => 'href' in p);
    console.log(JSON.stringify({ parts: parts.length, tail: link?.text.slice(-3) }));`;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', code],
      {
        env: { ...process.env, TEXT: JSON.stringify({ before, dots, after }) },
        timeout: 60_000,
        maxBuffer: 1 << 20,
      },
      (error, stdout) =>
        error ? reject(error) : resolve(JSON.parse(stdout) as { parts: number; tail?: string }),
    );
  });
}

describe('links in message text', () => {
  it('makes http and https links clickable and leaves the rest as text', () => {
    expect(splitLinks('看这里 https://shop.example/p/1。谢谢')).toEqual([
      { text: '看这里 ' },
      { text: 'https://shop.example/p/1', href: 'https://shop.example/p/1' },
      { text: '。谢谢' },
    ]);
    expect(splitLinks('javascript:alert(1) and data:text/html,x')).toEqual([
      { text: 'javascript:alert(1) and data:text/html,x' },
    ]);
  });

  it('drops trailing punctuation from a link', () => {
    expect(splitLinks('See http://a.example/x).')).toEqual([
      { text: 'See ' },
      { text: 'http://a.example/x', href: 'http://a.example/x' },
      { text: ').' },
    ]);
  });

  // Stripping the trailing run after the match tried it from each of its characters: a 4,000-character
  // message cost every render of a transcript tens of ms, and this text minutes.
  it('finds a link ending after a long run of dots in one pass', async () => {
    expect(await splitLinksElsewhere('see http://a', 400_000, 'b ok')).toEqual({ parts: 3, tail: '..b' });
    expect(await splitLinksElsewhere('see http://', 400_000, ' ok')).toEqual({ parts: 1 });
  }, 90_000);

  it('accepts only http(s) URLs as hrefs', () => {
    expect(safeHref('https://ok.example/')).toBe('https://ok.example/');
    expect(safeHref('javascript:alert(1)')).toBeUndefined();
    expect(safeHref('not a url')).toBeUndefined();
    for (const other of [
      'ftp://a.example/',
      'wss://a.example/',
      'blob:https://a.example/1',
      'file:///etc/passwd',
    ])
      expect(safeHref(other)).toBeUndefined();
  });

  it('keeps no URL with a user name or password, which reads as one host and leads to another', () => {
    for (const disguised of [
      'https://shop.example@evil.example/',
      'https://:p@evil.example',
      'http://a:b@c.example',
    ])
      expect(safeHref(disguised)).toBeUndefined();
    expect(safeHref('https://shop.example/help/@team?to=@me')).toBe('https://shop.example/help/@team?to=@me');
    expect(splitLinks('see https://shop.example@evil.example/x')).toEqual([
      { text: 'see https://shop.example@evil.example/x' },
    ]);
  });
});
