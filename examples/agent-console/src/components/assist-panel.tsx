import { type ReplyLanguage, replyLanguage } from '../canned.ts';
import type { Assist } from '../console-client.ts';
import type { Suggestion } from '../console-drafts.ts';
import type { Strings } from '../strings.ts';

/**
 * Agent assist for the shopper's latest message: the intent, how upset they are, the top
 * knowledge-base answers and matching canned replies, each one click from the composer.
 */
export function AssistPanel({
  assist,
  t,
  onInsert,
  language,
}: {
  assist: Assist | undefined;
  t: Strings;
  /** The conversation's language: canned matches in it come first (the hub's order kept within each). */
  language?: ReplyLanguage | undefined;
  /** `suggestion` names the answer, so the reply sent from it can say where it came from. */
  onInsert: (text: string, suggestion: Suggestion) => void;
}) {
  const anger = assist ? Math.round(assist.understanding.anger * 100) : 0;
  const other = (reply: { title: string; text: string }) =>
    language && replyLanguage(reply) !== language ? 1 : 0;
  // A stable sort: within each language the hub's best match stays first.
  const canned = assist ? [...assist.canned].sort((a, b) => other(a) - other(b)) : [];
  return (
    <section class="panel assist" aria-labelledby="assist-title">
      <h2 id="assist-title">{t.assist}</h2>
      {!assist ? (
        <p class="muted">{t.assistEmpty}</p>
      ) : (
        <>
          <p class="signals">
            <span class="badge intent" data-intent={assist.understanding.intent}>
              {t.intent}
              {t.colon}
              {t.intents[assist.understanding.intent] ?? assist.understanding.intent}
            </span>{' '}
            {anger >= 50 ? (
              <span class="badge anger" data-anger={anger}>
                <span aria-hidden="true">⚠ </span>
                {t.anger(anger)}
              </span>
            ) : (
              <span class="badge calm">{t.calm}</span>
            )}
            {assist.image ? (
              <>
                {' '}
                <span class="badge image-label" data-image-label={assist.image.label}>
                  {t.imageRecognized}
                  {t.colon}
                  {t.imageLabels[assist.image.label] ?? assist.image.label}{' '}
                  {Math.round(assist.image.confidence * 100)}%
                </span>
              </>
            ) : null}
          </p>
          {assist.suggestions.length > 0 ? (
            <>
              <h3>{t.kbAnswers}</h3>
              <ul class="suggestions">
                {assist.suggestions.slice(0, 3).map((s) => (
                  <SuggestionItem
                    key={s.entryId}
                    data={{ 'data-entry': s.entryId }}
                    title={s.question}
                    note={`${Math.round(s.confidence * 100)}%`}
                    text={s.answer}
                    label={t.insertNamed(s.question)}
                    insert={t.insert}
                    onInsert={() => onInsert(s.answer, { kind: 'kb', id: s.entryId })}
                  />
                ))}
              </ul>
            </>
          ) : null}
          {canned.length > 0 ? (
            <>
              <h3>{t.cannedMatches}</h3>
              <ul class="suggestions">
                {canned.slice(0, 3).map((c) => (
                  <SuggestionItem
                    key={c.id}
                    data={{ 'data-canned': c.id }}
                    title={c.title}
                    {...(c.category ? { note: c.category } : {})}
                    text={c.text}
                    label={t.insertNamed(c.title)}
                    insert={t.insert}
                    onInsert={() => onInsert(c.text, { kind: 'canned', id: c.id })}
                  />
                ))}
              </ul>
            </>
          ) : null}
        </>
      )}
    </section>
  );
}

/** One suggestion: what it answers, its text, and the button that puts it in the composer. */
function SuggestionItem(props: {
  data: Record<string, string>;
  title: string;
  note?: string;
  text: string;
  label: string;
  insert: string;
  onInsert(): void;
}) {
  return (
    <li {...props.data}>
      <p class="q">
        {props.title} {props.note ? <span class="muted">{props.note}</span> : null}
      </p>
      <p class="a">{props.text}</p>
      <button type="button" class="small" aria-label={props.label} onClick={props.onInsert}>
        {props.insert}
      </button>
    </li>
  );
}
