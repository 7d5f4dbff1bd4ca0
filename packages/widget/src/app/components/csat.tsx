import { useState } from 'preact/hooks';
import type { Strings } from '../strings.ts';

/**
 * The survey's styles, added to the shadow root with it (it is a chunk of its own, `kefu-csat.js`).
 * Compact: the level beside the stars, a one-line comment box (its long placeholder on one line) with
 * the submit beside it (the global `textarea{flex:1}`), so on a 320×568 phone with the product strip
 * the submit shows whole, not below a fold (mobile QA, 2026-12-06).
 */
export const CSAT_CSS = `.csat{overflow:auto;display:flex;flex-wrap:wrap;align-items:center;gap:6px 8px;padding:10px 14px;border-top:1px solid var(--line)}
.csat fieldset{border:0;margin:0;padding:0;flex-basis:100%}.csat legend{padding:0;font-weight:600}
.stars{display:flex;align-items:center}.stars label{position:relative;cursor:pointer}
.stars input{position:absolute;inset:0;margin:0;opacity:0;cursor:pointer}
.stars span{display:block;padding:0 3px;font-size:28px;line-height:1.2;color:var(--mute)}.stars .on{color:#d97706}
.stars input:focus-visible+span{outline:2px solid var(--d,var(--a));border-radius:6px}
.csat textarea{border-radius:12px}.csat ::placeholder{white-space:nowrap}
.csat-level,.csat-note{margin:0 6px;font-size:12px;color:var(--mute)}`;

export interface CsatProps {
  t: Strings;
  /** Sends the rating; false when it could not be sent (offline): the survey stays for another try. */
  onRate(rating: number, comment: string): boolean;
}

/**
 * The satisfaction survey after a conversation with a person: five radio buttons (arrow keys
 * move between them, as in any radio group), an optional comment, and send. The caller hides it
 * once the hub has stored the rating (`state.rating`).
 */
export function Csat({ t, onRate }: CsatProps) {
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const [state, setState] = useState<'' | 'sent' | 'failed'>('');
  return (
    <form
      class="csat"
      onSubmit={(e) => {
        e.preventDefault();
        if (rating) setState(onRate(rating, comment.trim()) ? 'sent' : 'failed');
      }}
    >
      <fieldset>
        <legend>{t.csatTitle}</legend>
        <div class="stars">
          {t.csatLevels.map((label, i) => (
            <label key={label} title={label}>
              <input
                type="radio"
                name="kefu-csat"
                value={i + 1}
                checked={rating === i + 1}
                aria-label={label}
                onChange={() => setRating(i + 1)}
              />
              <span class={i < rating ? 'on' : ''} aria-hidden="true">
                ★
              </span>
            </label>
          ))}
          {rating ? <p class="csat-level">{t.csatLevels[rating - 1]}</p> : null}
        </div>
      </fieldset>
      <textarea
        rows={1}
        maxLength={1000}
        value={comment}
        placeholder={t.csatComment}
        aria-label={t.csatComment}
        onInput={(e) => setComment(e.currentTarget.value)}
      />
      <button type="submit" class="chip" disabled={!rating || state === 'sent'}>
        {t.csatSend}
      </button>
      {state === 'failed' ? (
        <p class="csat-note" role="alert">
          {t.notSent}
        </p>
      ) : null}
    </form>
  );
}
