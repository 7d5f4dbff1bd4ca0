import { type ReadonlySignal, signal } from '@preact/signals';
import { actionErrorText } from './action-error.ts';
import type { Attention } from './attention.ts';
import { bidiSafe } from './bidi-safe.ts';
import type { Strings } from './strings.ts';

/**
 * How the console speaks to the agent outside the desk's own lists: a flash over the desk (why an
 * action failed), and for new work and alerts a chime, a notification and a screen reader's line.
 * @example
 * const notices = consoleNotices(t, attention);
 * notices.attend(t.value.newConversation, 'Mei · 这件有 L 码吗？');
 */
export function consoleNotices(t: ReadonlySignal<Strings>, attention: Attention | undefined) {
  const flash = signal<string | undefined>(undefined);
  /** What the console last called the agent's attention to, for a screen reader's status region. */
  const announcement = signal('');
  const sound = signal(false);
  const permission = signal(attention?.permission() ?? 'unsupported');

  const report = (error: unknown) => {
    flash.value = t.value.failed(actionErrorText(error, t.value));
  };

  function attend(title: string, body: string): void {
    if (sound.value) attention?.chime();
    // The body quotes shoppers (names, their last words): U+202E there reordered the whole line.
    body = bidiSafe(body);
    attention?.notify(title, body);
    // A screen reader hears neither the chime nor a notification of a visible page.
    announcement.value = `${title}: ${body}`;
  }

  return {
    flash,
    announcement,
    sound,
    permission,
    report,
    attend,
    /** Asks for notification permission: call from a click. */
    async enableNotifications(): Promise<void> {
      if (!attention) return;
      permission.value = await attention.requestPermission();
    },
  };
}

export type ConsoleNotices = ReturnType<typeof consoleNotices>;
