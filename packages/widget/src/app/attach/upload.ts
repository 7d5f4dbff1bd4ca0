import type { ImageContent } from '@kefu/protocol';

/** Why the hub refused a photo for good, in terms the widget has a sentence for. */
export type PhotoRefusal = 'too_large' | 'unreadable' | 'refused';

/**
 * What an upload came to: the stored image, or a refusal that is final (`retry: false`, with the
 * `refusal` the shopper is told) or not. `message` is the hub's, for developers: it is English.
 */
export type UploadResult =
  | { ok: true; image: ImageContent }
  | { ok: false; retry: boolean; message: string; refusal?: PhotoRefusal };

/** 413: too many bytes or pixels; 415 and 400: not an image the hub accepts; anything else (403). */
const refusalOf = (status: number): PhotoRefusal =>
  status === 413 ? 'too_large' : status === 415 || status === 400 ? 'unreadable' : 'refused';

/**
 * Uploads one photo to the hub (`POST /api/v1/uploads?conversation=…`, docs/photos.md) with the
 * shopper's session token. XMLHttpRequest rather than fetch: only it reports upload progress,
 * which a shopper on a slow network needs to see. Never rejects. A refusal of the file itself
 * (400, 403, 413, 415) is final; anything else (offline, 401 before a new session, 5xx) is tried again.
 * @example
 * const r = await uploadPhoto('https://hub.example/api/v1/uploads?conversation=c_1', session, blob, (p) => {});
 */
export function uploadPhoto(
  url: string,
  session: string,
  body: Blob,
  onProgress: (fraction: number) => void,
): Promise<UploadResult> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('authorization', `Bearer ${session}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let answer: { image?: ImageContent; error?: { message?: string } } = {};
      try {
        answer = JSON.parse(xhr.responseText);
      } catch {}
      if (xhr.status === 201 && answer.image?.kind === 'image') resolve({ ok: true, image: answer.image });
      else
        resolve({
          ok: false,
          retry: ![400, 403, 413, 415].includes(xhr.status),
          message: answer.error?.message ?? `HTTP ${xhr.status}`,
          refusal: refusalOf(xhr.status),
        });
    };
    xhr.onerror = xhr.onabort = () => resolve({ ok: false, retry: true, message: 'network' });
    xhr.send(body);
  });
}
