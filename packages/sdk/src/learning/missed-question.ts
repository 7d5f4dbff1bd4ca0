import type { Message } from '@kefu/protocol';
import { FAQ_PAYLOAD_PREFIX } from '../faq/faq-answerer.ts';
import type { QuestionMiss } from '../store/learned-questions.ts';
import type { EventRecord } from '../store/store.ts';
import { classifyIntent } from '../understand/classify-intent.ts';

/** A shopper question the bot missed, and the agent's answer to it so far. */
export interface MissedQuestion {
  questionSeq: number;
  question: string;
  answer: string;
  miss: QuestionMiss;
  entryId?: string;
}

/** How the bot's turn after a shopper message went. */
type Outcome =
  | { kind: 'answered' }
  | { kind: 'missed'; miss: QuestionMiss; entryId?: string }
  | { kind: 'none' };

/**
 * The question an agent's reply (message `replySeq`) answers, when it is one the bot missed: the
 * shopper's latest real question before the reply (not a tapped button, a request for a person or a
 * greeting) whose bot turn declined, offered a "did you mean" the shopper did not take, or answered
 * and was marked not helpful. The answer is the agent's block of text replies to it: the first
 * reply and those that follow before the shopper writes again. Messages the shopper wrote while
 * waiting for a person (no bot turn) are passed over. Null when the reply answers no missed question.
 *
 * @param messages the conversation's messages in seq order, up to the reply at least
 * @param events its `bot.answer` and `feedback` events
 * @example
 * missedQuestion(messages, events, 9); // { questionSeq: 4, question: '能寄到香港吗', answer: '可以…', miss: 'refused' }
 */
export function missedQuestion(
  messages: readonly Message[],
  events: readonly EventRecord[],
  replySeq: number,
): MissedQuestion | null {
  const bySeq = new Map(messages.map((m, i) => [m.seq, i]));
  const replyAt = bySeq.get(replySeq);
  const reply = replyAt === undefined ? undefined : messages[replyAt];
  if (reply?.author.kind !== 'agent' || reply.content.kind !== 'text') return null;

  const answers = new Map<number, string | null>();
  const unhelpful = new Set<number>();
  for (const e of events) {
    const seq = e.data?.seq;
    if (typeof seq !== 'number') continue;
    if (e.kind === 'bot.answer')
      answers.set(seq, typeof e.data?.entryId === 'string' ? e.data.entryId : null);
    // The latest verdict on an answer counts, as in the reports and escalation: a shopper who
    // took back a "not helpful" was helped.
    else if (e.kind === 'feedback' && e.data?.helpful === false) unhelpful.add(seq);
    else if (e.kind === 'feedback' && e.data?.helpful === true) unhelpful.delete(seq);
  }

  // The bot's turn after the shopper message at index i: its messages up to the shopper's next one.
  const outcome = (i: number): Outcome => {
    for (let j = i + 1; j < messages.length && messages[j]!.author.kind !== 'shopper'; j++) {
      const m = messages[j]!;
      if (m.author.kind !== 'bot' || !answers.has(m.seq)) continue;
      const entryId = answers.get(m.seq);
      if (entryId)
        return unhelpful.has(m.seq) ? { kind: 'missed', miss: 'not_helpful', entryId } : { kind: 'answered' };
      // A "did you mean" the shopper took is answered by the tap that follows.
      const next = nextShopper(messages, j);
      const tap = next === undefined ? undefined : messages[next];
      if (offersEntries(m) && tap && tappedEntry(tap)) {
        const tapped = outcome(next!);
        return tapped.kind === 'none' ? { kind: 'missed', miss: 'suggested' } : tapped;
      }
      return { kind: 'missed', miss: offersEntries(m) ? 'suggested' : 'refused' };
    }
    return { kind: 'none' };
  };

  let answered = false;
  for (let i = replyAt! - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.author.kind === 'agent' && m.content.kind === 'text') answered = true;
    if (m.author.kind !== 'shopper' || m.content.kind !== 'text') continue;
    if (tappedEntry(m) || aside(m.content.text)) continue;
    const turn = outcome(i);
    if (turn.kind === 'answered') return null;
    // Written to a person: passed over, unless the agent had already replied (a new exchange).
    if (turn.kind === 'none') {
      if (answered) return null;
      continue;
    }
    const parts: string[] = [];
    for (let j = i + 1; j <= replyAt!; j++) {
      const later = messages[j]!;
      if (later.author.kind === 'shopper' && parts.length > 0) return null;
      if (later.author.kind === 'agent' && later.content.kind === 'text') parts.push(later.content.text);
    }
    return {
      questionSeq: m.seq,
      question: m.content.text,
      answer: parts.join('\n'),
      miss: turn.miss,
      ...(turn.entryId ? { entryId: turn.entryId } : {}),
    };
  }
  return null;
}

function nextShopper(messages: readonly Message[], from: number): number | undefined {
  for (let j = from + 1; j < messages.length; j++) if (messages[j]!.author.kind === 'shopper') return j;
  return undefined;
}

/** A "did you mean": buttons that ask for entries. */
function offersEntries(m: Message): boolean {
  return (
    m.content.kind === 'quick_replies' &&
    m.content.replies.some((r) => r.payload.startsWith(FAQ_PAYLOAD_PREFIX))
  );
}

function tappedEntry(m: Message): boolean {
  return m.content.kind === 'text' && (m.content.payload?.startsWith(FAQ_PAYLOAD_PREFIX) ?? false);
}

/** Not a question for the knowledge base: asking for a person, or only a greeting. */
function aside(text: string): boolean {
  const { intent } = classifyIntent(text);
  return intent === 'ask_for_human' || intent === 'greeting';
}
