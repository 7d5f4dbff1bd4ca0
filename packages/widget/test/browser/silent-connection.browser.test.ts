import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../../test/servers.ts';
import { openWidget, send, W, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

/**
 * The hub's end of a connection stops reading and writing, with no close either way: what a NAT
 * that dropped its entry, or a laptop waking from sleep, looks like to the browser.
 */
function silence(socket: Socket): void {
  socket.removeAllListeners('data');
  socket.on('data', () => {});
  socket.write = ((_data: unknown, a?: unknown, b?: unknown) => {
    const done = typeof a === 'function' ? a : b;
    if (typeof done === 'function') done();
    return true;
  }) as Socket['write'];
}

/** Counts the page's pending timers by delay: what a shut-down widget may still have waiting. */
function countTimers(): void {
  const pending = new Map<number, number>();
  (window as unknown as { kefuTimers: () => number[] }).kefuTimers = () => [...pending.values()];
  const { setTimeout: set, clearTimeout: clear } = window;
  window.setTimeout = ((fn: () => void, ms?: number) => {
    const id = set(() => {
      pending.delete(id);
      fn();
    }, ms);
    pending.set(id, ms ?? 0);
    return id;
  }) as typeof window.setTimeout;
  window.clearTimeout = ((id?: number) => {
    if (id !== undefined) pending.delete(id);
    clear(id);
  }) as typeof window.clearTimeout;
}

describe.skipIf(skip)('the widget on a connection that goes silent, in Chromium', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  beforeAll(async () => {
    // A heartbeat far longer than the test: two missed heartbeats (the old way to notice) never come.
    fx = await widgetFixture({ limits: { heartbeatMs: 10 * 60_000 } });
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('asks nothing more once shut down: no answer check left to ping or reconnect', async () => {
    const context = await fx.browserProfile();
    await context.addInitScript(countTimers);
    const page = await context.newPage();
    let sockets = 0;
    let sentAfter = 0;
    let down = false;
    page.on('websocket', (ws) => {
      sockets++;
      ws.on('framesent', () => void (down && sentAfter++));
    });
    await page.goto(`${fx.origin}/shut`);
    await openWidget(page);
    // Each message starts a 4 s answer check (the hub's ack does not end it).
    await send(page, 'and then the shop shuts the widget down');
    down = true;
    await page.evaluate(() => (window as unknown as { Kefu: (c: string) => void }).Kefu('shutdown'));
    await page.locator(W.launcher).waitFor({ state: 'detached' });
    const timers = await page.evaluate(() =>
      (window as unknown as { kefuTimers: () => number[] }).kefuTimers(),
    );
    expect(timers).not.toContain(4000);
    expect(sentAfter).toBe(0);
    expect(sockets).toBe(1);
    await context.close();
  });

  it('notices that a message got no answer and sends it over a new connection', async () => {
    const sockets: Socket[] = [];
    const track = (_request: unknown, socket: Socket) => void sockets.push(socket);
    fx.hubServer.on('upgrade', track);
    try {
      const context = await fx.browserProfile();
      const page = await context.newPage();
      await page.goto(`${fx.origin}/silent`);
      await openWidget(page);
      await send(page, 'before the silence');
      expect(sockets).toHaveLength(1);
      for (const socket of sockets) silence(socket);
      await page.locator(W.textarea).fill('typed into a silent connection');
      await page.locator(W.textarea).press('Enter');
      await page.locator(W.mine('typed into a silent connection')).waitFor({ timeout: 60_000 });
      // Over a second connection, and stored once.
      expect(sockets).toHaveLength(2);
      expect(await page.locator(W.mine('typed into a silent connection')).count()).toBe(1);
      await context.close();
    } finally {
      fx.hubServer.off('upgrade', track);
    }
  });
});
