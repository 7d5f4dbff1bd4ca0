import type { AssistFrame } from '@kefu/protocol';
import type { AgentClient } from '@kefu/sdk/agent';

/** What the console uses of the agent client (tests pass a fake with the same shape). */
export type ConsoleClient = Pick<
  AgentClient,
  | 'on'
  | 'connect'
  | 'disconnect'
  | 'accept'
  | 'join'
  | 'leave'
  | 'send'
  | 'note'
  | 'typing'
  | 'checkConnection'
  | 'markRead'
  | 'transfer'
  | 'assign'
  | 'pending'
  | 'ticket'
  | 'tags'
  | 'handback'
  | 'close'
  | 'loadOlder'
  | 'loadEarlier'
  | 'setStatus'
  | 'report'
  | 'conversation'
  | 'assistFor'
  | 'inbox'
  | 'profile'
  | 'canned'
  | 'photos'
  | 'groups'
  | 'uploadImage'
  | 'imageSrc'
  | 'refreshMessage'
  | 'knowledgeProposals'
  | 'decideProposal'
  | 'checkKnowledge'
  | 'knowledgeEntries'
  | 'knowledgeEntry'
  | 'saveKnowledgeEntry'
  | 'deleteKnowledgeEntry'
  | 'agentsOnline'
>;

export type Assist = Omit<AssistFrame, 'v' | 'type'>;
