import { ImageContent, KefuError } from '@kefu/protocol';
import { isErrorCode } from './is-error-code.ts';

/** The body of an upload: a file the agent picked or pasted, or bytes. */
export type UploadBody = Blob | ArrayBuffer | Uint8Array;

/**
 * The hub's HTTP origin for its photo routes (`/api/v1/uploads`, `/images/…`), which sit at the
 * root of the server that also takes the WebSocket: `ws://h/kefu` → `http://h`.
 * @example
 * hubHttpOrigin('wss://hub.example/kefu'); // 'https://hub.example'
 */
export function hubHttpOrigin(webSocketUrl: string): string {
  const url = new URL(webSocketUrl);
  if (url.protocol === 'ws:') url.protocol = 'http:';
  else if (url.protocol === 'wss:') url.protocol = 'https:';
  return url.origin;
}

/**
 * Uploads one image to a conversation with the agent's token (`POST /api/v1/uploads`) and
 * resolves with the `image` content the hub answers, to send with `agent.send`. A refusal (an
 * SVG, too many bytes, a conversation the agent may not write in) rejects with the hub's
 * KefuError, its message saying why; a network failure rejects with `connection_lost` (retryable).
 * @example
 * const image = await uploadImage({ origin: 'https://hub.example', token, conversationId: 'c_1', body: file });
 */
export async function uploadImage(request: {
  origin: string;
  token: string;
  conversationId: string;
  body: UploadBody;
  signal?: AbortSignal;
}): Promise<ImageContent> {
  const target = new URL('/api/v1/uploads', request.origin);
  target.searchParams.set('conversation', request.conversationId);
  let answer: Response;
  try {
    answer = await fetch(target, {
      method: 'POST',
      headers: { authorization: `Bearer ${request.token}`, 'content-type': 'application/octet-stream' },
      // A Uint8Array over a SharedArrayBuffer is not a valid body: copy it into a plain one.
      body: request.body instanceof Uint8Array ? new Uint8Array(request.body) : request.body,
      ...(request.signal ? { signal: request.signal } : {}),
    });
  } catch (error) {
    if (request.signal?.aborted) throw request.signal.reason;
    // The network, not the hub: the same typed, retryable error as a request whose connection is lost.
    throw new KefuError(
      'connection_lost',
      `the upload did not reach the hub${crossOrigin(target)}: ${String(error)}`,
      {
        cause: error,
      },
    );
  }
  const json: unknown = await answer.json().catch(() => undefined);
  if (!answer.ok) {
    const error = (json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    const code = isErrorCode(error?.code) ? error.code : 'internal';
    const message = typeof error?.message === 'string' ? error.message : `HTTP ${answer.status}`;
    throw new KefuError(code, message);
  }
  const parsed = ImageContent.safeParse((json as { image?: unknown } | undefined)?.image);
  if (!parsed.success) throw new KefuError('internal', 'the hub answered the upload without an image');
  return parsed.data;
}

/**
 * In a browser on another origin than the hub's, a failed upload is most often the hub's CORS
 * refusal, which the browser reports only as "Failed to fetch": say what lets the page upload.
 */
function crossOrigin(target: URL): string {
  const page = (globalThis as { location?: { origin?: unknown } }).location?.origin;
  if (typeof page !== 'string' || page === 'null' || page === target.origin) return '';
  return ` at ${target.origin} from ${page} (a console on another origin than the hub's uploads only to a hub with images set and ${page} in images.consoleOrigins)`;
}
