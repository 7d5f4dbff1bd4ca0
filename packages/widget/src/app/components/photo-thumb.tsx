import type { ImageContent } from '@kefu/protocol';

/** What a thumbnail needs from the chat: the photo's address on the hub, and the viewer. */
export interface PhotoActions {
  src(url: string): string;
  view(src: string, alt: string, opener: HTMLElement): void;
}

/** A photo in the transcript: its thumbnail as a button (Enter, Space, click) that opens the viewer. */
export function PhotoThumb({ image, alt, photo }: { image: ImageContent; alt: string; photo: PhotoActions }) {
  const label = image.caption || alt;
  return (
    <>
      <button
        type="button"
        class="th"
        onClick={(e) => photo.view(photo.src(image.url), label, e.currentTarget)}
      >
        <img src={photo.src(image.thumbnailUrl)} alt={label} />
      </button>
      {image.caption ? <div aria-hidden="true">{image.caption}</div> : null}
    </>
  );
}
