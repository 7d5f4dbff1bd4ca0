import { createHash } from 'node:crypto';
import {
  type AgentToHub,
  encodeFrame,
  type HubToAgent,
  type KbEntry,
  KbEntryFrame,
  type KbEntrySummary,
  KefuError,
  LIMITS,
  PROTOCOL_VERSION,
  toStoredText,
  utf8Length,
} from '@kefu/protocol';
import * as z from 'zod/mini';
import type { KnowledgeBaseEntry } from '../faq/knowledge-base.ts';
import { type KnowledgeEditor, NO_KNOWLEDGE_BASE } from '../faq/knowledge-editor.ts';
import { editedBriefly } from '../http/knowledge-base-refusal.ts';
import { knowledgeEntryInput } from '../http/knowledge-entry-input.ts';
import { fittingInOneFrame } from './frame-fitting.ts';

export type KbEntryRequest = Extract<
  AgentToHub,
  { type: 'kb.entries' | 'kb.entry' | 'kb.save' | 'kb.delete' }
>;
type KbEntryAnswer = Extract<HubToAgent, { type: 'kb.entries' | 'kb.entry' }>;

/**
 * Answers a supervisor's entry request (the caller checked they are one) through the same editor
 * and validation as the HTTP API's `/kb/entries`: a save reloads the engine, so the next shopper is
 * answered by it. The frame to send back, or undefined for `ok`.
 * @example
 * const answer = await answerKbEntryRequest(frame, hub.admin.knowledge);
 */
export async function answerKbEntryRequest(
  frame: KbEntryRequest,
  editor: KnowledgeEditor | undefined,
): Promise<KbEntryAnswer | undefined> {
  if (!editor) throw new KefuError('not_found', NO_KNOWLEDGE_BASE);
  const re = frame.id ? { re: frame.id } : {};
  switch (frame.type) {
    case 'kb.entries': {
      const query = frame.query?.trim().toLowerCase();
      const matching = editor.entries().filter((e) => !query || mentions(e, query));
      const items = fittingInOneFrame(matching.map(toSummary));
      return { v: PROTOCOL_VERSION, type: 'kb.entries', ...re, items, total: matching.length };
    }
    case 'kb.entry': {
      const entry = editor.get(frame.entryId);
      if (!entry) throw new KefuError('not_found', `no entry ${frame.entryId}`);
      return entryFrame(entry, re);
    }
    case 'kb.save': {
      const entry = knowledgeEntryInput(frame.entry);
      // Checked and put in one turn of the event loop (put changes the base before it awaits), so
      // no other edit on this node lands between them.
      expectUnchanged(editor, entry.id, frame.fingerprint, 'saved');
      await editedBriefly(editor.put(entry));
      return entryFrame(editor.get(entry.id) ?? entry, re);
    }
    case 'kb.delete':
      expectUnchanged(editor, frame.entryId, frame.fingerprint, 'deleted');
      if (!(await editedBriefly(editor.remove(frame.entryId))))
        throw new KefuError('not_found', `no entry ${frame.entryId}`);
      return undefined;
  }
}

/**
 * A save with a fingerprint replaces the entry read then; without one, it creates a new entry.
 * Refuses what would overwrite a colleague's work: the entry deleted meanwhile (`not_found`),
 * changed meanwhile or, for a new one, its id taken (`conflict`).
 */
function expectUnchanged(
  editor: KnowledgeEditor,
  id: string,
  fingerprint: string | undefined,
  what: 'saved' | 'deleted',
): void {
  const current = editor.get(id);
  if (fingerprint === undefined) {
    if (current && what === 'saved') throw new KefuError('conflict', `an entry ${id} exists already`);
    return;
  }
  if (!current) throw new KefuError('not_found', `no entry ${id}: it was deleted meanwhile`);
  if (fingerprintOf(current) !== fingerprint)
    throw new KefuError('conflict', `entry ${id} was changed meanwhile: open it again, then edit`);
}

/** What an entry is now, short: a change to any field changes it. */
export function fingerprintOf(entry: KnowledgeBaseEntry): string {
  return createHash('sha256').update(JSON.stringify(entry)).digest('base64url').slice(0, 22);
}

/**
 * The entry as a frame. One the protocol cannot carry (over a frame, more tags than it allows, a
 * character no store keeps, loaded from a file) is refused here, naming the API that can edit it:
 * the console would otherwise refuse the whole frame and wait for an answer that never came.
 */
function entryFrame(entry: KnowledgeBaseEntry, re: { re?: string }): KbEntryFrame {
  const frame = {
    v: PROTOCOL_VERSION,
    type: 'kb.entry' as const,
    ...re,
    entry: entry as KbEntry,
    fingerprint: fingerprintOf(entry),
  };
  if (!z.safeParse(KbEntryFrame, frame).success || utf8Length(encodeFrame(frame)) > LIMITS.maxFrameBytes)
    throw new KefuError(
      'frame_too_large',
      `entry ${entry.id} holds more than the console can edit: edit it through the HTTP API (/api/v1/kb/entries) or the file`,
    );
  return frame;
}

function mentions(e: KnowledgeBaseEntry, query: string): boolean {
  return [e.id, e.question, e.answer, ...e.alternatives].some((text) => text.toLowerCase().includes(query));
}

function toSummary(e: KnowledgeBaseEntry): KbEntrySummary {
  return {
    id: e.id,
    question: toStoredText(e.question, 500),
    alternatives: e.alternatives.length,
    ...(e.locale ? { locale: e.locale.slice(0, 35) } : {}),
  };
}
