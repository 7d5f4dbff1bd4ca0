import { type ConversationState, type Message, PROTOCOL_VERSION } from '@kefu/protocol';
import type { Bus } from '../bus/bus.ts';
import { type BusEvent, channels } from '../bus/bus.ts';
import { shopperState } from '../conversation/shopper-view.ts';
import type { Store } from '../store/store.ts';
import { encodeShared } from './shared-frames.ts';

/**
 * One connection's live view of one conversation. It subscribes before the initial load, so
 * nothing published meanwhile is missed; it sends each message exactly once and in seq order,
 * filling any gap (events from another node can overtake each other) from the store.
 * A shopper's feed carries the shopper's projection of the state; an agent's feed ends once
 * `mayRead` says the agent may no longer read the conversation (someone else took it).
 */
export class ConversationFeed {
  private sentSeq = 0;
  /** The newest conversation version whose state this connection was sent. */
  private stateVersion = 0;
  private loading = true;
  private buffered: BusEvent[] = [];
  private chain: Promise<void> = Promise.resolve();
  /** Events on the chain not yet handled: while there are any, a new one waits its turn. */
  private queued = 0;
  private unsubscribers: Array<() => Promise<void>> = [];
  private stopped = false;

  constructor(
    readonly conversationId: string,
    private readonly store: Store,
    private readonly bus: Bus,
    private readonly viewer: 'shopper' | 'agent',
    /** Sends a frame (a string: already encoded, the same for every connection that gets it). */
    private readonly send: (frame: object | string) => void,
    private readonly onError: (error: unknown) => void,
    private readonly mayRead: (state: ConversationState) => boolean = () => true,
    /** A message as this viewer gets it (photos signed anew, or as text for a client without them). */
    private readonly present: (message: Message) => Message = (message) => message,
  ) {}

  /**
   * Photos are signed per viewer and time, and order cards with shipments reach shoppers without
   * them, so neither is shared; everything else is encoded once.
   */
  private messageFrame(event: Extract<BusEvent, { kind: 'message' }>): object | string {
    const { content } = event.message;
    return content.kind === 'image' || (content.kind === 'order' && content.order.shipments)
      ? { v: PROTOCOL_VERSION, type: 'message', message: this.present(event.message) }
      : encodeShared(event, 'message', messageFrame);
  }

  /**
   * Subscribes, runs `load` (which sends the welcome or snapshot and returns the seq it has
   * delivered up to), replays what is missing after that, then goes live. A load that read the
   * conversation after subscribing may say its `lastSeq`: the replay stops there, as every later
   * message was stored after that read and so comes on the bus (a hello that resumes with nothing
   * missed reads no messages at all).
   */
  async start(
    load: () => Promise<{
      deliveredSeq: number;
      replayAfter?: number;
      stateVersion: number;
      lastSeq?: number;
    }>,
  ): Promise<void> {
    const onEvent = (event: BusEvent) => {
      if (this.loading) this.buffered.push(event);
      else this.enqueue(event);
    };
    this.unsubscribers.push(await this.bus.subscribe(channels.conversation(this.conversationId), onEvent));
    // Notes travel on their own channel, which shopper connections never subscribe to.
    if (this.viewer === 'agent')
      this.unsubscribers.push(await this.bus.subscribe(channels.notes(this.conversationId), onEvent));
    let loaded: Awaited<ReturnType<typeof load>>;
    try {
      loaded = await load();
    } catch (error) {
      // Nothing to go live from: the request fails and its client asks again. Left subscribed,
      // the feed buffered the conversation's events for as long as the connection lived.
      await this.stop();
      throw error;
    }
    const { deliveredSeq, replayAfter, stateVersion, lastSeq } = loaded;
    this.sentSeq = replayAfter ?? deliveredSeq;
    this.stateVersion = stateVersion;
    try {
      await this.fillTo(lastSeq ?? Number.POSITIVE_INFINITY);
    } finally {
      // Live even when the replay failed (the store went away after the snapshot was sent): the
      // next message fills the gap from the store, as for any gap. Left loading, it buffered every
      // event for good, and an agent who had accepted the conversation never saw the shopper again.
      this.loading = false;
      for (const event of this.buffered.splice(0)) this.enqueue(event);
    }
    await this.chain;
  }

  /** False once stopped: by its connection, or because the agent may no longer read the conversation. */
  get live(): boolean {
    return !this.stopped;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.unsubscribers.splice(0).map((off) => off()));
  }

  private enqueue(event: BusEvent): void {
    // Nothing waits before it and it needs no read (the next message, typing, …): handled at once,
    // without a turn on the chain. That is the common case, on every message of every feed.
    if (this.queued === 0) {
      if (this.stopped) return;
      try {
        if (this.handleNow(event)) return;
      } catch (error) {
        this.onError(error);
        return;
      }
    }
    this.queued++;
    this.chain = this.chain
      .then(() => this.handle(event))
      .catch(this.onError)
      .then(this.handled, this.handled);
  }

  private readonly handled = () => {
    this.queued--;
  };

  /** Handles an event that needs no read and no wait; false for one that does (see {@link handle}). */
  private handleNow(event: BusEvent): boolean {
    switch (event.kind) {
      case 'message': {
        const { seq } = event.message;
        // A gap (events from another node can overtake each other) is filled from the store first.
        if (seq > this.sentSeq + 1) return false;
        if (seq === this.sentSeq + 1) {
          this.sentSeq = seq;
          this.send(this.messageFrame(event));
        }
        return true;
      }
      case 'typing':
        // Nobody needs their own typing echoed back.
        if (event.author.kind !== this.viewer) this.send(encodeShared(event, 'typing', typingFrame));
        return true;
      case 'read':
        if (event.by !== this.viewer) this.send(encodeShared(event, 'read', readFrame));
        return true;
      case 'note':
        if (this.viewer === 'agent') this.send(encodeShared(event, 'note', noteFrame));
        return true;
      case 'assist':
        if (this.viewer === 'agent') this.send(encodeShared(event, 'assist', assistFrame));
        return true;
      case 'inbox':
        return true;
      default:
        return false;
    }
  }

  private async handle(event: BusEvent): Promise<void> {
    if (this.stopped || this.handleNow(event)) return;
    switch (event.kind) {
      case 'message':
        await this.fillTo(event.message.seq - 1);
        if (event.message.seq === this.sentSeq + 1) {
          this.sentSeq = event.message.seq;
          this.send(this.messageFrame(event));
        }
        return;
      case 'state':
        // Read before a change another node published first (a queue refresh racing an
        // assignment): sent now, it would put the client back in a state long gone.
        if (event.version < this.stateVersion) return;
        this.stateVersion = event.version;
        this.send(
          this.viewer === 'shopper'
            ? encodeShared(event, 'state.shopper', shopperStateFrame)
            : encodeShared(event, 'state', stateFrame),
        );
        // The agent learns who took it from this last state, and nothing after it.
        if (!this.mayRead(event.state)) await this.stop();
        return;
    }
  }

  private deliver(message: Message): void {
    this.sentSeq = message.seq;
    this.send({ v: PROTOCOL_VERSION, type: 'message', message: this.present(message) });
  }

  /**
   * Sends every stored message after sentSeq up to `upTo`, in pages. A short page is the end:
   * what is stored after it was read comes on the bus (subscribed before any fill).
   */
  private async fillTo(upTo: number): Promise<void> {
    while (!this.stopped && this.sentSeq < upTo) {
      const page = await this.store.listMessages(this.conversationId, {
        afterSeq: this.sentSeq,
        limit: FILL_PAGE,
      });
      for (const message of page) {
        if (message.seq > upTo) return;
        if (message.seq === this.sentSeq + 1) this.deliver(message);
      }
      if (page.length < FILL_PAGE) return;
    }
  }
}

/** Messages read per statement when a feed catches up. */
const FILL_PAGE = 200;

// The frames a bus event makes, built once per event for every connection (see shared-frames.ts).
type EventOf<K extends BusEvent['kind']> = Extract<BusEvent, { kind: K }>;
const messageFrame = (e: EventOf<'message'>) => ({
  v: PROTOCOL_VERSION,
  type: 'message',
  message: e.message,
});
const stateFrame = (e: EventOf<'state'>) => ({
  v: PROTOCOL_VERSION,
  type: 'state',
  conversationId: e.conversationId,
  state: e.state,
});
const shopperStateFrame = (e: EventOf<'state'>) => ({
  v: PROTOCOL_VERSION,
  type: 'state',
  conversationId: e.conversationId,
  state: shopperState(e.state),
});
const typingFrame = (e: EventOf<'typing'>) => ({
  v: PROTOCOL_VERSION,
  type: 'typing',
  conversationId: e.conversationId,
  author: e.author,
  on: e.on,
});
const readFrame = (e: EventOf<'read'>) => ({
  v: PROTOCOL_VERSION,
  type: 'read',
  conversationId: e.conversationId,
  by: e.by,
  seq: e.seq,
});
const noteFrame = (e: EventOf<'note'>) => ({ v: PROTOCOL_VERSION, type: 'note', note: e.note });
const assistFrame = (e: EventOf<'assist'>) => ({ v: PROTOCOL_VERSION, type: 'assist', ...e.assist });
