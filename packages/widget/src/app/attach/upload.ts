import type { ImageContent } from '@kefu/protocol';

/** What an upload came to: the stored image, or a refusal that is final (`retry: false`) or not. */
export type UploadResult = { ok: true; image: ImageContent } | { ok: false; retry: boolean; message: string };

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
        });
    };
    xhr.onerror = xhr.onabort = () => resolve({ ok: false, retry: true, message: 'network' });
    xhr.send(body);
  });
}
