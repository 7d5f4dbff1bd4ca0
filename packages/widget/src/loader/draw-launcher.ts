import { type Locale, resolveLocale } from '../locale.ts';
import type { ResolvedOptions, WidgetHost } from '../types.ts';
import { adoptStyles } from './adopt-styles.ts';
import { LAUNCHER_CSS } from './launcher-css.ts';
import { launcherLabel } from './launcher-labels.ts';

const SVG = 'http://www.w3.org/2000/svg';

// Built with DOM calls, not innerHTML, so a page enforcing Trusted Types still gets its launcher.
function icon(cls: string, d: string): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', cls);
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', d);
  svg.append(path);
  return svg;
}

export interface Launcher extends WidgetHost {
  element: HTMLElement;
  setLocale(locale: string): void;
}

/**
 * Draws the launcher button in a shadow root on a host element of its own, and nothing else.
 * The host is `position: fixed` with no size, so the page's layout never moves.
 */
export function drawLauncher(options: ResolvedOptions): Launcher {
  const element = document.createElement('div');
  element.setAttribute('data-kefu', '');
  if (options.position === 'left') element.setAttribute('data-pos', 'left');
  // CSSOM writes are allowed under a strict CSP, unlike style="" attributes.
  element.style.setProperty('--kefu-z', String(options.zIndex));
  if (options.color) element.style.setProperty('--kefu-accent', options.color);
  const root = element.attachShadow({ mode: 'open' });
  const addStyles = (css: string) => adoptStyles(root, css, options.nonce);
  addStyles(LAUNCHER_CSS);

  const launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.className = 'l';
  launcher.setAttribute('aria-expanded', 'false');
  launcher.setAttribute('aria-haspopup', 'dialog');
  const badge = document.createElement('span');
  badge.className = 'b';
  badge.setAttribute('aria-hidden', 'true');
  launcher.append(
    icon('o', 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01z'),
    icon('x', 'M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4z'),
    badge,
  );
  root.append(launcher);

  let locale: Locale = resolveLocale(options.locale);
  let expanded = false;
  let unread = 0;
  const relabel = () => launcher.setAttribute('aria-label', launcherLabel(locale, expanded, unread));
  relabel();
  (document.body ?? document.documentElement).append(element);

  return {
    element,
    root,
    launcher,
    options,
    addStyles,
    setBadge(count) {
      unread = count;
      badge.textContent = count > 0 ? (count > 99 ? '99+' : String(count)) : '';
      relabel();
    },
    setExpanded(open) {
      expanded = open;
      launcher.setAttribute('aria-expanded', String(open));
      relabel();
    },
    setLocale(next) {
      locale = resolveLocale(next);
      relabel();
    },
  };
}
