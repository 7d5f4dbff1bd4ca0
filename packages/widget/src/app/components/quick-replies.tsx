import type { QuickReply } from '@kefu/protocol';
import type { Strings } from '../strings.ts';

/** Suggested answers; a tap sends the label as text with the reply's payload. */
export function QuickReplies({
  replies,
  t,
  onPick,
}: {
  replies: QuickReply[];
  t: Strings;
  onPick(r: QuickReply): void;
}) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset would bring a border and legend this row does not want
    <div class="qr" role="group" aria-label={t.quickReplies}>
      {replies.map((r) => (
        <button key={r.payload} type="button" class="chip" onClick={() => onPick(r)}>
          {r.label}
        </button>
      ))}
    </div>
  );
}
