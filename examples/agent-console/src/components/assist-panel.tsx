import type { Assist, Suggestion } from '../console-state.ts';
import type { Strings } from '../strings.ts';

/**
 * Agent assist for the shopper's latest message: the intent, how upset they are, the top
 * knowledge-base answers and matching canned replies, each one click from the composer.
 */
export function AssistPanel({
  assist,
  t,
  onInsert,
}: {
  assist: Assist | undefined;
  t: Strings;
  /** `suggestion` names the answer, so the reply sent from it can say where it came from. */
  onInsert: (text: string, suggestion: Suggestion) => void;
}) {
  const anger = assist ? Math.round(assist.understanding.anger * 100) : 0;
  return (
    <section class="panel assist" aria-labelledby="assist-title">
      <h2 id="assist-title">{t.assist}</h2>
      {!assist ? (
        <p class="muted">{t.assistEmpty}</p>
      ) : (
        <>
          <p class="signals">
            <span class="badge intent" data-intent={assist.understanding.intent}>
              {t.intent}: {t.intents[assist.understanding.intent] ?? assist.understanding.intent}
            </span>{' '}
            {anger >= 50 ? (
              <span class="badge anger" data-anger={anger}>
                <span aria-hidden="true">⚠ </span>
                {t.anger(anger)}
              </span>
            ) : (
              <span class="badge calm">{t.calm}</span>
            )}
          </p>
          {assist.suggestions.length > 0 ? (
            <>
              <h3>{t.kbAnswers}</h3>
              <ul class="suggestions">
                {assist.suggestions.slice(0, 3).map((s) => (
                  <li key={s.entryId} data-entry={s.entryId}>
                    <p class="q">
                      {s.question} <span class="muted">{Math.round(s.confidence * 100)}%</span>
                    </p>
                    <p class="a">{s.answer}</p>
                    <button
                      type="button"
                      class="small"
                      aria-label={t.insertNamed(s.question)}
                      onClick={() => onInsert(s.answer, { kind: 'kb', id: s.entryId })}
                    >
                      {t.insert}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {assist.canned.length > 0 ? (
            <>
              <h3>{t.cannedMatches}</h3>
              <ul class="suggestions">
                {assist.canned.slice(0, 3).map((c) => (
                  <li key={c.id} data-canned={c.id}>
                    <p class="q">
                      {c.title} {c.category ? <span class="muted">{c.category}</span> : null}
                    </p>
                    <p class="a">{c.text}</p>
                    <button
                      type="button"
                      class="small"
                      aria-label={t.insertNamed(c.title)}
                      onClick={() => onInsert(c.text, { kind: 'canned', id: c.id })}
                    >
                      {t.insert}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      )}
    </section>
  );
}
