import { useState } from 'preact/hooks';
import type { Strings } from '../strings.ts';

interface Props {
  /** The bot answer being rated. */
  seq: number;
  /** Under an answer the shopper had seen (the panel drawn again after a reload): not read out again. */
  quiet?: boolean | undefined;
  t: Strings;
  onFeedback(seq: number, helpful: boolean): void;
  onHuman(): void;
}

/**
 * Under the bot's latest answer: was it helpful, and a way to a person that stays after the vote
 * (a shopper who just said "not helpful" is the one most likely to want a person).
 */
export function Feedback({ seq, quiet, t, onFeedback, onHuman }: Props) {
  const [given, setGiven] = useState<number | null>(null);
  const rate = (helpful: boolean) => {
    onFeedback(seq, helpful);
    setGiven(seq);
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of buttons, not a form with fields
    <div class="fb" role="group" aria-label={t.helpfulQuestion} aria-live={quiet ? 'off' : undefined}>
      {given === seq ? (
        <span>{t.feedbackThanks}</span>
      ) : (
        <>
          <span>{t.helpfulQuestion}</span>
          <button type="button" class="link" onClick={() => rate(true)}>
            {t.helpfulYes}
          </button>
          <button type="button" class="link" onClick={() => rate(false)}>
            {t.helpfulNo}
          </button>
        </>
      )}
      <button type="button" class="link" onClick={onHuman}>
        {t.talkToPerson}
      </button>
    </div>
  );
}
