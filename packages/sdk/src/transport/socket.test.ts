import { decodeFrame, FATAL_CLOSE_CODES, type HubToShopper as HubFrame, HubToShopper } from '@kefu/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../testing/manual-clock.ts';
import {
  type ConnectionStatus,
  ReconnectingSocket,
  type WebSocketConstructor,
  type WebSocketLike,
} from './socket.ts';

// The socket's contract is its reaction to open/message/close events, so a hand-driven fake is
// clearer here than msw: each test fires exactly the event it is about, synchronously. The
// clients' tests run the same code against msw's WebSocket.
class FakeWebSocket implements WebSocketLike {
  readyState = 0;
  sent: string[] = [];
  closedWith: { code?: number; reason?: string } | undefined;
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string): void {
    this.sent.push(data);
  }
  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }
  /** The server accepted the connection. */
  accept(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(data: unknown): void {
    this.onmessage?.({ data: typeof data === 'string' ? data : JSON.stringify(data) });
  }
  /** The server or the network ended the connection. */
  drop(code = 1006, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
  get frames(): Array<Record<string, unknown>> {
    return this.sent.map((s) => JSON.parse(s));
  }
}

const PONG = { v: 1, type: 'pong' };

function setup(backoff = { initialMs: 1000, maxMs: 8000 }) {
  const clock = new ManualClock(1_000_000);
  const sockets: FakeWebSocket[] = [];
  const statuses: Array<{ status: ConnectionStatus; code?: number; reason?: string }> = [];
  const frames: HubFrame[] = [];
  const invalid: string[] = [];
  let opens = 0;
  const socket = new ReconnectingSocket({
    url: 'ws://hub.test/?site=shop',
    WebSocket: class extends FakeWebSocket {
      constructor(url: string) {
        super(url);
        sockets.push(this);
      }
    },
    decode: (raw) => decodeFrame(HubToShopper, raw, Number.POSITIVE_INFINITY),
    clock,
    backoff,
    onOpen: () => opens++,
    onFrame: (frame) => frames.push(frame),
    onStatus: (status, detail) => statuses.push({ status, ...detail }),
    onInvalid: (message) => invalid.push(message),
  });
  return {
    clock,
    socket,
    sockets,
    statuses,
    frames,
    invalid,
    get opens() {
      return opens;
    },
    get last() {
      return sockets.at(-1)!;
    },
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ReconnectingSocket', () => {
  it('connects on start, calls onOpen when the socket opens, and is open only after markOpen', () => {
    const t = setup();
    t.socket.start();
    expect(t.sockets).toHaveLength(1);
    expect(t.last.url).toBe('ws://hub.test/?site=shop');
    expect(t.socket.status).toBe('connecting');
    t.last.accept();
    expect(t.opens).toBe(1);
    expect(t.socket.status).toBe('connecting');
    t.socket.markOpen(25_000);
    expect(t.statuses.map((s) => s.status)).toEqual(['connecting', 'open']);
  });

  it('start() twice opens one socket', () => {
    const t = setup();
    t.socket.start();
    t.socket.start();
    expect(t.sockets).toHaveLength(1);
  });

  it('sends only on an open socket, and tells the caller when it could not', () => {
    const t = setup();
    expect(t.socket.send(PONG)).toBe(false);
    t.socket.start();
    expect(t.socket.send(PONG)).toBe(false);
    t.last.accept();
    expect(t.socket.send({ v: 1, type: 'ping' })).toBe(true);
    expect(t.last.frames).toEqual([{ v: 1, type: 'ping' }]);
    t.last.drop();
    expect(t.socket.send(PONG)).toBe(false);
  });

  it('reports a send that throws as not sent', () => {
    const t = setup();
    t.socket.start();
    t.last.accept();
    t.last.send = () => {
      throw new Error('InvalidStateError');
    };
    expect(t.socket.send(PONG)).toBe(false);
  });

  it('passes decoded frames on, reports unreadable ones, and ignores binary data', () => {
    const t = setup();
    t.socket.start();
    t.last.accept();
    t.last.receive(PONG);
    t.last.receive('{not json');
    t.last.receive({ v: 1, type: 'no-such-frame' });
    t.last.onmessage?.({ data: new ArrayBuffer(4) });
    expect(t.frames).toEqual([PONG]);
    expect(t.invalid).toHaveLength(2);
  });

  it('reconnects after a drop, waiting between half and all of the first backoff step', () => {
    const t = setup();
    t.socket.start();
    t.last.accept();
    t.socket.markOpen(25_000);
    t.last.drop(1006, 'network');
    expect(t.statuses.at(-1)).toEqual({ status: 'reconnecting', code: 1006, reason: 'network' });
    t.clock.advance(499);
    expect(t.sockets).toHaveLength(1);
    t.clock.advance(501);
    expect(t.sockets).toHaveLength(2);
    t.last.accept();
    expect(t.opens).toBe(2);
  });

  it('waits longer after each failed attempt, up to the cap, and starts over after a welcome', () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const t = setup({ initialMs: 1000, maxMs: 4000 });
    t.socket.start();
    const gaps: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const before = t.sockets.length;
      const from = t.clock.now();
      t.last.drop();
      while (t.sockets.length === before) t.clock.advance(100);
      gaps.push(t.clock.now() - from);
    }
    expect(gaps).toEqual([1000, 2000, 4000, 4000, 4000]);

    t.last.accept();
    t.socket.markOpen(25_000);
    const from = t.clock.now();
    t.last.drop();
    while (t.sockets.length === 6) t.clock.advance(100);
    expect(t.clock.now() - from).toBe(1000);
  });

  it('keeps the status "reconnecting" through repeated attempts instead of flapping to "connecting"', () => {
    const t = setup();
    t.socket.start();
    t.last.drop();
    t.clock.advance(1000);
    t.last.drop();
    t.clock.advance(2000);
    expect(t.statuses.map((s) => s.status)).not.toContain('open');
    expect(t.statuses.slice(1).every((s) => s.status === 'reconnecting')).toBe(true);
  });

  it.each(FATAL_CLOSE_CODES)('fails for good on close code %i, with no reconnect scheduled', (code) => {
    const t = setup();
    t.socket.start();
    t.last.accept();
    t.last.drop(code, 'refused');
    expect(t.socket.status).toBe('failed');
    expect(t.statuses.at(-1)).toEqual({ status: 'failed', code, reason: 'refused' });
    expect(t.clock.pending).toBe(0);
    t.clock.advance(10 * 60_000);
    expect(t.sockets).toHaveLength(1);
  });

  // 4000, 4599 and 4999: codes no hub uses yet. A newer hub may add one; only the fatal list stops.
  it.each([1000, 1001, 1006, 1011, 4000, 4408, 4429, 4503, 4509, 4599, 4999])(
    'reconnects after close code %i',
    (code) => {
      const t = setup();
      t.socket.start();
      t.last.accept();
      t.last.drop(code);
      t.clock.advance(1000);
      expect(t.sockets).toHaveLength(2);
    },
  );

  it('pings every heartbeat while the hub answers', () => {
    const t = setup();
    t.socket.start();
    t.last.accept();
    t.socket.markOpen(1000);
    for (let i = 0; i < 5; i++) {
      t.clock.advance(1000);
      t.last.receive(PONG);
    }
    expect(t.last.frames.filter((f) => f.type === 'ping')).toHaveLength(5);
    expect(t.last.frames[0]).toEqual({ v: 1, type: 'ping', t: 1_001_000 });
    expect(t.socket.status).toBe('open');
  });

  it('keeps to a 10-minute heartbeat when the hub announces one past what timers can hold', () => {
    const t = setup();
    t.socket.start();
    t.last.accept();
    t.socket.markOpen(2 ** 32);
    t.clock.advance(599_999);
    expect(t.last.frames.filter((f) => f.type === 'ping')).toHaveLength(0);
    t.clock.advance(1);
    expect(t.last.frames.filter((f) => f.type === 'ping')).toHaveLength(1);
  });

  it('drops a socket the hub has been silent on for over two heartbeats, and reconnects', () => {
    const t = setup();
    t.socket.start();
    t.last.accept();
    t.socket.markOpen(1000);
    const dead = t.last;
    t.clock.advance(2000);
    expect(t.socket.status).toBe('open');
    t.clock.advance(1000);
    expect(dead.closedWith).toEqual({ code: 4000, reason: 'client reconnects' });
    expect(t.statuses.at(-1)).toEqual({ status: 'reconnecting', reason: 'no answer from the hub' });
    t.clock.advance(1000);
    expect(t.sockets).toHaveLength(2);
  });

  describe('answer check (a connection that went silent without a close)', () => {
    const SEND = { v: 1, type: 'send', clientMsgId: 'm1', content: { kind: 'text', text: 'hi' } };
    const pings = (ws: FakeWebSocket) => ws.frames.filter((f) => f.type === 'ping');
    const welcomed = () => {
      const t = setup();
      t.socket.start();
      t.last.accept();
      t.socket.markOpen(60_000);
      return t;
    };

    it('pings 4 s after a message the hub has not answered, and reconnects 4 s after an unanswered ping', () => {
      const t = welcomed();
      const silent = t.last;
      t.socket.send(SEND);
      t.clock.advance(3999);
      expect(pings(silent)).toHaveLength(0);
      t.clock.advance(1);
      expect(pings(silent)).toHaveLength(1);
      t.clock.advance(3999);
      expect(t.socket.status).toBe('open');
      t.clock.advance(1);
      expect(silent.closedWith).toEqual({ code: 4000, reason: 'client reconnects' });
      expect(t.statuses.at(-1)).toEqual({ status: 'reconnecting', reason: 'no answer from the hub' });
      t.clock.advance(1000);
      expect(t.sockets).toHaveLength(2);
    });

    it('asks nothing more once the hub says anything, and keeps a connection whose ping is answered', () => {
      const t = welcomed();
      t.socket.send(SEND);
      t.clock.advance(100);
      t.last.receive({ v: 1, type: 'ack', clientMsgId: 'm1', seq: 1, ts: 1 });
      t.clock.advance(10_000);
      expect(pings(t.last)).toHaveLength(0);
      t.socket.send(SEND);
      t.clock.advance(4000);
      expect(pings(t.last)).toHaveLength(1);
      t.last.receive(PONG);
      t.clock.advance(10_000);
      expect(t.sockets).toHaveLength(1);
      expect(t.socket.status).toBe('open');
    });

    it('reconnects 4 s after a heartbeat ping that gets no answer, not two heartbeats later', () => {
      const t = welcomed();
      const silent = t.last;
      t.clock.advance(60_000);
      expect(pings(silent)).toHaveLength(1);
      t.clock.advance(4000);
      expect(silent.closedWith).toEqual({ code: 4000, reason: 'client reconnects' });
    });

    it('leaves nothing pending once stopped: a closed client neither pings nor reconnects', () => {
      const t = welcomed();
      const ws = t.last;
      t.socket.send(SEND);
      t.clock.advance(4000);
      // The message's check pinged; the ping's own check is pending, with a later message's.
      t.socket.send(SEND);
      const sent = ws.sent.length;
      t.socket.stop();
      expect(t.clock.pending).toBe(0);
      t.clock.advance(60_000);
      expect(ws.sent).toHaveLength(sent);
      expect(t.sockets).toHaveLength(1);
      expect(t.statuses.at(-1)).toEqual({ status: 'closed' });
    });

    it('is left to a client that watches the connection itself (answerCheck: false)', () => {
      const sockets: FakeWebSocket[] = [];
      const clock = new ManualClock(0);
      const socket = new ReconnectingSocket({
        url: 'ws://hub.test/',
        WebSocket: class extends FakeWebSocket {
          constructor(url: string) {
            super(url);
            sockets.push(this);
          }
        },
        decode: (raw) => decodeFrame(HubToShopper, raw, Number.POSITIVE_INFINITY),
        clock,
        answerCheck: false,
        onOpen() {},
        onFrame() {},
        onStatus() {},
        onInvalid() {},
      });
      socket.start();
      sockets[0]!.accept();
      socket.markOpen(60_000);
      socket.send(SEND);
      clock.advance(20_000);
      expect(sockets[0]!.frames).toEqual([SEND]);
      socket.stop();
    });
  });

  it('drops a handshake the hub never answers within three heartbeats, and reconnects', () => {
    const t = setup();
    t.socket.start();
    const hung = t.last;
    t.clock.advance(50_000);
    expect(hung.closedWith).toBeUndefined();
    t.clock.advance(25_000);
    expect(hung.closedWith).toEqual({ code: 4000, reason: 'client reconnects' });
    t.clock.advance(1000);
    expect(t.sockets).toHaveLength(2);
  });

  it('drops a socket whose hello the hub never welcomes, and reconnects', () => {
    const t = setup();
    t.socket.start();
    t.last.accept();
    const unanswered = t.last;
    t.clock.advance(75_000);
    expect(unanswered.closedWith).toEqual({ code: 4000, reason: 'client reconnects' });
    t.clock.advance(1000);
    expect(t.sockets).toHaveLength(2);
  });

  it('ignores events from a socket it has already replaced', () => {
    const t = setup();
    t.socket.start();
    const old = t.last;
    const oldOnMessage = old.onmessage!;
    const oldOnClose = old.onclose!;
    t.socket.reconnectNow();
    expect(t.sockets).toHaveLength(2);
    // Handlers captured before the swap (as a runtime might still call them) must do nothing.
    oldOnMessage({ data: JSON.stringify(PONG) });
    oldOnClose({ code: 4401, reason: 'late' });
    expect(t.frames).toEqual([]);
    expect(t.socket.status).toBe('connecting');
  });

  it('stop() closes with 1000, says "closed" and never reconnects', () => {
    const t = setup();
    t.socket.start();
    t.last.accept();
    t.socket.markOpen(1000);
    const ws = t.last;
    t.socket.stop();
    expect(ws.closedWith).toEqual({ code: 1000, reason: 'client closed' });
    expect(t.socket.status).toBe('closed');
    expect(t.clock.pending).toBe(0);
    t.clock.advance(60_000);
    expect(t.sockets).toHaveLength(1);
    expect(t.socket.send(PONG)).toBe(false);
  });

  it('stop() during the handshake closes the socket once it opens, never mid-handshake (no browser console error)', () => {
    const t = setup();
    t.socket.start();
    const ws = t.last;
    t.socket.stop();
    expect(ws.closedWith).toBeUndefined();
    expect(t.socket.status).toBe('closed');
    ws.accept();
    expect(ws.closedWith).toEqual({ code: 1000, reason: 'client closed' });
    expect(t.opens).toBe(0);
    expect(t.sockets).toHaveLength(1);
  });

  it('goes offline without retrying, and reconnects at once when told the network is back', () => {
    const t = setup();
    t.socket.start();
    t.last.accept();
    t.socket.markOpen(25_000);
    t.socket.setOffline();
    expect(t.socket.status).toBe('offline');
    t.clock.advance(60_000);
    expect(t.sockets).toHaveLength(1);
    t.socket.reconnectNow();
    expect(t.sockets).toHaveLength(2);
    expect(t.socket.status).toBe('connecting');
  });

  it('starts offline without an attempt when told the browser has no network, and connects once it is back', () => {
    const t = setup();
    t.socket.start(true);
    expect(t.socket.status).toBe('offline');
    t.clock.advance(60_000);
    expect(t.sockets).toHaveLength(0);
    t.socket.reconnectNow();
    expect(t.sockets).toHaveLength(1);
    expect(t.socket.status).toBe('connecting');
  });

  it('reconnectNow() leaves an open connection alone', () => {
    const t = setup();
    t.socket.start();
    t.last.accept();
    t.socket.markOpen(25_000);
    t.socket.reconnectNow();
    expect(t.sockets).toHaveLength(1);
  });

  it('reconnectNow() skips a pending backoff wait', () => {
    const t = setup();
    t.socket.start();
    t.last.drop();
    t.socket.reconnectNow();
    expect(t.sockets).toHaveLength(2);
    // The cancelled retry must not open a third socket later.
    t.clock.advance(60_000);
    expect(t.sockets).toHaveLength(2);
  });

  describe('the origin (Node)', () => {
    /** Records how it was called; `takesOptions: false` throws on a second argument, as a browser's does. */
    function recording(takesOptions: boolean) {
      const calls: unknown[][] = [];
      const Ctor = class extends FakeWebSocket {
        constructor(...args: [string, ...unknown[]]) {
          if (args.length > 1 && !takesOptions)
            throw new SyntaxError("The subprotocol '[object Object]' is invalid.");
          super(args[0]);
          calls.push(args);
        }
      };
      return { Ctor, calls };
    }
    const start = (Ctor: typeof FakeWebSocket, origin?: string) =>
      new ReconnectingSocket({
        url: 'ws://hub.test/?site=shop',
        WebSocket: Ctor,
        ...(origin ? { origin } : {}),
        decode: (raw) => decodeFrame(HubToShopper, raw, Number.POSITIVE_INFINITY),
        clock: new ManualClock(),
        onOpen() {},
        onFrame() {},
        onStatus() {},
        onInvalid() {},
      }).start();

    it('is passed as the Origin header, in the options ws and undici take', () => {
      const { Ctor, calls } = recording(true);
      start(Ctor, 'https://shop.test');
      expect(calls).toEqual([['ws://hub.test/?site=shop', { headers: { Origin: 'https://shop.test' } }]]);
    });

    it('is left out for a constructor that takes no options (a browser sends the page’s own)', () => {
      const { Ctor, calls } = recording(false);
      start(Ctor, 'https://shop.test');
      expect(calls).toEqual([['ws://hub.test/?site=shop']]);
    });

    it('is not sent when not given: the constructor gets the URL alone', () => {
      const { Ctor, calls } = recording(true);
      start(Ctor);
      expect(calls).toEqual([['ws://hub.test/?site=shop']]);
    });
  });

  it('retries with backoff when the WebSocket constructor throws', () => {
    const clock = new ManualClock();
    let calls = 0;
    const statuses: ConnectionStatus[] = [];
    const socket = new ReconnectingSocket({
      url: 'not a url',
      WebSocket: class {
        constructor() {
          calls++;
          throw new SyntaxError('invalid url');
        }
      } as unknown as WebSocketConstructor,
      decode: (raw) => decodeFrame(HubToShopper, raw, Number.POSITIVE_INFINITY),
      clock,
      backoff: { initialMs: 100 },
      onOpen() {},
      onFrame() {},
      onStatus: (s) => statuses.push(s),
      onInvalid() {},
    });
    expect(() => socket.start()).not.toThrow();
    clock.advance(100);
    expect(calls).toBe(2);
    socket.stop();
    clock.advance(60_000);
    expect(calls).toBe(2);
  });
});
