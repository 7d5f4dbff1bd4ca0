import { isKefuError, type KbFinding, type KbProposal } from '@kefu/protocol';
import { useEffect, useRef, useState } from 'preact/hooks';
import { actionErrorText } from '../action-error.ts';
import type { KnowledgeState } from '../knowledge-state.ts';
import { KNOWLEDGE_STRINGS, type KnowledgeStrings } from '../knowledge-strings.ts';
import { STRINGS } from '../strings.ts';
import { EntryList } from './entry-list.tsx';
import { bidiSafe, Said } from './said.tsx';

/**
 * The supervisors' knowledge page: what the bot can learn from traffic (groups of questions it
 * missed and agents answered, to approve, edited if need be, or reject) and the knowledge-base
 * doctor's findings. Asks for both when it opens.
 */
export function KnowledgePage({ knowledge, lang }: { knowledge: KnowledgeState; lang: 'zh' | 'en' }) {
  const t = KNOWLEDGE_STRINGS[lang];
  useEffect(() => {
    void knowledge.refresh();
    void knowledge.entries.search();
  }, [knowledge]);
  const proposals = knowledge.proposals.value;
  const decided = knowledge.decided.value;
  // A decided card leaves the list, and the focus on its button with it (to the page's start):
  // it goes on to the card that took its place, or to the line saying what the decision did.
  const listed = useRef(proposals);
  useEffect(() => {
    const before = listed.current;
    listed.current = proposals;
    if (!decided || !before || !proposals || proposals.some((p) => p.id === decided.id)) return;
    if (document.activeElement && document.activeElement !== document.body) return;
    const at = before.findIndex((p) => p.id === decided.id);
    if (at < 0) return;
    const next = proposals[Math.min(at, proposals.length - 1)];
    const target = next
      ? document.querySelector<HTMLElement>(`[data-proposal="${next.id}"] input`)
      : document.getElementById('learn-decided');
    target?.focus();
  }, [proposals]);
  return (
    <main class="dashboard knowledge" aria-labelledby="knowledge-title">
      <div class="dash-head">
        <h1 id="knowledge-title">{t.title}</h1>
        <p class="muted">{t.intro}</p>
        <button type="button" class="secondary" onClick={() => void knowledge.refresh()}>
          {t.refresh}
        </button>
      </div>
      {knowledge.unavailable.value ? (
        <p class="notice" role="status">
          {t.noKnowledgeBase}
        </p>
      ) : null}
      {knowledge.error.value ? (
        <p class="flash" role="alert">
          {refusalOf(knowledge.error.value.cause, t) ??
            actionErrorText(knowledge.error.value.cause, STRINGS[lang])}
        </p>
      ) : null}
      {knowledge.unavailable.value ? null : (
        <>
          <section class="card-block" aria-labelledby="learn-title">
            <h2 id="learn-title">{t.learn}</h2>
            <p class="muted small">{t.learnIntro}</p>
            {decided ? (
              <p class="notice" role="status" id="learn-decided" tabIndex={-1}>
                {decided.verdict === 'approve' ? t.approved : t.rejected}
              </p>
            ) : null}
            {proposals === undefined ? null : proposals.length === 0 ? (
              <p class="muted">{t.noProposals}</p>
            ) : (
              <>
                {knowledge.total.value > proposals.length ? (
                  <p class="muted small">{t.shownOf(proposals.length, knowledge.total.value)}</p>
                ) : null}
                <ul class="proposals">
                  {proposals.map((p) => (
                    // Keyed by where it goes too: a card whose target entry was deleted meanwhile is
                    // drawn afresh (its choice and answer), not left pointing at the gone entry.
                    <ProposalCard
                      key={`${p.id}:${p.kind}:${p.target?.entryId ?? ''}`}
                      proposal={p}
                      knowledge={knowledge}
                      t={t}
                    />
                  ))}
                </ul>
              </>
            )}
          </section>
          <Doctor knowledge={knowledge} t={t} />
          <EntryList entries={knowledge.entries} t={t} lang={lang} />
        </>
      )}
    </main>
  );
}

/** A refused decision in the page's own words: the console's would speak of conversations. */
function refusalOf(cause: unknown, t: KnowledgeStrings): string | undefined {
  if (!isKefuError(cause)) return undefined;
  return cause.code === 'not_found' || cause.code === 'conflict' ? t.refused[cause.code] : undefined;
}

/** One group: its wordings (each can be left out), where it goes, the answer; approve or reject. */
function ProposalCard({
  proposal: p,
  knowledge,
  t,
}: {
  proposal: KbProposal;
  knowledge: KnowledgeState;
  t: KnowledgeStrings;
}) {
  const [kind, setKind] = useState(p.kind);
  const [left, setLeft] = useState<ReadonlySet<string>>(new Set());
  const [answer, setAnswer] = useState(p.answer);
  /** Wordings the supervisor changed (by the shopper's text), and the one being changed. */
  const [reworded, setReworded] = useState<Readonly<Record<string, string>>>({});
  const [rewording, setRewording] = useState<string | undefined>(undefined);
  const chosen = p.questions
    .map((q) => q.text)
    .filter((q) => !left.has(q))
    .map((q) => reworded[q]?.trim() || q);
  // Focus moves into the wording as it opens (Enter closes it, back on the card).
  useEffect(() => {
    if (rewording !== undefined) document.querySelector<HTMLElement>(`[data-reword="${p.id}"]`)?.focus();
  }, [rewording]);
  const busy = knowledge.deciding.value === p.id;
  const titleId = `proposal-${p.id}`;
  return (
    <li class="proposal" data-proposal={p.id} aria-labelledby={titleId}>
      <div class="proposal-head">
        <h3 id={titleId}>
          {/* Shoppers' own words: a U+202E in one made the supervisor approve what they did not read. */}
          <Said text={p.questions[0]?.text ?? ''} />
        </h3>
        <span class="count" data-count={p.count}>
          {t.asked(p.count, p.conversations)}
        </span>
        <span class="muted small">
          {t.misses(p.misses.refused, p.misses.suggested, p.misses.not_helpful)}
        </span>
      </div>
      <fieldset class="phrasings">
        <legend>{t.questions}</legend>
        {p.questions.map((q) => (
          <label key={q.text} class="inline">
            <input
              type="checkbox"
              checked={!left.has(q.text)}
              onChange={(e) => {
                const next = new Set(left);
                if ((e.currentTarget as HTMLInputElement).checked) next.delete(q.text);
                else next.add(q.text);
                setLeft(next);
              }}
            />
            <Said text={reworded[q.text] ?? q.text} />
            {q.count > 1 ? <span class="muted small"> ×{q.count}</span> : null}
          </label>
        ))}
        {p.questions.map((q, i) =>
          rewording === q.text ? (
            <label key={`edit-${q.text}`} class="phrasing-edit">
              <span>{t.phrasingText(i + 1)}</span>
              <input
                data-reword={p.id}
                value={reworded[q.text] ?? bidiSafe(q.text)}
                maxLength={500}
                onInput={(e) =>
                  setReworded({ ...reworded, [q.text]: (e.currentTarget as HTMLInputElement).value })
                }
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    setRewording(undefined);
                  }
                }}
              />
            </label>
          ) : (
            <button
              key={`edit-${q.text}`}
              type="button"
              class="link small"
              onClick={() => setRewording(q.text)}
            >
              {t.editPhrasing(bidiSafe(reworded[q.text] ?? q.text))}
            </button>
          ),
        )}
      </fieldset>
      <fieldset class="where">
        {p.target ? (
          <label class="inline">
            <input
              type="radio"
              name={`kind-${p.id}`}
              checked={kind === 'alternate'}
              onChange={() => setKind('alternate')}
            />
            {t.asAlternateOf(p.target.question)}
            <span class="muted small"> — {t.because(p.target.by, p.target.score)}</span>
          </label>
        ) : null}
        <label class="inline">
          <input
            type="radio"
            name={`kind-${p.id}`}
            checked={kind === 'entry'}
            onChange={() => setKind('entry')}
          />
          {t.asEntry}
        </label>
      </fieldset>
      {kind === 'alternate' && p.target ? (
        p.target.answer !== undefined ? (
          <>
            <p class="notice" data-effect="alternate">
              {t.alternateAnswerEffect}
            </p>
            <label class="answer" data-answer="entry">
              <span>{t.botAnswerOf(p.target.question)}</span>
              <textarea rows={3} value={p.target.answer} readOnly />
            </label>
          </>
        ) : (
          // An older hub does not send the entry's answer.
          <p class="notice" data-effect="alternate">
            {t.alternateEffect(p.target.question)}
          </p>
        )
      ) : null}
      <label class="answer">
        <span>{kind === 'entry' ? t.entryAnswer : t.answerNotKept}</span>
        <textarea
          rows={3}
          value={answer}
          readOnly={kind !== 'entry'}
          onInput={(e) => setAnswer((e.currentTarget as HTMLTextAreaElement).value)}
        />
      </label>
      <div class="actions">
        <button
          type="button"
          disabled={busy || chosen.length === 0 || (kind === 'entry' && answer.trim() === '')}
          onClick={() =>
            void knowledge.approve(p.id, {
              kind,
              questions: chosen,
              ...(kind === 'alternate' && p.target ? { entryId: p.target.entryId } : {}),
              ...(kind === 'entry' ? { answer: answer.trim() } : {}),
            })
          }
        >
          {t.approve}
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={() => void knowledge.reject(p.id)}>
          {t.reject}
        </button>
      </div>
    </li>
  );
}

/** The doctor's findings, errors first, with the phrasings that collide. */
function Doctor({ knowledge, t }: { knowledge: KnowledgeState; t: KnowledgeStrings }) {
  const check = knowledge.check.value;
  return (
    <section class="card-block" aria-labelledby="doctor-title">
      <h2 id="doctor-title">{t.doctor}</h2>
      {check ? (
        <>
          <p class="muted small">{t.doctorSummary(check.entries, check.entriesWithFindings)}</p>
          {check.findings.length === 0 ? (
            <p class="muted">{t.noFindings}</p>
          ) : (
            <div class="table-wrap">
              {/* Named, with column names, so a screen reader says what each cell is. */}
              <table class="findings" aria-labelledby="doctor-title">
                <thead>
                  <tr>
                    {Object.values(t.findingColumns).map((name) => (
                      <th key={name} scope="col">
                        {name}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {check.findings.map((f, i) => (
                    <tr key={`${f.kind}-${f.entryId}-${i}`} data-kind={f.kind} data-severity={f.severity}>
                      <td>
                        <span class={`sev sev-${f.severity}`}>{t.severity[f.severity]}</span>
                      </td>
                      <td>{t.kind[f.kind] ?? f.kind}</td>
                      <td>
                        <code>{f.entryId}</code>
                        {f.otherId ? (
                          <>
                            {' ↔ '}
                            <code>{f.otherId}</code>
                          </>
                        ) : null}
                      </td>
                      <td class="finding-detail">{detail(f, t)}</td>
                      <td>
                        {[f.entryId, ...(f.otherId ? [f.otherId] : [])].map((id) => (
                          <button
                            key={id}
                            type="button"
                            class="secondary"
                            onClick={() => void knowledge.entries.open(id)}
                          >
                            {t.edit(id)}
                          </button>
                        ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {check.total > check.findings.length ? (
            <p class="muted small">{t.moreFindings(check.total)}</p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

/** A finding in the console's language, from its kind and fields; the hub's (English) message only for the rest. */
function detail(f: KbFinding, t: KnowledgeStrings): string {
  if (f.phrasing && f.otherPhrasing) return t.collides(f.phrasing, f.otherPhrasing);
  if (f.phrasing && f.reachedId) return t.reaches(f.phrasing, f.reachedId);
  if (f.kind === 'needs_alternate' && f.phrasing) return t.needsAlternate(f.phrasing);
  if (f.kind === 'duplicate_phrasing' && f.phrasing) return t.samePhrasing(f.phrasing);
  if (f.kind === 'duplicate_answer') return t.sameAnswer;
  return f.message;
}
