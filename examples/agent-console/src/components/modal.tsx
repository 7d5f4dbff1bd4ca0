import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

const FOCUSABLE = 'input, select, textarea, button, [href]';

/** The controls in `box` that can take focus (a disabled one ignores focus()). */
const enabled = (box: HTMLElement) =>
  [...box.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (el) => !(el as HTMLButtonElement).disabled && el.tabIndex >= 0,
  );

/**
 * The stops Tab visits in `box`, in order: a radio group is one stop, its checked radio (or its
 * first, none checked). Counting every radio, Shift+Tab from "Group" in the transfer dialog
 * (the second radio) found it was not the first control and let the browser take focus out of
 * the dialog, behind the backdrop.
 */
function tabStops(box: HTMLElement): HTMLElement[] {
  const items = enabled(box);
  const radios = items.filter(
    (el): el is HTMLInputElement => el instanceof HTMLInputElement && el.type === 'radio',
  );
  return items.filter((el) => {
    if (!radios.includes(el as HTMLInputElement)) return true;
    const group = radios.filter((r) => r.name === (el as HTMLInputElement).name);
    const checked = group.find((r) => r.checked);
    return el === (checked ?? group[0]);
  });
}

/**
 * A modal: focus moves in on open (to the first control) and back to where it was on close, Tab
 * stays inside, Esc closes. Plain elements rather than `<dialog>`, so it behaves the same in
 * every browser and test DOM.
 * @example
 * <Modal labelledBy={titleId} onClose={() => setOpen(false)}><h2 id={titleId}>…</h2>…</Modal>
 */
export function Modal({
  labelledBy,
  onClose,
  class: className = 'dialog-box',
  children,
}: {
  labelledBy: string;
  onClose: () => void;
  class?: string;
  children: ComponentChildren;
}) {
  const box = useRef<HTMLDivElement>(null);
  // A layout effect: Preact runs a passive effect's cleanup after paint, so the dialog's DOM was
  // gone (focus on <body>, where a key pressed then went) before focus came back to the opener.
  useLayoutEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    // The first control that can take focus: a disabled one (the transfer dialog's colleague
    // radio while nobody is online) ignores focus(), which left it behind the backdrop, out of
    // reach of Esc and the Tab trap.
    if (box.current) tabStops(box.current)[0]?.focus();
    return () => before?.focus?.();
  }, []);
  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
      return;
    }
    if (e.key !== 'Tab' || !box.current) return;
    const items = tabStops(box.current);
    const first = items[0];
    const last = items.at(-1);
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last?.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first?.focus();
    }
  }
  return (
    <div class="backdrop">
      <div
        ref={box}
        role="dialog"
        aria-modal="true"
        aria-labelledby={labelledBy}
        class={className}
        onKeyDown={onKeyDown}
      >
        {children}
      </div>
    </div>
  );
}
