import type { ImageContent } from '@kefu/protocol';
import type { ConsoleImages } from '../console-images.ts';
import type { Strings } from '../strings.ts';
import { bidiSafe, Said } from './said.tsx';

/**
 * A photo in the transcript: its thumbnail as a button that opens the viewer, named by its
 * caption. A thumbnail whose URL expired is read again (ConsoleImages.failed); one gone for good
 * shows as unavailable, with its caption.
 */
export function ImageMessage({
  conversationId,
  seq,
  image,
  images,
  t,
  onOpen,
}: {
  conversationId: string;
  seq: number;
  image: ImageContent;
  images: ConsoleImages;
  t: Strings;
  onOpen: () => void;
}) {
  const alt = image.caption ? bidiSafe(image.caption) : t.photo;
  if (images.isBroken(conversationId, seq, 'thumb'))
    return (
      <span class="image-msg broken" data-image={image.id}>
        <span class="muted">{t.photoUnavailable}</span>
        {image.caption ? (
          <span class="caption">
            <Said text={image.caption} />
          </span>
        ) : null}
      </span>
    );
  // The thumbnail's box keeps the photo's shape before it loads, so the log does not jump.
  const scale = Math.min(1, 200 / Math.max(image.width, image.height));
  const thumb = images.src(image.thumbnailUrl);
  return (
    <span class="image-msg" data-image={image.id}>
      <button type="button" class="thumb" aria-label={t.openPhoto(alt)} onClick={onOpen}>
        <img
          src={thumb}
          alt={alt}
          width={Math.round(image.width * scale)}
          height={Math.round(image.height * scale)}
          onLoad={() => images.loaded(conversationId, seq, 'thumb')}
          onError={() => void images.failed(conversationId, seq, 'thumb', thumb)}
        />
      </button>
      {image.caption ? (
        <span class="caption">
          <Said text={image.caption} />
        </span>
      ) : null}
    </span>
  );
}
