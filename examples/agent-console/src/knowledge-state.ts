import { isKefuError, type KbCheckFrame, type KbProposal } from '@kefu/protocol';
import type { AgentClient } from '@kefu/sdk/agent';
import { signal } from '@preact/signals';
import { createEntriesState, type EntriesClient } from './knowledge-entries-state.ts';

/** What the knowledge page uses of the agent client (supervisors' `kb.*` requests). */
export type KnowledgeClient = Pick<AgentClient, 'knowledgeProposals' | 'decideProposal' | 'checkKnowledge'> &
  EntriesClient;

/** A supervisor's approval, possibly edited: the questions to add, as alternates of an entry or as a new entry. */
export interface Approval {
  kind: KbProposal['kind'];
  entryId?: string;
  questions: string[];
  answer?: string;
}

export type KnowledgeCheck = Omit<KbCheckFrame, 'v' | 'type' | 're'>;

/**
 * The knowledge page's data: the proposals learned from traffic and the doctor's findings, both
 * asked for on demand (neither has a push event) and again after each decision.
 * @example
 * const kb = createKnowledgeState(client);
 * await kb.refresh();
 * await kb.approve(kb.proposals.value[0]!.id, { kind: 'entry', questions: ['能寄到香港吗'] });
 */
export function createKnowledgeState(client: KnowledgeClient) {
  const proposals = signal<KbProposal[] | undefined>(undefined);
  const total = signal(0);
  const check = signal<KnowledgeCheck | undefined>(undefined);
  /**
   * The hub has no knowledge base it edits (it refuses every `kb.*` request with `not_found`): the
   * page says so once instead of sections that can only fail.
   */
  const unavailable = signal(false);
  /** What failed last, kept as thrown: the page says it in its own language (the hub's message is English). */
  const error = signal<{ cause: unknown } | undefined>(undefined);
  /** The proposal being decided, so its buttons wait. */
  const deciding = signal<string | undefined>(undefined);
  /** What the last decision did, for a line of feedback. */
  const decided = signal<{ id: string; verdict: 'approve' | 'reject' } | undefined>(undefined);

  const failed = (e: unknown) => {
    error.value = { cause: e };
  };

  async function refresh(): Promise<void> {
    try {
      // The entries too, once listed: an approval adds an entry or phrasings, which the list
      // below the proposals showed as before until the page was reloaded.
      const [listed, report] = await Promise.all([
        client.knowledgeProposals(),
        client.checkKnowledge(),
        entries.items.value ? entries.search() : undefined,
      ]);
      proposals.value = listed.items;
      total.value = listed.total;
      check.value = report;
      error.value = undefined;
      unavailable.value = false;
    } catch (e) {
      // A list is never "not found" but for want of a knowledge base (a decision's is its proposal).
      if (isKefuError(e) && e.code === 'not_found') unavailable.value = true;
      else failed(e);
    }
  }

  async function decide(id: string, decision: Parameters<KnowledgeClient['decideProposal']>[1]) {
    deciding.value = id;
    try {
      await client.decideProposal(id, decision);
      decided.value = { id, verdict: decision.verdict };
      await refresh();
    } catch (e) {
      // Refused because the list changed under the card (its entry deleted, another supervisor
      // deciding it): show the list as it is now, and then why.
      decided.value = undefined;
      await refresh();
      failed(e);
    } finally {
      deciding.value = undefined;
    }
  }

  /** The entries and their editor; a save or delete refreshes the doctor's findings. */
  const entries = createEntriesState(client, async () => {
    try {
      check.value = await client.checkKnowledge();
    } catch (e) {
      failed(e);
    }
  });

  return {
    entries,
    proposals,
    total,
    check,
    unavailable,
    error,
    deciding,
    decided,
    refresh,
    approve: (id: string, approval: Approval) =>
      decide(id, {
        verdict: 'approve',
        kind: approval.kind,
        questions: approval.questions,
        ...(approval.entryId ? { entryId: approval.entryId } : {}),
        ...(approval.kind === 'entry' && approval.answer ? { answer: approval.answer } : {}),
      }),
    reject: (id: string) => decide(id, { verdict: 'reject' }),
  };
}

export type KnowledgeState = ReturnType<typeof createKnowledgeState>;
