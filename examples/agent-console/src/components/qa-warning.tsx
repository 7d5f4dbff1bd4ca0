import type { Held } from '../console-drafts.ts';
import { markMatches } from '../message-text.ts';
import type { Strings } from '../strings.ts';

/**
 * Quality inspection held a message back: the reasons, the message with the matched words
 * marked, and the two ways on — edit it, or send it anyway (still scored).
 */
export function QaWarning({
  held,
  t,
  onEdit,
  onSendAnyway,
}: {
  held: Held;
  t: Strings;
  onEdit: () => void;
  onSendAnyway: () => void;
}) {
  const words = held.violations.flatMap((v) => v.matches ?? []);
  return (
    <div class="qa-warning" role="alert" aria-labelledby="qa-title">
      <p id="qa-title" class="title">
        <span aria-hidden="true">⚠ </span>
        {t.qaTitle}
      </p>
      <ul>
        {held.violations.map((v) => (
          <li key={v.ruleId} data-rule={v.ruleId}>
            <span class={`badge ${v.severity}`}>{v.severity === 'block' ? t.qaBlock : t.qaWarn}</span>{' '}
            {v.message}
          </li>
        ))}
      </ul>
      <blockquote class="held-text">
        {markMatches(held.text, words).map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : p.text))}
      </blockquote>
      <div class="buttons">
        <button type="button" onClick={onEdit}>
          {t.qaEdit}
        </button>
        <button type="button" class="secondary danger" onClick={onSendAnyway}>
          {t.qaSendAnyway}
        </button>
      </div>
    </div>
  );
}
