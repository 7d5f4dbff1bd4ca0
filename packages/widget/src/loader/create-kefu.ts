import type { AppModule, KefuCall, KefuFunction, KefuOptions, WidgetApp } from '../types.ts';
import { drawLauncher } from './draw-launcher.ts';

/**
 * `Kefu('logout')` cannot wait for the app chunk: the page may navigate away at once. What the
 * widget keeps for this site (every `kefu:<site>:` key: session, outbox, unread mark) goes now;
 * the app, when it runs the queued call, forgets the rest.
 */
function forget(site: string): void {
  try {
    for (const key of Object.keys(localStorage))
      if (key.startsWith(`kefu:${site}:`)) localStorage.removeItem(key);
  } catch {}
}

/**
 * The widget's public function and its boot: queues commands until the app chunk is there,
 * draws the launcher at boot, and fetches the app on first hover, focus or click, on idle, or at once.
 * @example
 * const { Kefu, boot } = createKefu(() => import('./app/mount.tsx'));
 * boot({ site: 'demo', hub: 'wss://hub.example/kefu' });
 * Kefu('open');
 */
export function createKefu(loadApp: () => Promise<AppModule>): {
  Kefu: KefuFunction;
  boot(options: KefuOptions): void;
} {
  const queue: KefuCall[] = [];
  const queued = (command: string) => queue.some(([c]) => c === command);
  let host: ReturnType<typeof drawLauncher> | undefined;
  let app: WidgetApp | undefined;
  let loading: Promise<void> | undefined;
  let shutDown = false;

  const load = () => {
    const h = host;
    if (!h) return;
    // The chat asked for is on its way: the launcher says so (it pulses) until the app, which
    // keeps it busy until the panel is drawn. A click that changed nothing for seconds on a slow
    // network looked like a broken button.
    if (queued('open')) h.launcher.setAttribute('aria-busy', 'true');
    if (loading) return;
    loading = loadApp().then(
      (module) => {
        if (shutDown) return;
        app = module.mount(h);
        for (const call of queue.splice(0)) app.run(call);
      },
      // A failed fetch (offline, blocked) may succeed on the next interaction; a chat asked for
      // offline (a tunnel) opens once the browser is back online, as the app's own parts do.
      () => {
        loading = undefined;
        h.launcher.removeAttribute('aria-busy');
        if (queued('open')) addEventListener('online', load, { once: true });
      },
    );
  };

  const Kefu = ((...call: KefuCall) => {
    // Before the shutdown check: a shopper logging out after the widget was shut down is still forgotten.
    if (call[0] === 'logout' && host) forget(host.options.site);
    if (shutDown) return;
    if (call[0] === 'shutdown') {
      shutDown = true;
      app?.destroy();
      host?.element.remove();
    } else if (app) app.run(call);
    else {
      queue.push(call);
      if (call[0] === 'open' || call[0] === 'toggle') load();
    }
  }) as KefuFunction;

  function boot(options: KefuOptions): void {
    if (host || shutDown) return;
    // Early, naming the attribute to fix. The options stay as given: each default is applied where
    // the option is used (the launcher, below).
    if (!options?.site || !options.hub) throw new TypeError('Kefu: no data-site/data-hub');
    const h = drawLauncher(options);
    host = h;
    // A page that replaces its whole <html> (React re-rendering `document` after a hydration
    // mismatch, `documentElement.innerHTML = …`) takes the launcher's host with it: put it back.
    new MutationObserver(() => {
      if (!shutDown && !h.element.isConnected) document.documentElement.append(h.element);
    }).observe(document, { childList: true, subtree: true });
    // Once the app is here, its own listener opens and closes the chat.
    h.launcher.addEventListener('click', () => app || Kefu('open'));
    // Not `once`: `load` returns at once while loading, and a failed fetch is tried again on the next one.
    // A finger on the launcher is a pointer entering it first (before its touchstart, in Chromium and
    // Safari): no touch listener, and so none to make passive.
    for (const type of ['pointerenter', 'focus']) h.launcher.addEventListener(type, load);
    if (queued('logout')) forget(options.site);
    let returning: string | null | undefined;
    try {
      returning = localStorage.getItem(`kefu:${options.site}:seen`);
    } catch {}
    if (options.load === 'eager' || queued('open')) load();
    // A returning shopper's app loads on idle even in `interaction` mode: their unread count matters.
    // Any other value is the default, `idle`.
    else if (options.load !== 'interaction' || returning) {
      // Safari has no requestIdleCallback.
      if ((window as Partial<Window>).requestIdleCallback) requestIdleCallback(load, { timeout: 4000 });
      else setTimeout(load, 1500);
    }
  }

  return { Kefu, boot };
}
