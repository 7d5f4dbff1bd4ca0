import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { type ImageContent, KefuError } from '@kefu/protocol';
import { mayAgent } from '../conversation/views.ts';
import { HttpError, sendError, sendJson } from '../http/api-error.ts';
import { requestUrl } from '../http/request-url.ts';
import { imageResponseHeaders } from '../images/image-headers.ts';
import type { ImageLibrary } from '../images/image-library.ts';
import { ImageRefusal, type ImageRefusalCode } from '../images/image-refusal.ts';
import { readCapped } from '../images/read-capped.ts';
import { runPlugin } from '../seams/run-plugin.ts';
import type { StoredConversation } from '../store/store.ts';
import { clientAddress } from './client-address.ts';
import { createCors } from './cors.ts';
import type { ResolvedHubOptions } from './hub-options.ts';
import { originAllowed, originListed } from './origins.ts';
import { readSession } from './session-token.ts';
import { createSignInThrottle, type SignInThrottle } from './sign-in-throttle.ts';
import { verifyToken } from './signed-token.ts';
import { createUploadLimits } from './upload-limits.ts';

export const UPLOAD_PATH = '/api/v1/uploads';
export const IMAGES_PATH = '/images/';

/**
 * The HTTP status and protocol code of each refusal: 413 for sizes, 415 for what is not an image,
 * 400 for a broken one, 429 (retryable) when the node's decode queue is full.
 */
const REFUSAL: Record<
  ImageRefusalCode,
  { status: number; code: 'frame_too_large' | 'invalid_frame' | 'rate_limited' }
> = {
  too_large: { status: 413, code: 'frame_too_large' },
  too_many_pixels: { status: 413, code: 'frame_too_large' },
  unsupported_type: { status: 415, code: 'invalid_frame' },
  polyglot: { status: 415, code: 'invalid_frame' },
  corrupt: { status: 400, code: 'invalid_frame' },
  busy: { status: 429, code: 'rate_limited' },
};

export interface ImageRoutesDeps {
  o: Pick<
    ResolvedHubOptions,
    | 'secret'
    | 'store'
    | 'sites'
    | 'clock'
    | 'authenticateAgent'
    | 'pluginTimeoutMs'
    | 'signIn'
    | 'trustProxy'
    | 'limits'
  >;
  library: ImageLibrary;
  maxBytes: number;
  /** Failed agent sign-ins on this node, shared with the WebSocket (default: the route's own). */
  signInThrottle?: SignInThrottle;
  /** Agent consoles' page origins besides the sites' (`images.consoleOrigins`). */
  consoleOrigins: readonly string[];
  /** Whether the shopper is being erased (the erasure's mark, on any node): an upload then is taken back. */
  erasing?: (shopper: { siteKey: string; shopperId: string }) => Promise<boolean>;
}

/**
 * The photo routes beside the HTTP API, on the hub's own server: `POST /api/v1/uploads?conversation=<id>`
 * (raw image bytes, `Authorization: Bearer <session or agent token>`) answers `{ image }`, and
 * `GET /images/<conversation>/<image>/<variant>?t=…` serves a variant by its signed URL. Not zod
 * routes: the body is binary and streamed against the byte cap. Answers false for other paths.
 * The upload answers CORS for the pages that may upload (a site's origins, as its WebSocket
 * admits them, and `consoleOrigins`), so a shop on another origin than the hub can post photos.
 * @example
 * createServer(async (req, res) => { if (!(await images.handle(req, res))) res.writeHead(404).end(); });
 */
export function createImageRoutes(deps: ImageRoutesDeps) {
  const { o, library } = deps;
  // Agent tokens are guessed here as on the WebSocket: the same back-off per address, and the same
  // counts (two throttles gave a guesser twice the free tries and the node twice its failure budget).
  const throttle = deps.signInThrottle ?? createSignInThrottle(o.clock, o.signIn);
  // Shoppers' photos are bounded per address and conversation. Agents' the same, per agent (their own
  // buckets): unbounded, one agent token took every decode and queue place of the node, and every
  // shopper's photo was refused `busy` meanwhile.
  const limits = createUploadLimits(o.clock);
  const agentLimits = createUploadLimits(o.clock);
  // A preflight carries no token, so the origin alone decides: any site's page or a console's.
  // The upload itself still checks a shopper's origin against their own site.
  const cors = createCors({
    allowed: (origin) =>
      [...o.sites.values()].some((site) => originAllowed(site, origin)) ||
      originListed(deps.consoleOrigins, origin),
    methods: ['POST'],
    headers: ['Authorization', 'Content-Type'],
    listedIn: "a site's origins or images.consoleOrigins",
  });

  /** The conversation the bearer may add photos to: its shopper (from a page of the site) or an agent who may write in it. */
  async function authorize(
    req: IncomingMessage,
    conversationId: string,
  ): Promise<{ conversation: StoredConversation; by: { shopper: true } | { agentId: string } }> {
    // The scheme is case-insensitive (RFC 9110), as the HTTP API and /metrics read it.
    const token = /^bearer +(\S{1,4096})$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!token)
      throw new KefuError('unauthorized', 'send the session token as Authorization: Bearer <token>');
    // The conversation is read only once the bearer is proven: a flood of guesses costs the store nothing.
    const claims = verifyToken(token, o.secret);
    if (claims && typeof claims.site === 'string') {
      const site = o.sites.get(claims.site);
      const session = site ? readSession(token, o.secret, site.key, o.clock.now()) : null;
      if (!site || !session) throw new KefuError('unauthorized', 'the session token is not valid');
      if (!originAllowed(site, req.headers.origin))
        throw new KefuError(
          'forbidden',
          `origin ${req.headers.origin ?? '(none)'} may not upload to site ${site.key}`,
        );
      const revokedAt = await o.store.sessionsRevokedAt(site.key, session.sid);
      if (revokedAt !== null && session.iat <= revokedAt)
        throw new KefuError('unauthorized', 'the session has ended');
      const conversation = await o.store.getConversation(conversationId);
      if (conversation?.siteKey !== site.key || conversation.shopperId !== session.sid)
        throw new KefuError('forbidden', 'that conversation is not yours');
      return { conversation, by: { shopper: true } };
    }
    const verdict = throttle.attempt(clientAddress(req, o.trustProxy));
    if (!verdict.ok)
      throw new HttpError(429, 'rate_limited', 'too many failed sign-ins from this address', {
        'retry-after': String(Math.ceil(verdict.retryAfterMs / 1000)),
      });
    const agent = await runPlugin('authenticateAgent', o.pluginTimeoutMs, o.clock, () =>
      o.authenticateAgent(token),
    );
    verdict.ticket.done(agent.ok && agent.value !== null);
    if (!agent.ok || !agent.value) throw new KefuError('unauthorized', 'unknown token');
    const conversation = await o.store.getConversation(conversationId);
    if (!conversation || !mayAgent(agent.value, 'send', conversation))
      throw new KefuError('forbidden', 'you may not write in that conversation');
    return { conversation, by: { agentId: agent.value.id } };
  }

  async function upload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method === 'OPTIONS') return cors.preflight(req, res);
    // Before anything can fail: the page reads the typed refusal too.
    cors.grant(req, res);
    if (req.method !== 'POST')
      throw new HttpError(405, 'invalid_frame', 'POST an image', { allow: 'OPTIONS, POST' });
    const given = url.searchParams.getAll('conversation');
    // As on the rest of the API: a parameter given twice is refused (which one would count?).
    if (given.length > 1)
      throw new HttpError(400, 'invalid_frame', 'query parameter conversation is given twice');
    const conversationId = given[0] ?? '';
    if (!conversationId) throw new KefuError('invalid_frame', 'name the conversation: ?conversation=<id>');
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(conversationId))
      throw new KefuError(
        'invalid_frame',
        '?conversation= is not a valid conversation id (1-64 letters, digits, _ or -)',
      );
    const { conversation, by } = await authorize(req, conversationId);
    const admitted =
      'shopper' in by
        ? limits.admit(clientAddress(req, o.trustProxy), conversation.id)
        : agentLimits.admit(by.agentId, conversation.id);
    if (!admitted.ok) {
      // Refused before the body is read, so the connection cannot carry another request.
      res.setHeader('connection', 'close');
      throw new HttpError(429, 'rate_limited', 'too many photos at once; retry shortly', {
        'retry-after': String(Math.ceil(admitted.retryAfterMs / 1000)),
      });
    }
    try {
      let bytes: Buffer;
      try {
        bytes = await readCapped(req, deps.maxBytes);
      } catch (error) {
        // The rest of an oversized body is not read: answer, then close the connection.
        if (error instanceof ImageRefusal) res.setHeader('connection', 'close');
        throw error;
      }
      const intake = await library.intake(conversation.id, bytes);
      if (!intake.ok) throw intake.error;
      // An erasure may have run while the body arrived (it may take minutes) and deleted the
      // conversation's photos before this one was stored. The erasure marks the shopper before it
      // deletes, and this looks after storing: either it deleted this photo or the mark is seen here.
      const { siteKey, shopperId } = conversation;
      if (await deps.erasing?.({ siteKey, shopperId })) {
        await library.remove(conversation.id, intake.image.id);
        throw new KefuError('forbidden', 'this shopper was erased');
      }
      sendJson(res, 201, { image: intake.image satisfies ImageContent });
    } finally {
      admitted.done();
    }
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      throw new HttpError(405, 'invalid_frame', 'GET an image', { allow: 'GET, HEAD' });
    const opened = await library.open(req.url ?? '');
    if (!opened.ok)
      throw new KefuError(
        'forbidden',
        opened.error.code === 'expired' ? 'the image link has expired' : 'the image link is not valid',
      );
    if (!opened.blob) throw new KefuError('not_found', 'the image is gone');
    const { claims, blob } = opened;
    res.writeHead(
      200,
      imageResponseHeaders({
        mediaType: blob.contentType,
        size: blob.size,
        imageId: claims.imageId,
        variant: claims.variant,
        maxAgeSeconds: Math.floor((claims.expiresAt - o.clock.now()) / 1000),
      }),
    );
    if (req.method === 'HEAD') {
      blob.body.destroy();
      res.end();
      return;
    }
    // The blob's stream holds an open file or one of the S3 client's 50 sockets until it ends.
    // Node never ends a response waiting behind another on the same connection (pipelined
    // requests) when that connection closes: before 2026-12-05 its stream stayed open for ever, so
    // connecting, asking for a photo six times and hanging up leaked files (or S3 sockets) for good.
    const { socket } = req;
    const release = () => {
      blob.body.destroy();
    };
    if (socket.destroyed) return release();
    socket.once('close', release);
    // A client that stops reading held the stream as long as it liked too (one address's 50
    // connections, every S3 socket). Once nothing has left for `requestTimeoutMs` (Node times a
    // socket on progress, so a slow link that reads is not cut), the response is cut.
    res.setTimeout(o.limits.requestTimeoutMs, () => res.destroy());
    try {
      await pipeline(blob.body, res);
    } finally {
      socket.off('close', release);
    }
  }

  return {
    async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
      const url = requestUrl(req);
      if (!url || (url.pathname !== UPLOAD_PATH && !url.pathname.startsWith(IMAGES_PATH))) return false;
      try {
        if (url.pathname === UPLOAD_PATH) await upload(req, res, url);
        else await serve(req, res);
      } catch (error) {
        if (error instanceof ImageRefusal) {
          const { status, code } = REFUSAL[error.code];
          const headers = error.code === 'busy' ? { 'retry-after': '2' } : undefined;
          sendError(res, new HttpError(status, code, `${error.code}: ${error.message}`, headers));
        } else if (!res.headersSent) sendError(res, error);
        else res.destroy();
      }
      return true;
    },
  };
}

export type ImageRoutes = ReturnType<typeof createImageRoutes>;
