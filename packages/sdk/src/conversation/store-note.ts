import { LIMITS, type Note } from '@kefu/protocol';
import { channels } from '../bus/bus.ts';
import type { AgentProfile } from '../seams/agents.ts';
import { notesFull } from '../store/notes-full.ts';
import type { AgentActionDeps } from './agent-action-deps.ts';

/**
 * Stores and publishes a note whose author's right to write it was checked by the caller; past
 * `LIMITS.maxNotes` on the conversation, `conflict` (a join sends every note: they are bounded).
 */
export async function storeNote(
  d: Pick<AgentActionDeps, 'o'>,
  agent: Pick<AgentProfile, 'id' | 'name'>,
  conversationId: string,
  clientMsgId: string,
  text: string,
): Promise<Note> {
  const { note, duplicate } = await d.o.store.appendNote(
    {
      id: d.o.ids('n'),
      conversationId,
      clientMsgId,
      author: { id: agent.id, name: agent.name },
      text,
      createdAt: d.o.clock.now(),
    },
    { max: LIMITS.maxNotes },
  );
  if (!duplicate)
    await d.o.bus.publish(channels.notes(conversationId), { kind: 'note', conversationId, note });
  return note;
}

/**
 * Refuses an act that would carry a note (a transfer, an assign) before it acts, when the conversation
 * has no room for the note: the agent sends it again without one, and nothing was half done.
 */
export async function requireRoomForNote(
  d: Pick<AgentActionDeps, 'o'>,
  conversationId: string,
  note: string | undefined,
): Promise<void> {
  if (!note) return;
  if ((await d.o.store.listNotes(conversationId)).length >= LIMITS.maxNotes)
    throw notesFull(conversationId, LIMITS.maxNotes);
}
