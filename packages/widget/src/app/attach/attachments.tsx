/**
 * The attachment chunk (`kefu-attachments.js`), imported the first time a shopper attaches a photo,
 * opens one, or comes back with photos still queued: picking, downscaling, the tray, the upload
 * with its progress, the photo outbox, and the viewer. The base app only draws the attach button
 * and thumbnails.
 */
import { MAX_CAPTION_CHARS } from '@kefu/protocol';
import { type KeyValueStorage, memoryStorage } from '@kefu/sdk/client/light';
import type { ReadonlySignal } from '@preact/signals-core';
import { effect, signal } from '@preact/signals-core';
import type { FunctionComponent } from 'preact';
import type { Locale } from '../../locale.ts';
import type { ChatClient } from '../chat-client.ts';
import { reactive } from '../components/reactive.ts';
import type { Strings } from '../strings.ts';
import type { WidgetConnection } from '../widget-connection.ts';
import { ATTACH_CSS } from './attach-css.ts';
import { ATTACH_STRINGS } from './attach-strings.ts';
import { dataUrlBlob, downscale } from './downscale.ts';
import { createPhotoQueue } from './photo-queue.ts';
import { uploadPhoto } from './upload.ts';
import { Viewer } from './viewer.tsx';

export interface AttachOptions {
  /** The hub's HTTP origin and path base, for the upload route. */
  hub: string;
  /** Where queued photos are kept, e.g. `kefu:<site>:photos`. */
  key: string;
  /** Adds styles to the widget's shadow root (the loader's `addStyles`). */
  addStyles(css: string): void;
}

/** What the attachments use of the chat state. */
export interface AttachChat {
  client: Pick<ChatClient, 'on' | 'send' | 'discard' | 'session' | 'conversationId'>;
  connection: ReadonlySignal<WidgetConnection>;
  connect(): void;
  send(text: string): boolean;
}

/** The photo features of one chat (see `createAttachments`). */
export interface Attachments {
  /** The tray of photos above the composer, and the viewer when a photo is open. */
  Layer: FunctionComponent<{ t: Strings; locale: Locale }>;
  /** Downscales picked, pasted or dropped files into the tray; what is not a readable image is said so. */
  add(files: Iterable<File>): Promise<void>;
  hasStaged(): boolean;
  /**
   * Sends the tray's photos with the text as the first one's caption; a text longer than a
   * caption may be goes first as a message of its own. False when the tray is empty.
   */
  send(text: string): boolean;
  /** Opens a photo in the viewer; focus returns to `opener` when it closes. */
  view(src: string, alt: string, opener: HTMLElement): void;
  dispose(): void;
}

const pageStorage = (tab?: true): KeyValueStorage => {
  try {
    return tab ? sessionStorage : localStorage;
  } catch {
    return memoryStorage();
  }
};

/**
 * The photo features of one chat: made once per mount by `chat.attachments()`.
 * @example
 * const a = createAttachments(chat, { hub: 'https://hub.example/', key: 'kefu:shop:photos', addStyles });
 * await a.add(input.files); a.send('the box was crushed');
 */
export function createAttachments(chat: AttachChat, options: AttachOptions): Attachments {
  options.addStyles(ATTACH_CSS);
  const { client } = chat;
  const queue = createPhotoQueue({
    storage: pageStorage(),
    tab: pageStorage(true),
    key: options.key,
    connected: () => chat.connection.value === 'open' && !!client.session && !!client.conversationId,
    upload: (photo, onProgress) =>
      uploadPhoto(
        new URL(
          `/api/v1/uploads?conversation=${encodeURIComponent(client.conversationId ?? '')}`,
          options.hub,
        ).href,
        client.session ?? '',
        dataUrlBlob(photo.data),
        onProgress,
      ),
    send: (content, clientMsgId, held) => client.send(content, clientMsgId, held),
    discard: (clientMsgId) => client.discard(clientMsgId),
  });
  const unreadable = signal(false);
  const viewing = signal<{ src: string; alt: string; opener: HTMLElement } | undefined>(undefined);
  // Every welcome (first connect, reconnect, after a hub restart) uploads what is queued.
  const stops = [
    effect(() => {
      if (chat.connection.value === 'open') void queue.pump();
    }),
    client.on('reset', () => {
      queue.clear();
      viewing.value = undefined;
    }),
  ];

  const Layer = reactive(function Layer({ t, locale }: { t: Strings; locale: Locale }) {
    const s = ATTACH_STRINGS[locale];
    // Another tab's photo is sent from here but not shown, unless it was refused: then the shopper learns it.
    const photos = queue.photos.value.filter((p) => !p.theirs || p.status === 'failed');
    const online = chat.connection.value === 'open';
    const shown = viewing.value;
    return (
      <>
        {photos.length ? (
          <ul class="tray" aria-label={s.tray}>
            {photos.map((p) => (
              <li key={p.id} class={`ph ${p.status}`} data-photo={p.status}>
                <img src={p.data} alt={p.caption || t.photo} />
                {p.progress !== undefined ? (
                  <progress max={1} value={p.progress} aria-label={s.uploading} />
                ) : null}
                {p.status === 'failed' ? (
                  <span role="alert">
                    {t.notSent}:{' '}
                    {p.error === 'too_large'
                      ? s.tooLarge
                      : p.error === 'unreadable'
                        ? s.unreadable
                        : s.refused}
                  </span>
                ) : p.status === 'queued' && p.kept === false ? (
                  <span role="status">{s.notKept}</span>
                ) : p.status === 'queued' && !online ? (
                  <span>{t.willSend}</span>
                ) : p.retrying ? (
                  // Otherwise the photo sat in the tray, saying nothing, while its upload failed again and again.
                  <span role="status">{s.retrying}</span>
                ) : null}
                <button type="button" class="ph-x" aria-label={s.remove} onClick={() => queue.remove(p.id)}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        {unreadable.value ? (
          <p class="tray-note" role="alert">
            {s.unreadable}
          </p>
        ) : null}
        {shown ? (
          <Viewer
            src={shown.src}
            alt={shown.alt}
            closeLabel={s.closeViewer}
            onClose={() => {
              viewing.value = undefined;
              shown.opener.focus();
            }}
          />
        ) : null}
      </>
    );
  });

  return {
    Layer,
    async add(files: Iterable<File>): Promise<void> {
      unreadable.value = false;
      for (const file of files) {
        try {
          queue.stage(await downscale(file));
        } catch {
          unreadable.value = true;
        }
      }
    },
    hasStaged: queue.hasStaged,
    send(text: string): boolean {
      if (!queue.hasStaged()) return false;
      let caption = text.trim();
      if ([...caption].length > MAX_CAPTION_CHARS) {
        chat.send(caption);
        caption = '';
      }
      queue.commit(caption || undefined);
      chat.connect();
      return true;
    },
    view(src: string, alt: string, opener: HTMLElement): void {
      viewing.value = { src, alt, opener };
    },
    dispose() {
      for (const stop of stops) stop();
    },
  };
}
