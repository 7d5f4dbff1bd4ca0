import type { LookupAddress } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';

/** What came of one POST: a status, or why none came. */
export type PostResult = { statusCode: number } | { error: string };

/** Sends one delivery (injectable, so tests and benchmarks can count or fail requests). */
export type PostWebhook = (request: {
  url: URL;
  /** The address the URL guard checked: the connection goes there, whatever DNS says now. */
  address: LookupAddress;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}) => Promise<PostResult>;

/** Bytes of a response kept at most: only the status matters, the rest is read and dropped. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs over node:http(s) with keep-alive agents (a hub sends many deliveries to few hosts), to
 * the pre-checked address, with one deadline for the whole exchange. Redirects are not followed:
 * a 3xx is a failed attempt, since following it would skip the URL guard.
 * @example
 * const post = createHttpPoster();
 * await post({ url, address, headers, body, timeoutMs: 10_000 }); // { statusCode: 204 }
 */
export function createHttpPoster(maxSockets = 64): PostWebhook & { close(): void } {
  const agents = {
    'http:': new HttpAgent({ keepAlive: true, maxSockets }),
    'https:': new HttpsAgent({ keepAlive: true, maxSockets }),
  };
  const post: PostWebhook = ({ url, address, headers, body, timeoutMs }) =>
    new Promise((resolve) => {
      const pinned: LookupFunction = (_host, options, callback) => {
        if (options.all) callback(null, [address]);
        else callback(null, address.address, address.family);
      };
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      let settled = false;
      const finish = (result: PostResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const req = send(url, {
        method: 'POST',
        agent: agents[url.protocol as 'http:' | 'https:'],
        lookup: pinned,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      });
      const timer = setTimeout(() => {
        finish({ error: `timed out after ${timeoutMs} ms` });
        req.destroy();
      }, timeoutMs);
      req.on('error', (error) => finish({ error: error.message || 'connection failed' }));
      req.on('response', (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) res.destroy();
        });
        res.on('end', () => finish({ statusCode: res.statusCode ?? 0 }));
        res.on('close', () => finish({ statusCode: res.statusCode ?? 0 }));
        res.on('error', () => finish({ statusCode: res.statusCode ?? 0 }));
      });
      req.end(body);
    });
  return Object.assign(post, {
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  });
}
