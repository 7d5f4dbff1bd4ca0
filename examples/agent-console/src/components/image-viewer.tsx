import type { ImageContent } from '@kefu/protocol';
import { useId } from 'preact/hooks';
import type { ConsoleImages } from '../console-images.ts';
import type { Strings } from '../strings.ts';
import { Modal } from './modal.tsx';
import { bidiSafe } from './said.tsx';

/**
 * A photo at full size in a modal: the caption as its alt text and title, a link to the image
 * itself in a new tab, Esc or Close to go back (focus returns to the thumbnail).
 */
export function ImageViewer({
  conversationId,
  seq,
  image,
  images,
  t,
  onClose,
}: {
  conversationId: string;
  seq: number;
  image: ImageContent;
  images: ConsoleImages;
  t: Strings;
  onClose: () => void;
}) {
  const titleId = useId();
  const alt = image.caption ? bidiSafe(image.caption) : t.photo;
  const full = images.src(image.url);
  return (
    <Modal labelledBy={titleId} onClose={onClose} class="dialog-box image-viewer">
      <div class="viewer-head">
        <h2 id={titleId}>{image.caption ? t.photoOf(bidiSafe(image.caption)) : t.photoViewer}</h2>
        <button type="button" class="secondary" onClick={onClose}>
          {t.closeViewer}
        </button>
      </div>
      {images.isBroken(conversationId, seq, 'full') ? (
        <p class="muted">{t.photoUnavailable}</p>
      ) : (
        <img
          src={full}
          alt={alt}
          width={image.width}
          height={image.height}
          onLoad={() => images.loaded(conversationId, seq, 'full')}
          onError={() => void images.failed(conversationId, seq, 'full', full)}
        />
      )}
      <p>
        <a href={full} target="_blank" rel="noopener noreferrer">
          {t.openFullImage}
        </a>
      </p>
    </Modal>
  );
}
