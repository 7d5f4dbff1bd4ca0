import { byLocale } from '../locale.ts';
import type { KefuOptions, WidgetHost } from '../types.ts';
import { LAUNCHER_CSS } from './launcher-css.ts';

const SVG = 'http://www.w3.org/2000/svg';

/**
 * Draws the launcher button in a shadow root on a host element of its own, and nothing else.
 * The host is `position: fixed` over the whole viewport, so the page's layout never moves, and lets
 * every pointer through to the page (launcher-css.ts).
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
      // An observable array since Chrome 99, Safari 16.4 and Firefox 101; a frozen one before, whose
      // push throws, as an engine without constructable sheets does: the <style> below then.
      root.adoptedStyleSheets.push(sheet);
    } catch {
      const style = document.createElement('style');
      // Set even when the page gave none (then `undefined`, which no CSP nonce matches): the loader is at its byte budget.
      style.nonce = options.nonce as string;
      style.textContent = css;
      root.prepend(style);
    }
  };
  element.dataset.kefu = '';
  // CSSOM writes are allowed under a strict CSP, unlike style="" attributes.
  const set = (name: string, value: unknown) => element.style.setProperty(`--kefu-${name}`, value as string);
  // Any position but `left` is the right-hand corner (launcher-css.ts), `undefined` included: the
  // option is set as given (the loader is at its byte budget).
  element.dataset.pos = options.position as string;
  set('z', +(options.zIndex as number) || 2147483000);
  if (options.color) set('accent', options.color);
  addStyles(LAUNCHER_CSS);
  // No type="button": in a shadow root of its own, the launcher belongs to no form to submit.
  launcher.className = 'l';
  // The app keeps it from then on, and adds the unread badge: the loader carries only what it draws.
  launcher.setAttribute('aria-expanded', 'false');
  // Its name before the app loads (the app names it from then on, with the unread count).
  launcher.setAttribute('aria-label', byLocale(options.locale, '在线客服', '線上客服', 'Chat with us'));
  // The chat icon, built with DOM calls, not innerHTML, so a page enforcing Trusted Types still gets
  // its launcher. No aria-hidden: a button's children are presentational, and its name is its
  // aria-label. The app adds the close icon beside it, a copy of this one (mount.tsx).
  const svg = document.createElementNS(SVG, 'svg');
  const path = document.createElementNS(SVG, 'path');
  svg.setAttribute('viewBox', '0 0 24 24');
  path.setAttribute('d', 'M3 5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-5 4z');
  svg.append(path);
  launcher.append(svg);
  root.append(launcher);
  // On <html>, not <body>: a transformed body would hold the fixed launcher at its own bottom
  // (off screen on a long page), and an SPA that swaps the body (Turbo) would take it away.
  document.documentElement.append(element);
  // A page whose <html> holds fixed elements to itself (a transform, will-change or contain on it;
  // the host then has an offsetParent) carried the launcher, and later the panel, to the foot of a
  // long page, out of sight. The top layer is the screen's whatever the page's styles; used there
  // alone, so elsewhere the merchant's `zIndex` still sets the widget below their own overlays.
  // Then measures the visual viewport, the part of the page on the screen: its scale for the host's
  // `zoom`, and how far in its edges are from the host's (the box fixed elements are laid out in) in
  // the host's px (the zoom divided out; `|| 1` in an engine without currentCSSZoom) for the launcher's
  // corner and the phone's full-screen panel (app-css.ts). Fixed elements follow the layout viewport,
  // which a pinch zoom or the on-screen keyboard leaves larger than the screen: a launcher in its
  // corner was out of sight. From the host's measured box, not the layout viewport's origin: on a
  // right-to-left page wider than a phone, Chromium lays fixed elements out from x −818 while the visual
  // viewport says 0. Unpinched, each distance is 0 px whatever the page's zoom, so a page zoom that
  // comes later (`html{zoom}` from a late stylesheet) leaves the launcher in its corner. Every engine
  // that runs this loader's syntax has a visual viewport but Firefox 79–90 on desktops (no pinch zoom
  // there): with no measure, the launcher and panel sit in the host's corner (launcher-css.ts's 0 px).
  const vv = window.visualViewport;
  const lift = () => {
    if (element.offsetParent) {
      element.popover = 'manual';
      element.showPopover?.();
    }
    if (vv) {
      set('s', vv.scale);
      const z = element.currentCSSZoom || 1;
      const r = element.getBoundingClientRect();
      set('t', `${(vv.offsetTop - r.top) / z}px`);
      set('l', `${(vv.offsetLeft - r.left) / z}px`);
      set('r', `${(r.right - vv.offsetLeft - vv.width) / z}px`);
      set('b', `${(r.bottom - vv.offsetTop - vv.height) / z}px`);
    }
  };
  lift();
  // As the shopper pinches, pans or brings up the keyboard. The listeners outlive a shutdown
  // harmlessly: they write to the removed host only.
  vv?.addEventListener('resize', lift);
  vv?.addEventListener('scroll', lift);
  return {
    element,
    root,
    launcher,
    options,
    addStyles,
    lift,
  };
}
