import type { Note } from '@kefu/protocol';
import { channels } from '../bus/bus.ts';
import type { AgentProfile } from '../seams/agents.ts';
import type { AgentActionDeps } from './agent-action-deps.ts';

/** Stores and publishes a note whose author's right to write it was checked by the caller. */
export async function storeNote(
  d: Pick<AgentActionDeps, 'o'>,
  agent: Pick<AgentProfile, 'id' | 'name'>,
  conversationId: string,
  clientMsgId: string,
  text: string,
): Promise<Note> {
  const { note, duplicate } = await d.o.store.appendNote({
    id: d.o.ids('n'),
    conversationId,
    clientMsgId,
    author: { id: agent.id, name: agent.name },
    text,
    createdAt: d.o.clock.now(),
  });
  if (!duplicate)
    await d.o.bus.publish(channels.notes(conversationId), { kind: 'note', conversationId, note });
  return note;
}
