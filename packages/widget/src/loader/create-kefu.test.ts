import { afterEach, describe, expect, it } from 'vitest';
import type { AppModule, KefuCall } from '../types.ts';
import { createKefu } from './create-kefu.ts';

const OPTIONS = { site: 'shop', hub: 'wss://hub.test/kefu', load: 'interaction' } as const;

/** What a shopper's browser holds for the site, another site and the page itself. */
function fillStorage(): void {
  localStorage.setItem('kefu:shop:state', '{"deviceId":"d1","session":"s1","conversationId":"c1"}');
  localStorage.setItem('kefu:shop:outbox', '[{"clientMsgId":"m1"}]');
  localStorage.setItem('kefu:shop:seen', '7');
  localStorage.setItem('kefu:other-shop:state', '{"deviceId":"d2"}');
  localStorage.setItem('cart', '[1,2]');
}
const keys = () => Object.keys(localStorage).sort();

/** An app chunk that never arrives (the page navigates first), or one that records its calls. */
function app(arrives: boolean) {
  const runs: KefuCall[] = [];
  const module: AppModule = { mount: () => ({ run: (call) => void runs.push(call), destroy() {} }) };
  return { runs, load: () => (arrives ? Promise.resolve(module) : new Promise<AppModule>(() => {})) };
}

/** The widgets a test made, shut down after it: a widget's host removed otherwise comes back. */
const made: ReturnType<typeof createKefu>[] = [];
function widget(load: () => Promise<AppModule>) {
  const w = createKefu(load);
  made.push(w);
  return w;
}

afterEach(() => {
  localStorage.clear();
  for (const w of made.splice(0)) w.Kefu('shutdown');
  for (const host of document.querySelectorAll('[data-kefu]')) host.remove();
});

describe("Kefu('logout') in the loader", () => {
  it('forgets what the widget keeps for this site at once, before the app chunk has arrived', () => {
    fillStorage();
    const { Kefu, boot } = widget(app(false).load);
    boot(OPTIONS);
    Kefu('logout');
    expect(keys()).toEqual(['cart', 'kefu:other-shop:state']);
  });

  it('forgets at boot when the page called it before the loader ran (the snippet queue)', () => {
    fillStorage();
    const { Kefu, boot } = widget(app(false).load);
    Kefu('logout');
    boot(OPTIONS);
    expect(keys()).toEqual(['cart', 'kefu:other-shop:state']);
  });

  it('still forgets after shutdown', () => {
    fillStorage();
    const { Kefu, boot } = widget(app(false).load);
    boot(OPTIONS);
    Kefu('shutdown');
    Kefu('logout');
    expect(keys()).toEqual(['cart', 'kefu:other-shop:state']);
  });

  it('hands the call to the app once it has loaded, so the app resets its client and UI', async () => {
    const chunk = app(true);
    const { Kefu, boot } = widget(chunk.load);
    boot(OPTIONS);
    Kefu('open');
    Kefu('logout');
    await expect.poll(() => chunk.runs).toEqual([['open'], ['logout']]);
    fillStorage();
    Kefu('logout');
    expect(chunk.runs.at(-1)).toEqual(['logout']);
    expect(keys()).toEqual(['cart', 'kefu:other-shop:state']);
  });
});

describe('a page that replaces its whole <html>', () => {
  const hosts = () => document.querySelectorAll(':root>[data-kefu]').length;

  it('gets the launcher back, the same host, and none after a shutdown', async () => {
    const { Kefu, boot } = widget(app(false).load);
    boot(OPTIONS);
    const host = document.querySelector('[data-kefu]');
    document.documentElement.innerHTML = '<head></head><body><h1>Rendered again</h1></body>';
    await expect.poll(hosts).toBe(1);
    expect(document.querySelector('[data-kefu]')).toBe(host);
    Kefu('shutdown');
    expect(hosts()).toBe(0);
    document.documentElement.innerHTML = '<head></head><body><h1>Once more</h1></body>';
    // The observer runs as a microtask after the change: give it one, then more, to be sure.
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(hosts()).toBe(0);
  });
});
