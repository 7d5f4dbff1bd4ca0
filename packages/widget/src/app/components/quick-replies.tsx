import type { QuickReply } from '@kefu/protocol';
import type { Strings } from '../strings.ts';

/** Suggested answers; a tap sends the label as text with the reply's payload. */
export function QuickReplies({
  replies,
  t,
  quiet,
  onPick,
}: {
  replies: QuickReply[];
  t: Strings;
  /** Not news (the panel drawn again after a reload): silent in the transcript's live region. */
  quiet?: boolean;
  onPick(r: QuickReply): void;
}) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset would bring a border and legend this row does not want
    <div class="qr" role="group" aria-label={t.quickReplies} aria-live={quiet ? 'off' : undefined}>
      {replies.map((r) => (
        <button key={r.payload} type="button" class="chip" onClick={() => onPick(r)}>
          {r.label}
        </button>
      ))}
    </div>
  );
}
