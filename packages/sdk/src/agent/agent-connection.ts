import {
  type AgentStatus,
  decodeFrame,
  ERROR_CODES,
  HubToAgent,
  KefuError,
  PROTOCOL_VERSION,
} from '@kefu/protocol';
import { type Clock, systemClock } from '../clock.ts';
import type { Emitter } from '../emitter.ts';
import { checkHubUrl } from '../transport/hub-url.ts';
import { ReconnectingSocket, type WebSocketConstructor } from '../transport/socket.ts';
import type { AgentClientEvents } from './agent-client-events.ts';
import type { AgentClientOptions, ConnectOptions } from './agent-client-options.ts';
import { type AgentFrameContext, handleAgentFrame } from './agent-frames.ts';
import { type AgentRequests, createAgentRequests } from './agent-requests.ts';
import { type AgentView, inboxChanged, welcomeView } from './agent-view.ts';
import { createGapFiller } from './gap-filler.ts';
import { isErrorCode } from './is-error-code.ts';
import { watchLiveness } from './liveness.ts';
import { contiguousSeq } from './open-conversation.ts';

/**
 * The agent's reconnect backoff: 0.5 s doubling to 5 s, with jitter (each pause between half and all
 * of its step). The shopper's default tops out at 15 s, meant for thousands of widgets coming back
 * after one hub restart; a shop has tens of agents, whose idle wait costs SLAs instead: consoles
 * pinned to a node reconnected 8–9 s after it listened again (first response is due in 15 s). At
 * 2.5–5 s apart, each console knocks at a node that is down once every few seconds: nothing to it.
 */
const AGENT_BACKOFF = { initialMs: 500, maxMs: 5000 } as const;

/** The longest timer a runtime keeps: a longer one fires at once (the client may not import the hub's). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The agent client's connection to the hub over a ReconnectingSocket: says hello on every open,
 * takes the welcome (re-joining what was open, re-sending what was not acknowledged) and hands
 * every other frame on. Requests go out only between a welcome and the next disconnect.
 */
export function createAgentConnection(
  options: AgentClientOptions,
  events: Emitter<AgentClientEvents>,
  view: AgentView,
) {
  const clock = options.clock ?? systemClock;
  const WebSocketImpl = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!WebSocketImpl)
    throw new TypeError(
      "createAgentClient: no global WebSocket here (Node 20 has none): npm install ws, then pass { WebSocket } with import WebSocket from 'ws'",
    );
  checkHubUrl(options.url, 'createAgentClient');
  /** The hub's word for it since the first welcome: what a hello asks for should the hub hold none. */
  let status: AgentStatus = options.status ?? 'online';
  const connecting = connectWaiter();
  const liveness = watchLiveness(WebSocketImpl, clock, options.liveness);
  /** True between the hub's welcome and the next disconnect: requests sent earlier would overtake re-sent ones. */
  let ready = false;
  /** Why the hub refused this agent for good (`code: message`), while the client is stopped for it. */
  let refusal: string | undefined;
  /** The last close heard (code and reason), to say why a connect() that gave up never got in. */
  let lastClose = '';
  /**
   * While the client waits out the time a refusal named (`error.retryAfterMs`): the timer that ends
   * the wait. The socket is stopped meanwhile, so neither its backoff nor checkConnection() knocks sooner.
   */
  let holding: { timer: unknown } | undefined;
  const requests = createAgentRequests(
    clock,
    options.requestTimeoutMs ?? 10_000,
    (frame) => ready && socket.send(frame),
    () => stoppedError(socket.status, refusal),
  );

  const gaps = createGapFiller(view, events, requests.request, clock);

  const context: AgentFrameContext = {
    view,
    events,
    requests,
    welcome(frame) {
      ready = true;
      status = frame.agent.status;
      welcomeView(view, frame);
      socket.markOpen(frame.heartbeatMs);
      liveness.watch();
      events.emit('welcome', frame.agent);
      events.emit('agentStatus', status);
      inboxChanged(view, events, { reset: true });
      connecting.end();
      resume(view, requests, events, clock);
    },
    refused(frame) {
      if (!ready && frame.retryable && frame.retryAfterMs !== undefined) return holdOff(frame);
      // Before the welcome, an error refuses the hello. One the hub marks not retryable (a token it
      // does not know, an agent profile the merchant's plug-in rejects) fails the same way on every
      // attempt: the client stops, as on a fatal close, rather than retry forever (the hub closes a
      // refused profile with 1011, which alone says "reconnect").
      if (ready || frame.retryable) return;
      const error = new KefuError(frame.code, frame.message);
      refusal = `${frame.code}: ${frame.message}`;
      socket.stop();
      connecting.end(error);
    },
    fillGap: (conversationId) => gaps.fill(conversationId),
    statusChanged(next) {
      chosen(next);
      events.emit('agentStatus', next);
    },
  };

  function chosen(next: AgentStatus): void {
    status = next;
    if (view.profile) view.profile = { ...view.profile, status: next };
  }

  const socket = new ReconnectingSocket({
    url: options.url,
    WebSocket: liveness.WebSocket,
    // The liveness watch above asks for the hub's word on its own schedule.
    answerCheck: false,
    // No byte limit: the limit is for client frames, and a hub's history page of long messages passes it.
    decode: (raw) => decodeFrame(HubToAgent, raw, Number.POSITIVE_INFINITY),
    clock,
    backoff: { ...AGENT_BACKOFF, ...options.backoff },
    onOpen() {
      ready = false;
      // features: this client reads image content (without it the hub sends a text line instead)
      // and `status` frames. The hub keeps a status chosen on another connection over this one.
      socket.send({
        v: PROTOCOL_VERSION,
        type: 'hello',
        role: 'agent',
        token: options.token,
        status,
        features: ['image', 'status'],
      });
    },
    onFrame: (frame) => handleAgentFrame(frame, context),
    onStatus(next, detail) {
      // The socket stopped for a hold-off (see `holdOff`): to the agent, the client is still reconnecting.
      if (holding && next === 'closed') return;
      if (next !== 'open') ready = false;
      if (detail) lastClose = `; last close: ${detail.code ?? ''} ${detail.reason ?? ''}`.trimEnd();
      // The hub answers on the connection that asked: what waited on the lost one never gets an answer.
      if (next === 'reconnecting' || next === 'offline' || next === 'failed') requests.connectionLost();
      if (next === 'failed') requests.rejectAll(stoppedError('failed', detail?.reason)!);
      if (next === 'closed' && refusal !== undefined) {
        // Stopped by a final refusal (see `refused`): reported as a fatal close is.
        requests.connectionLost();
        // Sends kept for the next connection: there is none (until connect()), so their callers hear it now.
        requests.rejectAll(stoppedError('failed', refusal)!);
        socket.status = 'failed';
        events.emit('connection', { status: 'failed', reason: refusal });
        return;
      }
      events.emit('connection', { status: next, ...detail });
      if (next === 'failed' && connecting.waiting())
        connecting.end(new KefuError('unauthorized', detail?.reason ?? 'the hub refused this agent'));
    },
    onInvalid(message, raw) {
      const unreadable = `unreadable frame from the hub: ${message}`;
      // An answer this client cannot read still answers its request: fail it now rather than
      // leave it waiting for the request timeout.
      const re = answeredRequest(raw);
      if (re !== undefined && requests.waits(re)) {
        requests.forget(re);
        requests.fail(re, new KefuError('invalid_frame', unreadable));
        return;
      }
      events.emit('error', { code: 'invalid_frame', message: unreadable, retryable: false });
    },
  });

  return {
    socket,
    requests,
    /**
     * Resolves on the hub's welcome (at once when welcomed already), rejects if the token is refused,
     * or with `connection_lost` once `timeoutMs` passes or `signal` aborts first: the client then
     * stops as on disconnect(), so nothing keeps knocking at the hub behind the caller's back.
     */
    connect(how: ConnectOptions = {}): Promise<void> {
      const { timeoutMs, signal } = how;
      if (timeoutMs !== undefined && !(timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS))
        return Promise.reject(
          new TypeError(
            `connect: timeoutMs must be a number of ms from 1 to ${MAX_TIMER_MS}, got ${timeoutMs}`,
          ),
        );
      // Already given up: nothing is started (nor stopped, should another call be connecting).
      if (signal?.aborted) return Promise.reject(aborted(signal));
      if (ready) return Promise.resolve();
      refusal = undefined;
      lastClose = '';
      // Holding off, the timer starts the socket when the hub said to.
      const waiting = connecting.start(() => holding || socket.start());
      const abort = () => stop(aborted(signal!));
      const timer =
        timeoutMs === undefined
          ? undefined
          : clock.setTimeout(
              () =>
                stop(
                  new KefuError(
                    'connection_lost',
                    `no welcome from the hub within ${timeoutMs} ms${lastClose}; the client stopped: call connect() to try again`,
                  ),
                ),
              timeoutMs,
            );
      signal?.addEventListener('abort', abort, { once: true });
      const settled = () => {
        clock.clearTimeout(timer);
        signal?.removeEventListener('abort', abort);
      };
      waiting.then(settled, settled);
      return waiting;
    },
    /**
     * Open: asks the hub for a word now, and reconnects if none comes (see `AgentClientOptions.liveness`).
     * Waiting for the next attempt (up to 5 s into the backoff): tries at once.
     */
    checkConnection(): void {
      if (socket.status === 'open') liveness.check();
      else if (socket.status === 'reconnecting') socket.reconnectNow();
    },
    /** The agent's status: as the hub holds it, or as this client chose it last. */
    get status(): AgentStatus {
      return status;
    },
    /** The hub took the status this client chose. */
    setStatus: chosen,
    /** Stops; requests still waiting reject with `connection_lost`, as does a connect() in progress. */
    disconnect(): void {
      stop(new KefuError('connection_lost', 'the agent client disconnected before the hub answered'));
    },
  };

  /**
   * The hub refused the hello for now and said when to come back (a throttled sign-in: 4429 follows).
   * The socket's backoff would knock again within 0.5 s, and every 5 s at most, each attempt
   * refused again: the socket stops until then, and the agent hears the client is reconnecting.
   */
  function holdOff(frame: Extract<HubToAgent, { type: 'error' }>): void {
    const wait = frame.retryAfterMs ?? 0;
    holding = {
      timer: clock.setTimeout(() => {
        holding = undefined;
        socket.start();
      }, wait),
    };
    socket.stop();
    socket.status = 'reconnecting';
    const detail = { code: ERROR_CODES[frame.code].close ?? 1011, reason: `${frame.code}: ${frame.message}` };
    lastClose = `; last close: ${detail.code} ${detail.reason}`;
    events.emit('connection', { status: 'reconnecting', ...detail });
  }

  /** Stops trying: what waits for an answer or a welcome rejects with `gone`. */
  function stop(gone: KefuError): void {
    clock.clearTimeout(holding?.timer);
    holding = undefined;
    refusal = undefined;
    socket.stop();
    ready = false;
    requests.rejectAll(gone);
    connecting.end(gone);
  }
}

/** Why a connect() whose signal aborted gave up, with the signal's reason as the cause. */
function aborted(signal: AbortSignal): KefuError {
  return new KefuError(
    'connection_lost',
    "connect() was aborted before the hub's welcome; the client stopped",
    {
      cause: signal.reason,
    },
  );
}

/**
 * Why a send cannot wait for the next connection, when none will come before connect(): the client
 * was never connected or was disconnected (`connection_lost`, retryable once connected), or the
 * hub refused it for good (the refusal's code when known). It may have been stored on an earlier
 * connection: a retry with the same clientMsgId is stored once.
 */
function stoppedError(status: string, refusal: string | undefined): KefuError | undefined {
  if (status === 'failed') {
    const code = refusal ? /^([a-z_]+): /.exec(refusal)?.[1] : undefined;
    return new KefuError(
      isErrorCode(code) ? code : 'unauthorized',
      `the hub refused this agent for good (${refusal ?? 'fatal close'}); sign in again with connect(), then retry with the same clientMsgId`,
    );
  }
  if (status === 'closed' || status === 'idle')
    return new KefuError('connection_lost', 'the agent client is not connected: call connect() first');
  return undefined;
}

/** After a reconnect: re-opens what was open, and re-sends what the hub did not acknowledge. */
/** Pauses before re-joining a conversation the hub refused as read too fast: 1 s, 2 s, … */
const REJOIN_PAUSE_MS = 1000;
const REJOIN_TRIES = 8;
/** Counts each view's resumes: a re-join waiting from an earlier connection is not sent again. */
const resumes = new WeakMap<AgentView, number>();

function resume(
  view: AgentView,
  requests: AgentRequests,
  events: Emitter<AgentClientEvents>,
  clock: Clock,
): void {
  const round = (resumes.get(view) ?? 0) + 1;
  resumes.set(view, round);
  // A request, so a refusal names the conversation: one the hub no longer has (erased, a store
  // that did not survive a restart) or that is no longer this agent's is dropped, not kept open
  // for ever. A lost connection re-joins on the next welcome.
  const join = (id: string, tries: number): void => {
    const c = view.open.get(id);
    if (!c || resumes.get(view) !== round) return;
    requests
      .request({ type: 'join', conversationId: id, lastSeq: contiguousSeq(c.messages) })
      .catch((e: KefuError) => {
        if (e.code === 'connection_lost') return;
        // The hub pays an agent's reads from a budget (a burst, then a few a second): a console
        // with more conversations open than the burst re-joins the rest as it refills, or they
        // would stay open without their live feed until the next reconnect.
        if (e.code === 'rate_limited' && tries < REJOIN_TRIES) {
          clock.setTimeout(() => join(id, tries + 1), REJOIN_PAUSE_MS * (tries + 1));
          return;
        }
        if (e.code === 'not_found' || e.code === 'forbidden') view.open.delete(id);
        events.emit('error', {
          code: e.code,
          message: e.message,
          retryable: e.retryable,
          conversationId: id,
        });
      });
  };
  for (const id of view.open.keys()) join(id, 0);
  requests.resend();
}

/**
 * The promises of the connect() calls in progress: a welcome resolves them, a refusal or a
 * disconnect rejects them. Each call is kept: a second connect() while connecting replaced the
 * first's, which then never settled.
 */
function connectWaiter() {
  const waiters = new Set<{ resolve(): void; reject(e: KefuError): void }>();
  return {
    waiting: () => waiters.size > 0,
    start(run: () => void): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        waiters.add({ resolve, reject });
        run();
      });
    },
    end(error?: KefuError): void {
      for (const waiter of waiters) error ? waiter.reject(error) : waiter.resolve();
      waiters.clear();
    },
  };
}

/** The `re` of a frame the client could not decode, when it has one. */
function answeredRequest(raw: string): string | undefined {
  try {
    const re = (JSON.parse(raw) as { re?: unknown } | null)?.re;
    return typeof re === 'string' ? re : undefined;
  } catch {
    return undefined;
  }
}
