import type { PageContext } from '@kefu/protocol';
import { BoundedMap, CONVERSATION_CACHE_SIZE } from '../bounded-map.ts';
import type { Clock } from '../clock.ts';

/**
 * Least time between two writes of one conversation's page on a node. A `context` frame was a
 * store write each, paid only from the socket's frame budget: one shopper's five sockets wrote
 * their conversation 50 times a second, and against PGlite (in the hub's process) 40 sockets of
 * one address held other shoppers' pings for seconds. A shopper reads a page for longer than this.
 */
export const PAGE_WINDOW_MS = 1000;

type Write = (page: PageContext) => Promise<void>;

interface Track {
  /** When the last write started. */
  at: number;
  /** Writes in order: a later page never lands before an earlier one still in flight. */
  chain: Promise<void>;
  /** The latest page waiting for the window's end, with how to write it. */
  pending?: { page: PageContext; write: Write };
  timer?: unknown;
}

/**
 * Writes the pages a conversation's shopper reports, at most one per `PAGE_WINDOW_MS`: the first
 * at once, the latest of those that come within the window when it ends (the ones between are
 * overtaken, so nothing the shopper is looking at now is lost, and agents see it within a second).
 * @example
 * const pages = new PageRelay(clock, onError);
 * await pages.offer(conversationId, page, (p) => store.updateConversation(conversationId, { page: p }));
 */
export class PageRelay {
  private readonly tracks = new BoundedMap<string, Track>(CONVERSATION_CACHE_SIZE);
  /** Tracks whose latest page waits for its window, so `flush` can write them (an evicted track keeps its timer). */
  private readonly waiting = new Set<Track>();

  constructor(
    private readonly clock: Clock,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Resolves once the page is written, or at once when it waits for its window. */
  offer(conversationId: string, page: PageContext, write: Write): Promise<void> {
    const now = this.clock.now();
    const track = this.tracks.get(conversationId);
    if (!track) {
      const chain = write(page);
      this.tracks.set(conversationId, { at: now, chain: chain.catch(() => {}) });
      return chain;
    }
    if (track.timer === undefined && now - track.at >= PAGE_WINDOW_MS) return this.write(track, page, write);
    track.pending = { page, write };
    if (track.timer === undefined) {
      track.timer = this.clock.setTimeout(
        () => {
          this.writePending(track).catch(this.onError);
        },
        track.at + PAGE_WINDOW_MS - now,
      );
      this.waiting.add(track);
    }
    return Promise.resolve();
  }

  /** Writes every page waiting for its window now (a closing hub: the shopper's latest page is kept). */
  async flush(): Promise<void> {
    const tracks = [...this.waiting];
    await Promise.all(
      tracks.map((track) => {
        this.clock.clearTimeout(track.timer);
        return this.writePending(track).catch(this.onError);
      }),
    );
  }

  private writePending(track: Track): Promise<void> {
    this.waiting.delete(track);
    track.timer = undefined;
    const pending = track.pending;
    track.pending = undefined;
    return pending ? this.write(track, pending.page, pending.write) : Promise.resolve();
  }

  private write(track: Track, page: PageContext, write: Write): Promise<void> {
    track.at = this.clock.now();
    const written = track.chain.then(() => write(page));
    track.chain = written.catch(() => {});
    return written;
  }
}
