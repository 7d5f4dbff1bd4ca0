import type { ConversationStatus, Message } from '@kefu/protocol';
import type { Clock } from '../clock.ts';
import type { StoredConversation } from '../store/store.ts';
import { isTransientFailure } from '../store/transient-failure.ts';
import type { BotReply } from './ask-bot.ts';
import type { ConversationOptions } from './conversation-options.ts';
import type { ConversationWrites } from './writes.ts';

/** Waits before each new try of a bot turn that failed for a passing reason: about a minute in all. */
export const DEFAULT_BOT_RETRY_MS: readonly number[] = [1000, 2000, 4000, 8000, 16000, 30000];

/**
 * What the tries of one bot turn (one shopper message) share: what a failed try found and got, so
 * the next goes on from there rather than starting over. Made with the turn; empty unless a try
 * fails, so a turn that succeeds at once pays one small object and no store round trip.
 */
export interface BotTurnMemo {
  /** Failed tries so far. */
  failures: number;
  /**
   * The status the first try found (a closed conversation's after its reopening): a later try
   * goes on only while it still holds. Taken by a person, closed or handed over meanwhile, the
   * conversation has moved on, and the bot stays out of it.
   */
  status?: ConversationStatus;
  /** The bot's reply the first try got: a later try posts it (under the same keys), not a new one. */
  reply?: BotReply;
  /** The failed bot turns counted with this turn, so a later try does not count it again. */
  failedBotTurns?: number;
  /** The payload handler left this message to the bot: a later try does not run it again. */
  payloadPassed?: boolean;
}

/** What retrying a bot turn needs: the schedule and clock, its waits, and where its last resort goes. */
export interface BotTurnRetryDeps extends Pick<ConversationWrites, 'record'> {
  readonly o: Pick<ConversationOptions, 'store' | 'logger' | 'botRetryMs'>;
  readonly retryWaits: RetryWaits;
  fault(what: string, error: unknown, conversationId?: string): void;
  escalate(conversation: StoredConversation, reason: string): Promise<void>;
}

/**
 * After a try of the bot's turn on `message` failed with `error`: while the failure is a passing
 * one (the store unreachable, timed out, briefly refusing: `isTransientFailure`), waits the
 * schedule's next step (`botRetryMs`) and tries again, still holding the conversation's turn, so
 * the answers keep the order of the questions. Each question is answered once: a try posts under
 * the keys of the shopper's message, so what an earlier try stored is not posted again.
 *
 * A turn that fails for good (the schedule is spent, the failure is not a passing one, the hub
 * closes) is not dropped silently: a fault (`hub.on('error')`, code `internal`), a `bot.failed`
 * event in the metrics' log, and, while the bot still has the conversation, a hand-over to people
 * with the reason. Never rejects.
 */
export async function retryBotTurn(
  d: BotTurnRetryDeps,
  conversationId: string,
  message: Message,
  attempt: () => Promise<void>,
  memo: BotTurnMemo,
  error: unknown,
): Promise<void> {
  for (;;) {
    memo.failures++;
    const transient = isTransientFailure(error);
    const wait = transient && !d.retryWaits.closed ? d.o.botRetryMs[memo.failures - 1] : undefined;
    if (wait === undefined) return giveUp(d, conversationId, message, memo, error, transient);
    d.o.logger.log('warn', 'bot.turn.retry', {
      conversation: conversationId,
      seq: message.seq,
      try: memo.failures + 1,
      inMs: wait,
      error: error instanceof Error ? error.message : String(error),
    });
    await d.retryWaits.wait(wait);
    try {
      await attempt();
      return;
    } catch (again) {
      error = again;
    }
  }
}

/** The last resort of a bot turn that failed for good: told, counted, and handed to people. */
async function giveUp(
  d: BotTurnRetryDeps,
  conversationId: string,
  message: Message,
  memo: BotTurnMemo,
  error: unknown,
  transient: boolean,
): Promise<void> {
  const tries = memo.failures;
  d.fault(`bot turn failed (${tries} ${tries === 1 ? 'try' : 'tries'})`, error, conversationId);
  d.record('bot.failed', conversationId, { data: { seq: message.seq, tries, transient } });
  try {
    // The shopper's question is still unanswered: a person answers it. Another failure here (the
    // store is still away) is told too; the shopper's next message starts a turn of its own.
    const c = await d.o.store.getConversation(conversationId);
    if (c?.state.status === 'bot') await d.escalate(c, 'the bot could not answer (a store failure)');
  } catch (handOver) {
    d.fault('hand-over after a failed bot turn', handOver, conversationId);
  }
}

/**
 * The waits between the tries of bot turns, on the hub's clock: `close` ends them all at once
 * (each turn makes its last try now) and makes later ones end at once, so a closing hub does not
 * wait out a minute of backoff.
 */
export class RetryWaits {
  private readonly waiting = new Set<() => void>();
  closed = false;

  constructor(private readonly clock: Clock) {}

  wait(ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        this.clock.clearTimeout(handle);
        this.waiting.delete(done);
        resolve();
      };
      const handle = this.clock.setTimeout(done, ms);
      this.waiting.add(done);
    });
  }

  close(): void {
    this.closed = true;
    for (const done of [...this.waiting]) done();
  }
}
