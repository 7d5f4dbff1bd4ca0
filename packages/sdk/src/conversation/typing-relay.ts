import { BoundedMap, CONVERSATION_CACHE_SIZE } from '../bounded-map.ts';
import type { Clock } from '../clock.ts';

/** How long a repeated typing state from one author is not passed on again. */
export const TYPING_REPEAT_MS = 3000;
/**
 * Least time between two "started typing" passed on for one author: a client alternating on and
 * off at its frame rate (several tabs, each at the frame budget) reached every watching agent with
 * each change. With it, watchers see at most one start and one stop per window.
 */
export const TYPING_WINDOW_MS = 1000;

interface Track {
  /** What watchers were last told, and when. */
  on: boolean;
  at: number;
  /** When a start was last passed on. */
  onAt: number;
  /** A start waiting for the window to end, with how to pass it on. */
  timer?: unknown;
}

/**
 * Passes one author's typing states on to a conversation's watchers, throttled. A stop is passed on
 * at once (an author who stopped, or sent their message, is never shown typing for longer); a start
 * within `TYPING_WINDOW_MS` of the last start waits for the window's end and is passed on then only
 * if it is still the latest state, so watchers never see a stale "typing". The same state again
 * within `TYPING_REPEAT_MS` tells nobody anything.
 * @example
 * const relay = new TypingRelay(clock, onError);
 * await relay.offer(`${conversationId}\nshopper`, true, (on) => publish({ kind: 'typing', on }));
 */
export class TypingRelay {
  private readonly tracks = new BoundedMap<string, Track>(CONVERSATION_CACHE_SIZE);
  /** Starts waiting for their window, so `close` can cancel them (an evicted track keeps its own). */
  private readonly waiting = new Set<unknown>();

  constructor(
    private readonly clock: Clock,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Resolves once the state is passed on, or at once when it is dropped or waits for its window. */
  async offer(key: string, on: boolean, pass: (on: boolean) => Promise<void>): Promise<void> {
    const now = this.clock.now();
    const track = this.tracks.get(key);
    if (!track) {
      this.tracks.set(key, { on, at: now, onAt: on ? now : Number.NEGATIVE_INFINITY });
      return pass(on);
    }
    if (!on) this.cancel(track);
    else if (track.timer !== undefined) return;
    if (track.on === on && now - track.at < TYPING_REPEAT_MS) return;
    if (on && now - track.onAt < TYPING_WINDOW_MS) {
      const timer = this.clock.setTimeout(
        () => {
          this.waiting.delete(timer);
          track.timer = undefined;
          this.told(track, true, this.clock.now());
          pass(true).catch(this.onError);
        },
        track.onAt + TYPING_WINDOW_MS - now,
      );
      track.timer = timer;
      this.waiting.add(timer);
      return;
    }
    this.told(track, on, now);
    return pass(on);
  }

  /** Cancels the starts waiting for their window (a closing hub). */
  close(): void {
    for (const timer of this.waiting) this.clock.clearTimeout(timer);
    this.waiting.clear();
  }

  private told(track: Track, on: boolean, at: number): void {
    track.on = on;
    track.at = at;
    if (on) track.onAt = at;
  }

  private cancel(track: Track): void {
    if (track.timer === undefined) return;
    this.clock.clearTimeout(track.timer);
    this.waiting.delete(track.timer);
    track.timer = undefined;
  }
}
