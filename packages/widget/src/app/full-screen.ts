/** Where the panel covers the whole page (app-css.ts's phone query, also a desktop zoomed to 300 %). */
export const FULL_SCREEN = '(max-width:480px),(max-device-width:480px)';

/**
 * While the panel covers the page it is a modal dialog: `aria-modal` tells screen readers the page
 * behind is out of reach, and Tab from its last control (Shift+Tab from its first) goes round to the
 * other end, not on to the page's buttons hidden behind it, focused unseen. Returns a stop function.
 * @example
 * useEffect(() => modalWhileFullScreen(panel.current!), []);
 */
export function modalWhileFullScreen(panel: HTMLElement): () => void {
  const full = matchMedia(FULL_SCREEN);
  const mark = () => panel.setAttribute('aria-modal', `${full.matches}`);
  mark();
  full.onchange = mark;
  // The panel's own handler (its element goes with it). The photo viewer over the panel keeps Tab
  // on its close button, preventing the default.
  panel.onkeydown = (e) => {
    if (e.key !== 'Tab' || e.defaultPrevented || !full.matches) return;
    const all = [
      ...panel.querySelectorAll<HTMLElement>('button:not(:disabled),input,textarea,[href],.log'),
    ].filter((el) => el.getClientRects().length);
    if (e.shiftKey) all.reverse();
    if (e.target === all.at(-1) || (e.shiftKey && e.target === panel)) {
      e.preventDefault();
      all[0]?.focus();
    }
  };
  return () => (full.onchange = null);
}
