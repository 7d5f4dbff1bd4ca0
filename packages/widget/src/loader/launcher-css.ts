/**
 * The launcher's styles: all the loader draws. `:host` rules are `!important` because inside a
 * shadow root those win over the page's own `!important` rules (shadow-including cascade order);
 * the accent `--a` too, which a page's `*{--a:…}` would otherwise set for the whole widget.
 */
export const LAUNCHER_CSS =
  // `all:initial` also undoes a page's visibility, opacity and transform. The host is fixed over the
  // whole viewport (the box draw-launcher.ts measures), out of the page's flow, and lets every pointer
  // through to the page: the launcher's `all:initial` takes pointers again, as the app's container does.
  // `zoom`: on a page without a viewport tag a phone lays the page out 980 px wide and shows it scaled
  // down (about 0.38 on a 375 px phone); the host is zoomed back by that scale (`--kefu-s`, which the
  // launcher keeps), so the widget is its usual size on the screen. A scale above 1 is the shopper's
  // own pinch zoom, which enlarges the widget as on any page.
  // The launcher's place: 20 px in from the visual viewport's corner, the part of the page on the
  // screen, not the layout viewport's, which a pinch zoom or the on-screen keyboard leaves larger than
  // the screen: placed from the host's right (or left) and bottom edges, moved in by how far the visual
  // viewport's are from them (`--kefu-r/l/b`, which draw-launcher.ts keeps; 0 px unmeasured, with no
  // visualViewport). 56 px: the 28 px icon and 14 px around it.
  // The icon is black or white, whichever contrasts more with the merchant's accent (WCAG luminance
  // `y` above or below .179; a huge XYZ grey, clipped to white or black), from the accent itself; with no accent set, or without relative colour
  // syntax, that colour is invalid and the icon inherits the host's white, as it always was.
  // Busy (a click whose chat is on its way): the launcher fades to .4 and back, once in 1.6 s; not
  // for a shopper who asked for reduced motion (`aria-busy` still says it). An engine without Media
  // Queries 4's `not (…)` drops the rule: no pulse there either. Hover and the close icon are the
  // app's (app-css.ts), which the launcher's first hover fetches.
  ':host{all:initial!important;position:fixed!important;inset:0!important;pointer-events:none!important;z-index:var(--kefu-z)!important;--a:var(--kefu-accent,#2454d6)!important;zoom:max(1,1/var(--kefu-s))!important;color:#fff!important}' +
  '.l{all:initial;position:fixed;right:calc(var(--kefu-r,0px) + 20px + env(safe-area-inset-right));bottom:calc(var(--kefu-b,0px) + 20px + env(safe-area-inset-bottom));border-radius:50%;background:var(--a);color:color(from var(--kefu-accent) xyz calc(1e9*(.179 - y)) calc(1e9*(.179 - y)) calc(1e9*(.179 - y)));cursor:pointer;box-shadow:0 6px 20px #0003;display:grid;padding:14px}' +
  ':host([data-pos=left]) .l{right:auto;left:calc(var(--kefu-l,0px) + 20px + env(safe-area-inset-left))}' +
  '@media not (prefers-reduced-motion){.l[aria-busy=true]{animation:k 1.6s infinite}}@keyframes k{50%{opacity:.4}}.l:focus-visible{outline:3px solid var(--a);outline-offset:3px}' +
  '.l svg{width:28px;height:28px;fill:currentColor}';
