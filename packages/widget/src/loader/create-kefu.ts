import type { AppModule, KefuCall, KefuFunction, KefuOptions, ResolvedOptions, WidgetApp } from '../types.ts';
import { drawLauncher } from './draw-launcher.ts';

/** Fills in defaults and throws early, naming the attribute to fix, when a required one is missing. */
function resolveOptions(o: KefuOptions): ResolvedOptions {
  if (!o?.site || !o.hub) throw new TypeError('Kefu: needs data-site and data-hub');
  return {
    ...o,
    position: o.position === 'left' ? 'left' : 'right',
    zIndex: Number(o.zIndex) || 2147483000,
    load: o.load === 'interaction' || o.load === 'eager' ? o.load : 'idle',
  };
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
    if (!h || loading) return;
    loading = loadApp().then(
      (module) => {
        if (shutDown) return;
        app = module.mount(h);
        for (const call of queue.splice(0)) app.run(call);
      },
      // A failed fetch (offline, blocked) may succeed on the next interaction.
      () => {
        loading = undefined;
      },
    );
  };

  const Kefu = ((...call: KefuCall) => {
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

  function boot(input: KefuOptions): void {
    if (host || shutDown) return;
    const options = resolveOptions(input);
    const h = drawLauncher(options);
    host = h;
    h.launcher.addEventListener('click', () => {
      if (app) return;
      if (!queued('open')) queue.push(['open']);
      load();
    });
    for (const type of ['pointerenter', 'focus', 'touchstart'])
      h.launcher.addEventListener(type, load, { passive: true, once: true });
    let returning = false;
    try {
      returning = !!localStorage.getItem(`kefu:${options.site}:seen`);
    } catch {}
    if (options.load === 'eager' || queued('open')) load();
    // A returning shopper's app loads on idle even in `interaction` mode: their unread count matters.
    else if (options.load === 'idle' || returning) {
      if (typeof requestIdleCallback === 'function') requestIdleCallback(load, { timeout: 4000 });
      else setTimeout(load, 1500);
    }
  }

  return { Kefu, boot };
}
