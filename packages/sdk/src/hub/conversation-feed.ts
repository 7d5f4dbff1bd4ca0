import { type ConversationState, type Message, PROTOCOL_VERSION } from '@kefu/protocol';
import type { Bus } from '../bus/bus.ts';
import { type BusEvent, channels } from '../bus/bus.ts';
import { shopperState } from '../conversation/shopper-view.ts';
import type { Store } from '../store/store.ts';

/**
 * One connection's live view of one conversation. It subscribes before the initial load, so
 * nothing published meanwhile is missed; it sends each message exactly once and in seq order,
 * filling any gap (events from another node can overtake each other) from the store.
 * A shopper's feed carries the shopper's projection of the state; an agent's feed ends once
 * `mayRead` says the agent may no longer read the conversation (someone else took it).
 */
export class ConversationFeed {
  private sentSeq = 0;
  private loading = true;
  private buffered: BusEvent[] = [];
  private chain: Promise<void> = Promise.resolve();
  private unsubscribers: Array<() => Promise<void>> = [];
  private stopped = false;

  constructor(
    readonly conversationId: string,
    private readonly store: Store,
    private readonly bus: Bus,
    private readonly viewer: 'shopper' | 'agent',
    private readonly send: (frame: object) => void,
    private readonly onError: (error: unknown) => void,
    private readonly mayRead: (state: ConversationState) => boolean = () => true,
  ) {}

  /**
   * Subscribes, runs `load` (which sends the welcome or snapshot and returns the seq it has
   * delivered up to), replays what is missing after that, then goes live.
   */
  async start(load: () => Promise<{ deliveredSeq: number; replayAfter?: number }>): Promise<void> {
    const onEvent = (event: BusEvent) => {
      if (this.loading) this.buffered.push(event);
      else this.enqueue(event);
    };
    this.unsubscribers.push(await this.bus.subscribe(channels.conversation(this.conversationId), onEvent));
    // Notes travel on their own channel, which shopper connections never subscribe to.
    if (this.viewer === 'agent')
      this.unsubscribers.push(await this.bus.subscribe(channels.notes(this.conversationId), onEvent));
    const { deliveredSeq, replayAfter } = await load();
    this.sentSeq = replayAfter ?? deliveredSeq;
    await this.fillTo(Number.POSITIVE_INFINITY);
    this.loading = false;
    for (const event of this.buffered.splice(0)) this.enqueue(event);
    await this.chain;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.unsubscribers.splice(0).map((off) => off()));
  }

  private enqueue(event: BusEvent): void {
    this.chain = this.chain.then(() => this.handle(event)).catch(this.onError);
  }

  private async handle(event: BusEvent): Promise<void> {
    if (this.stopped) return;
    switch (event.kind) {
      case 'message':
        if (event.message.seq <= this.sentSeq) return;
        if (event.message.seq > this.sentSeq + 1) await this.fillTo(event.message.seq - 1);
        if (event.message.seq === this.sentSeq + 1) this.deliver(event.message);
        return;
      case 'state':
        this.send({
          v: PROTOCOL_VERSION,
          type: 'state',
          conversationId: event.conversationId,
          state: this.viewer === 'shopper' ? shopperState(event.state) : event.state,
        });
        // The agent learns who took it from this last state, and nothing after it.
        if (!this.mayRead(event.state)) await this.stop();
        return;
      case 'typing':
        // Nobody needs their own typing echoed back.
        if (event.author.kind === this.viewer) return;
        this.send({
          v: PROTOCOL_VERSION,
          type: 'typing',
          conversationId: event.conversationId,
          author: event.author,
          on: event.on,
        });
        return;
      case 'read':
        if (event.by === this.viewer) return;
        this.send({
          v: PROTOCOL_VERSION,
          type: 'read',
          conversationId: event.conversationId,
          by: event.by,
          seq: event.seq,
        });
        return;
      case 'note':
        if (this.viewer === 'agent') this.send({ v: PROTOCOL_VERSION, type: 'note', note: event.note });
        return;
      case 'assist':
        if (this.viewer === 'agent') this.send({ v: PROTOCOL_VERSION, type: 'assist', ...event.assist });
        return;
      case 'inbox':
        return;
    }
  }

  private deliver(message: Message): void {
    this.sentSeq = message.seq;
    this.send({ v: PROTOCOL_VERSION, type: 'message', message });
  }

  /** Sends every stored message after sentSeq up to `upTo`, in pages. */
  private async fillTo(upTo: number): Promise<void> {
    while (!this.stopped && this.sentSeq < upTo) {
      const page = await this.store.listMessages(this.conversationId, { afterSeq: this.sentSeq, limit: 200 });
      if (page.length === 0) return;
      for (const message of page) {
        if (message.seq > upTo) return;
        if (message.seq === this.sentSeq + 1) this.deliver(message);
      }
    }
  }
}
