import type { AppModule, KefuCall, KefuFunction, KefuOptions, ResolvedOptions, WidgetApp } from '../types.ts';
import { drawLauncher, type Launcher } from './draw-launcher.ts';

/** Resolves options and throws early, with the exact attribute to fix, when one is missing. */
function resolveOptions(options: KefuOptions): ResolvedOptions {
  if (!options?.site) throw new TypeError('Kefu: the site key is missing (data-site="…" or boot({ site }))');
  if (!options.hub) throw new TypeError('Kefu: the hub URL is missing (data-hub="wss://…" or boot({ hub }))');
  return { position: 'right', zIndex: 2147483000, load: 'idle', ...options };
}

/** True when this browser already has a conversation with the site: worth loading early for its unread count. */
function hasConversation(site: string): boolean {
  try {
    return (localStorage.getItem(`kefu:${site}:state`) ?? '').includes('conversationId');
  } catch {
    return false;
  }
}

/**
 * The widget's public function and its boot: queues commands until the app chunk is there,
 * draws the launcher at boot, and fetches the app on first hover, focus or click, on idle, or at once.
 * @example
 * const { Kefu, boot } = createKefu(() => import('./app/mount.tsx'));
 * boot({ site: 'demo', hub: 'wss://hub.example/kefu' });
 * Kefu('open');
 */
export function createKefu(loadApp: () => Promise<AppModule>): { Kefu: KefuFunction; boot(options: KefuOptions): void } {
  const queue: KefuCall[] = [];
  let launcher: Launcher | undefined;
  let app: WidgetApp | undefined;
  let loading: Promise<void> | undefined;
  let shutDown = false;

  const load = () => {
    if (!launcher || loading) return;
    const host = launcher;
    loading = loadApp().then(
      (module) => {
        if (shutDown) return;
        app = module.mount(host);
        for (const call of queue.splice(0)) app.run(call);
      },
      () => {
        // A failed fetch (offline, blocked) may succeed on the next interaction.
        loading = undefined;
      },
    );
  };

  const Kefu = ((...call: KefuCall) => {
    if (shutDown) return;
    const [command, arg] = call;
    if (command === 'shutdown') {
      shutDown = true;
      app?.destroy();
      launcher?.element.remove();
      queue.length = 0;
      return;
    }
    if (command === 'locale' && typeof arg === 'string') launcher?.setLocale(arg);
    if (app) return app.run(call);
    queue.push(call);
    if (command === 'open' || command === 'toggle') load();
  }) as KefuFunction;

  function boot(input: KefuOptions): void {
    if (launcher || shutDown) return;
    const options = resolveOptions(input);
    launcher = drawLauncher(options);
    const { launcher: button } = launcher;
    button.addEventListener('click', () => {
      if (app) return;
      if (!queue.some(([c]) => c === 'open')) queue.push(['open']);
      load();
    });
    for (const type of ['pointerenter', 'focus', 'touchstart']) button.addEventListener(type, load, { passive: true, once: true });
    const pendingLocale = queue.findLast(([c]) => c === 'locale')?.[1];
    if (typeof pendingLocale === 'string') launcher.setLocale(pendingLocale);
    if (options.load === 'eager' || queue.some(([c]) => c === 'open')) load();
    else if (options.load === 'idle' || hasConversation(options.site)) {
      const w = globalThis as { requestIdleCallback?: (fn: () => void, o?: { timeout: number }) => void };
      if (w.requestIdleCallback) w.requestIdleCallback(load, { timeout: 4000 });
      else setTimeout(load, 1500);
    }
  }

  return { Kefu, boot };
}
