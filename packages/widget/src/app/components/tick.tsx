import type { Strings } from '../strings.ts';

/** Where one of the shopper's own messages is: queued here, stored by the hub, read by the shop. */
export type Tick = 'pending' | 'sent' | 'read';

const PATHS: Record<Tick, string> = {
  pending:
    'M8 2.5a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11zM8 1a7 7 0 1 1 0 14A7 7 0 0 1 8 1zm-.75 3h1.5v3.7l2.4 1.4-.75 1.3-3.15-1.85z',
  sent: 'M6.2 11.2 2.9 7.9l1.06-1.06L6.2 9.08l5.84-5.84 1.06 1.06z',
  read: 'M4.7 11.2 1.4 7.9l1.06-1.06L4.7 9.08l5.84-5.84 1.06 1.06zm4 0-.9-.9 1.06-1.06.9.9 5.28-5.84 1.06 1.06z',
};

/**
 * The tick, its state said to screen readers; `say` replaces that word with one shown to everyone
 * (a message waiting for the network says so, once, rather than "sending" beside it).
 */
export function TickMark({ tick, t, say }: { tick: Tick; t: Strings; say?: string }) {
  const label = say ?? t.tick[tick];
  return (
    <span class={`tk tk-${tick}`} data-tick={tick} title={label}>
      <svg viewBox="0 0 17 16" aria-hidden="true">
        <path d={PATHS[tick]} />
      </svg>
      <span class={say ? '' : 'sr'}>{label}</span>
    </span>
  );
}
