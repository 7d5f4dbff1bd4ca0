/**
 * The script-tag loader (`kefu.js`, a classic script): replaces the snippet's queueing stub with
 * the real `window.Kefu`, replays what was queued, draws the launcher, and later imports the app
 * module from beside itself. `window.Kefu` is the only global it touches.
 */
import type { AppModule, KefuCall, KefuFunction } from '../types.ts';
import { createKefu } from './create-kefu.ts';
import { readScriptOptions } from './read-options.ts';

const w = window as unknown as { Kefu?: KefuFunction };
// A module tag (`<script type="module">`) has no currentScript: the tag is then the one naming a hub.
const script = (document.currentScript ??
  document.querySelector('script[data-hub]')) as HTMLScriptElement | null;

// A second copy of the tag on the same page must not draw a second launcher; after a shutdown
// (no launcher left) a tag the page adds again boots afresh. The launcher's host sits on <html>,
// so a page element of the shop's own that carries data-kefu is not taken for it.
if (script && !document.querySelector(':root>[data-kefu]')) {
  const base = script.src;
  const queued = w.Kefu?.q ?? [];
  // `import()` reads its specifier as a string, the URL's href (the loader is at its byte budget).
  const { Kefu, boot } = createKefu(
    () => import(/* @vite-ignore */ new URL('kefu-app.js', base) as unknown as string) as Promise<AppModule>,
  );
  w.Kefu = Kefu;
  // The stub queued `arguments` objects, which spread like arrays.
  for (const args of queued) (Kefu as (...call: KefuCall) => void)(...(args as unknown as KefuCall));
  try {
    boot(readScriptOptions(script));
  } catch (error) {
    // No caller to throw to on a script tag: tell the merchant's console what to fix.
    console.error(error);
  }
}
