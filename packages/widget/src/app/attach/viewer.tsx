import { useEffect, useRef } from 'preact/hooks';

export interface ViewerProps {
  src: string;
  alt: string;
  closeLabel: string;
  onClose(): void;
}

/**
 * A photo over the panel: a modal dialog named by the photo's alt text, focus kept on its one
 * control (Tab cannot leave it), closed by Esc, the close button or a click beside the photo.
 * The opener takes focus back (see `attachments.tsx`).
 */
export function Viewer({ src, alt, closeLabel, onClose }: ViewerProps) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  return (
    <div
      class="vw"
      role="dialog"
      aria-modal="true"
      aria-label={alt}
      onKeyDown={(e) => {
        // Esc closes the photo, not the panel under it.
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        } else if (e.key === 'Tab') {
          e.preventDefault();
          close.current?.focus();
        }
      }}
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <img src={src} alt={alt} />
      <button ref={close} type="button" class="vw-x" aria-label={closeLabel} onClick={onClose}>
        ×
      </button>
    </div>
  );
}
