import { resolveLocale } from '../locale.ts';
import type { KefuOptions, WidgetHost } from '../types.ts';
import { LAUNCHER_CSS } from './launcher-css.ts';

const SVG = 'http://www.w3.org/2000/svg';

/** The launcher's name before the app loads (the app labels it from then on, with the unread count). */
const LABEL = { 'zh-CN': '在线客服', 'zh-TW': '線上客服', en: 'Chat with us' };

// Built with DOM calls, not innerHTML, so a page enforcing Trusted Types still gets its launcher.
function icon(cls: string, d: string): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  const path = document.createElementNS(SVG, 'path');
  svg.setAttribute('viewBox', '0 0 24 24');
  // No aria-hidden: a button's children are presentational, and its name is its aria-label.
  svg.setAttribute('class', cls);
  path.setAttribute('d', d);
  svg.append(path);
  return svg;
}

/**
 * Draws the launcher button in a shadow root on a host element of its own, and nothing else.
 * The host is `position: fixed` with no size, so the page's layout never moves.
 */
export function drawLauncher(options: KefuOptions): WidgetHost & { element: HTMLElement } {
  const element = document.createElement('div');
  const root = element.attachShadow({ mode: 'open' });
  const launcher = document.createElement('button');
  // A constructable stylesheet where the engine has them (no CSP `style-src` needed), else a
  // `<style>` carrying the page's nonce so a strict CSP still allows it. A closure over the root and
  // nonce, not a helper of its own taking them: 5 B of the loader.
  const addStyles = (css: string) => {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      return;
    } catch {
      // Older engines: fall through to a <style> element.
    }
    const style = document.createElement('style');
    // Set even when the page gave none (then `undefined`, which no CSP nonce matches): the loader is at its byte budget.
    style.nonce = options.nonce as string;
    style.textContent = css;
    root.prepend(style);
  };
  element.dataset.kefu = '';
  // The options' defaults, applied here: any position but `left` is the right-hand corner.
  element.dataset.pos = options.position ?? 'right';
  // CSSOM writes are allowed under a strict CSP, unlike style="" attributes.
  element.style.setProperty('--kefu-z', (+(options.zIndex as number) || 2147483000) as unknown as string);
  if (options.color) element.style.setProperty('--kefu-accent', options.color);
  addStyles(LAUNCHER_CSS);
  // No type="button": in a shadow root of its own, the launcher belongs to no form to submit.
  launcher.className = 'l';
  // The app keeps it from then on, and adds the unread badge: the loader carries only what it draws.
  launcher.setAttribute('aria-expanded', 'false');
  launcher.setAttribute('aria-label', LABEL[resolveLocale(options.locale)]);
  launcher.append(
    icon('o', 'M3 5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-5 4z'),
    icon('x', 'M6 6l12 12M18 6 6 18'),
  );
  root.append(launcher);
  // On <html>, not <body>: a transformed body would hold the fixed launcher at its own bottom
  // (off screen on a long page), and an SPA that swaps the body (Turbo) would take it away.
  document.documentElement.append(element);
  // A page whose <html> holds fixed elements to itself (a transform, will-change or contain on it;
  // the host then has an offsetParent) carried the launcher, and later the panel, to the foot of a
  // long page, out of sight. The top layer is the screen's whatever the page's styles; used there
  // alone, so elsewhere the merchant's `zIndex` still sets the widget below their own overlays.
  const lift = () => {
    if (element.offsetParent) {
      element.popover = 'manual';
      element.showPopover?.();
    }
  };
  lift();
  // The page's scale for the host's `zoom` (launcher-css.ts), kept as the shopper pinches. No visual
  // viewport (an old engine): `undefined`, which leaves the zoom at 1. The listener outlives a
  // shutdown harmlessly: it writes to the removed host only.
  const vv = window.visualViewport;
  const fit = () => element.style.setProperty('--kefu-s', `${vv?.scale}`);
  fit();
  vv?.addEventListener('resize', fit);
  return {
    element,
    root,
    launcher,
    options,
    addStyles,
    lift,
  };
}
