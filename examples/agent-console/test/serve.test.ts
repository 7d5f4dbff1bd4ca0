import { createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_ELEMENT_ID } from '../src/console-config.ts';
import { createConsoleHandler } from '../src/serve.ts';

describe('console handler', () => {
  let origin = '';
  const server = createServer((req, res) => {
    void handler(req, res).then((done) => {
      if (!done) res.writeHead(418).end('not the console');
    });
  });
  const handler = createConsoleHandler({
    bundle: Promise.resolve('console.log("app")'),
    agents: [{ id: 'lei', name: '李雷 </script><script>alert(1)</script>' }],
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('serves the console, the dashboard and the knowledge page under a strict CSP, with its config as inert JSON', async () => {
    for (const path of ['/console', '/console/', '/console/dashboard', '/console/knowledge']) {
      const res = await fetch(`${origin}${path}`);
      expect(res.status).toBe(200);
      const csp = res.headers.get('content-security-policy')!;
      const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
      const html = await res.text();
      expect(html).toContain(`<script type="module" src="/console/app.js" nonce="${nonce}">`);
      const json = new RegExp(
        `<script type="application/json" id="${CONFIG_ELEMENT_ID}">(.*?)</script>`,
      ).exec(html)![1]!;
      expect(json).not.toContain('</script>');
      expect(JSON.parse(json)).toMatchObject({ base: '/console', agents: [{ id: 'lei' }] });
      expect(csp).not.toContain('unsafe-inline');
    }
  });

  it('serves the bundle, and leaves every other path to the next handler', async () => {
    const app = await fetch(`${origin}/console/app.js`);
    expect(app.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await app.text()).toBe('console.log("app")');
    expect((await fetch(`${origin}/`)).status).toBe(418);
    expect((await fetch(`${origin}/consolex`)).status).toBe(418);
    expect((await fetch(`${origin}/console/other`)).status).toBe(418);
  });

  it('leaves a request whose path is no URL (`GET //[`) to the next handler instead of rejecting', async () => {
    const { port } = new URL(origin);
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
    });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write('GET //[ HTTP/1.1\r\nHost: console\r\nConnection: close\r\n\r\n');
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    expect(answer).toMatch(/^HTTP\/1\.1 418 /);
  });

  it('lets the page connect only to this host and the hubs and metrics its config names, and load images from the hubs', async () => {
    const named = createConsoleHandler({
      bundle: Promise.resolve(''),
      hub: 'wss://hub.example/kefu',
      hubs: ['ws://127.0.0.1:7100/kefu'],
      metricsUrl: 'https://hub.example/metrics',
    });
    const headers: Record<string, string> = {};
    await named(
      { method: 'GET', url: '/console' } as never,
      {
        writeHead: (_status: number, h: Record<string, string>) => Object.assign(headers, h),
        end: () => {},
      } as never,
    );
    const connect = /connect-src ([^;]*)/.exec(headers['content-security-policy']!)![1]!.split(' ');
    expect(connect).toEqual([
      "'self'",
      'wss://hub.example',
      'ws://127.0.0.1:7100',
      'https://hub.example',
      'http://127.0.0.1:7100',
    ]);
    const img = /img-src ([^;]*)/.exec(headers['content-security-policy']!)![1]!.split(' ');
    expect(img).toEqual(["'self'", 'data:', 'blob:', 'https://hub.example', 'http://127.0.0.1:7100']);
  });
});
