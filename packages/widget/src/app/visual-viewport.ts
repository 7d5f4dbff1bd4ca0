/**
 * Keeps a full-screen panel inside the part of the page the on-screen keyboard leaves visible:
 * mobile browsers shrink the visual viewport, not the layout one, so `100vh` would hide the composer.
 * Across too: on a page wider than the phone (a size chart that does not wrap) the layout viewport
 * is as wide as the page, and a `width:100%` panel had its close and send buttons off the screen.
 * Sets `--kefu-vh`, `--kefu-vt`, `--kefu-vw` and `--kefu-vl` on the element; the mobile CSS uses them. Returns a stop function.
 * @example
 * const stop = trackVisualViewport(panel);
 */
export function trackVisualViewport(el: HTMLElement): () => void {
  const vv = globalThis.visualViewport;
  if (!vv) return () => {};
  const update = () => {
    // A page's CSS zoom (`html{zoom:1.5}`) scales these px again: divide it out so the panel fits.
    // The panel has no other inline style, so one write sets both.
    const z = el.currentCSSZoom || 1;
    el.style.cssText = `--kefu-vh:${vv.height / z}px;--kefu-vt:${vv.offsetTop / z}px;--kefu-vw:${vv.width / z}px;--kefu-vl:${vv.offsetLeft / z}px`;
  };
  update();
  vv.addEventListener('resize', update);
  vv.addEventListener('scroll', update);
  return () => {
    vv.removeEventListener('resize', update);
    vv.removeEventListener('scroll', update);
  };
}
