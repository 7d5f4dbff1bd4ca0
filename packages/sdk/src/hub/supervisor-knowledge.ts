import {
  type AgentToHub,
  type HubToAgent,
  type KbFinding,
  type KbProposal,
  KefuError,
  LIMITS,
  PROTOCOL_VERSION,
  toStoredText,
} from '@kefu/protocol';
import { isSupervisor } from '../conversation/views.ts';
import type { KnowledgeBaseReport } from '../faq/check-knowledge-base.ts';
import type { KnowledgeEditor } from '../faq/knowledge-editor.ts';
import type { DecidedProposal, ProposalDecision } from '../learning/knowledge-learning.ts';
import type { KnowledgeProposal } from '../learning/knowledge-proposals.ts';
import type { AgentProfile } from '../seams/agents.ts';
import { fittingInOneFrame } from './frame-fitting.ts';
import { answerKbEntryRequest, type KbEntryRequest } from './supervisor-kb-entries.ts';

/** What a supervisor's console reaches of the back office (`HubAdmin`): the knowledge base's proposals and doctor. */
export interface SupervisorKnowledge {
  knowledgeProposals(): Promise<KnowledgeProposal[]>;
  decideKnowledgeProposal(proposalId: string, decision: ProposalDecision): Promise<DecidedProposal>;
  checkKnowledge(): Promise<KnowledgeBaseReport>;
  /** The entries' editor (the HTTP API's), when the hub has a knowledge base to edit. */
  readonly knowledge: KnowledgeEditor | undefined;
}

type KbRequest = Extract<AgentToHub, { type: 'kb.proposals' | 'kb.decide' | 'kb.check' }> | KbEntryRequest;

/**
 * Answers a supervisor's `kb.*` request: the frame to send back, or undefined for `ok`. Agents who
 * are not supervisors get `forbidden`.
 * @example
 * const answer = await answerKbRequest(profile, frame, knowledge);
 */
export async function answerKbRequest(
  profile: AgentProfile,
  frame: KbRequest,
  knowledge: SupervisorKnowledge,
): Promise<Extract<HubToAgent, { type: `kb.${string}` }> | undefined> {
  if (!isSupervisor(profile)) throw new KefuError('forbidden', 'the knowledge base is for supervisors');
  const re = frame.id ? { re: frame.id } : {};
  switch (frame.type) {
    case 'kb.entries':
    case 'kb.entry':
    case 'kb.save':
    case 'kb.delete':
      return answerKbEntryRequest(frame, knowledge.knowledge);
    case 'kb.proposals': {
      const proposals = await knowledge.knowledgeProposals();
      const items = fittingInOneFrame(proposals.map(toKbProposal));
      return { v: PROTOCOL_VERSION, type: 'kb.proposals', ...re, items, total: proposals.length };
    }
    case 'kb.decide':
      await knowledge.decideKnowledgeProposal(
        frame.proposalId,
        frame.verdict === 'reject'
          ? { verdict: 'reject' }
          : {
              verdict: 'approve',
              ...(frame.kind ? { kind: frame.kind } : {}),
              ...(frame.entryId ? { entryId: frame.entryId } : {}),
              ...(frame.questions ? { questions: frame.questions } : {}),
              ...(frame.answer ? { answer: frame.answer } : {}),
            },
      );
      return undefined;
    case 'kb.check': {
      const report = await knowledge.checkKnowledge();
      const findings = fittingInOneFrame(byGravity(report).map(toKbFinding));
      return {
        v: PROTOCOL_VERSION,
        type: 'kb.check',
        ...re,
        entries: report.entries,
        entriesWithFindings: report.entriesWithFindings,
        findings,
        total: report.findings.length,
      };
    }
  }
}

/** A proposal's wordings and the entry's question, as the frame allows them. */
const QUESTION_CHARS = 500;

function toKbProposal(p: KnowledgeProposal): KbProposal {
  const { questionIds: _ids, questions, target, answer, ...rest } = p;
  // Every text fits the frame's limits: the wordings are shoppers' own questions (up to
  // maxTextChars), and one longer than the frame allows made the whole kb.proposals frame
  // unreadable to the agent client, so no supervisor could review any proposal.
  return {
    ...rest,
    ...(target
      ? {
          target: {
            ...target,
            question: toStoredText(target.question, QUESTION_CHARS),
            answer: toStoredText(target.answer, LIMITS.maxTextChars),
          },
        }
      : {}),
    questions: questions
      .slice(0, 10)
      .map((q) => ({ text: toStoredText(q.text, QUESTION_CHARS), count: q.count })),
    // The agents' block of replies, joined: may be longer than one message.
    answer: toStoredText(answer, LIMITS.maxTextChars),
  };
}

const GRAVITY = { error: 0, warning: 1, info: 2 } as const;
function byGravity(report: KnowledgeBaseReport) {
  return [...report.findings].sort((a, b) => GRAVITY[a.severity] - GRAVITY[b.severity]);
}

function toKbFinding(f: KnowledgeBaseReport['findings'][number]): KbFinding {
  return {
    kind: f.kind,
    severity: f.severity,
    entryId: f.entryId.slice(0, 100) || '?',
    message: f.message.slice(0, 1000),
    ...('otherId' in f ? { otherId: f.otherId } : {}),
    ...('reachedId' in f ? { reachedId: f.reachedId } : {}),
    ...('phrasing' in f ? { phrasing: f.phrasing.slice(0, 500) } : {}),
    ...('otherPhrasing' in f ? { otherPhrasing: f.otherPhrasing.slice(0, 500) } : {}),
  };
}
