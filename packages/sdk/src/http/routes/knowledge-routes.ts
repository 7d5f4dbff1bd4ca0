import { KefuError } from '@kefu/protocol';
import * as z from 'zod';
import { KnowledgeBaseError } from '../../faq/knowledge-base.ts';
import { decodeKnowledgeBaseBytes } from '../../faq/knowledge-base-encoding.ts';
import type { KnowledgeBaseFormat, KnowledgeEditor } from '../../faq/knowledge-editor.ts';
import { markupFindings } from '../../faq/markup-findings.ts';
import { type HubAdmin, NO_KNOWLEDGE_BASE } from '../../hub/admin.ts';
import { jsonShapeProblem, MAX_JSON_DEPTH, MAX_JSON_KEYS } from '../../json-shape.ts';
import { parseYamlOffThread } from '../../parse-yaml-off-thread.ts';
import { quotedInput } from '../../quoted-input.ts';
import { syntaxErrorLine } from '../../syntax-error-line.ts';
import { HttpError } from '../api-error.ts';
import { importNestsTooDeep } from '../import-nesting.ts';
import { briefKnowledgeBaseRefusal, editedBriefly } from '../knowledge-base-refusal.ts';
import { PreparedJson } from '../prepared-json.ts';
import { defineRoute } from '../route.ts';
import {
  DecidedProposalView,
  EntryId,
  KnowledgeDraftView,
  KnowledgeEntry,
  KnowledgeEntryView,
  KnowledgeProposalView,
  KnowledgeReportView,
  ProposalApproval,
} from '../schemas.ts';

const V1 = '/api/v1';
const tag = 'knowledge base';
const ById = z.object({ id: z.string().min(1).max(100) }).strict();
/** An entry's id in the path (decoded: `faq%3Aship` is `faq:ship`), by the parser's rule. */
const ByEntryId = z.object({ id: EntryId }).strict();

/** An edit of the knowledge base, its refusal quoting at most a short prefix of what was sent. */
const editing = editedBriefly;

const editor = (admin: HubAdmin): KnowledgeEditor => {
  if (!admin.knowledge) throw new KefuError('not_found', NO_KNOWLEDGE_BASE);
  return admin.knowledge;
};

const EntryList = z.object({ items: z.array(KnowledgeEntryView) });

/**
 * The list's answer per editor (one per hub), made once per revision: copying, checking and
 * encoding 10,000 entries cost ~70 ms of CPU per request, and a read key may ask 20 times a second.
 */
const listed = new WeakMap<KnowledgeEditor, { revision: number; answer: PreparedJson }>();

function entryList(kb: KnowledgeEditor): PreparedJson {
  const kept = listed.get(kb);
  if (kept?.revision === kb.revision) return kept.answer;
  // Read together, in one turn of the event loop: the entries are those of this revision.
  const revision = kb.revision;
  const answer = new PreparedJson(EntryList.parse({ items: kb.entries() }));
  listed.set(kb, { revision, answer });
  return answer;
}

/** Seconds a YAML import refused while others are parsed waits before it is sent again: about one parse of a MiB. */
const YAML_RETRY_AFTER_S = 5;

/** A YAML import's data as JSON text, parsed off the event loop; refused as a file load words it. */
async function yamlAsJson(text: string): Promise<string> {
  // A BOM is what Windows editors put first; the parser does not want it (as parseKnowledgeBaseAs).
  const body = text.replace(/^\uFEFF/, '');
  try {
    // As wide a map as a JSON import takes (refuseWide): the loop reads the data back as JSON.
    return await parseYamlOffThread(body, { maxKeys: MAX_JSON_KEYS });
  } catch (error) {
    if (error instanceof KefuError && error.code === 'rate_limited')
      throw new HttpError(429, error.code, error.message, { 'retry-after': String(YAML_RETRY_AFTER_S) });
    if (error instanceof KefuError) throw new KefuError(error.code, `the file is refused: ${error.message}`);
    throw new KnowledgeBaseError([{ path: '', message: `not valid YAML: ${syntaxErrorLine(error, body)}` }]);
  }
}

/**
 * A JSON file with an object of more than MAX_JSON_KEYS keys is refused before `JSON.parse`, on the
 * event loop, takes it whole: a megabyte of one object's keys cost ~0.4 s of CPU there, twenty times
 * a megabyte of text. An entry has ten keys; a file, three.
 */
function refuseWide(json: string): string {
  if (jsonShapeProblem(json, { maxDepth: MAX_JSON_DEPTH, maxKeys: MAX_JSON_KEYS }) === 'keys')
    throw new KefuError(
      'invalid_frame',
      `the file is refused: it has a map of more than ${MAX_JSON_KEYS} keys`,
    );
  return json;
}

/** The media types an import takes, and the format each means. */
const IMPORT_TYPES: Record<string, KnowledgeBaseFormat> = {
  'application/json': 'json',
  'text/csv': 'csv',
  'text/tab-separated-values': 'tsv',
  // RFC 9512 registers application/yaml; the others are what tools sent before it.
  'application/yaml': 'yaml',
  'application/x-yaml': 'yaml',
  'text/yaml': 'yaml',
  'text/x-yaml': 'yaml',
};

export const knowledgeRoutes = [
  defineRoute({
    method: 'GET',
    path: `${V1}/kb/entries`,
    errors: [404],
    scope: 'read',
    tag,
    summary:
      'Every knowledge-base entry (with an ETag: send it as If-None-Match for a 304 while nothing changed)',
    response: EntryList,
    etag: true,
    handle: async ({ admin }) => entryList(editor(admin)),
  }),
  defineRoute({
    method: 'GET',
    path: `${V1}/kb/entries/{id}`,
    errors: [404],
    scope: 'read',
    tag,
    summary: 'One entry',
    params: ByEntryId,
    response: KnowledgeEntryView,
    async handle({ params, admin }) {
      const entry = editor(admin).get(params.id);
      if (!entry) throw new KefuError('not_found', `no entry ${params.id}`);
      return entry;
    },
  }),
  defineRoute({
    method: 'PUT',
    path: `${V1}/kb/entries/{id}`,
    alsoStatus: [201],
    errors: [404],
    scope: 'write',
    tag,
    summary:
      'Create or replace an entry (the body is the whole entry; its id, if given, must be the path id)',
    params: ByEntryId,
    // The path names the entry: a body without id is saved under it (it was refused "expected string").
    body: KnowledgeEntry.extend({ id: EntryId.optional() }),
    response: KnowledgeEntryView,
    async handle({ params, body: given, admin, status }) {
      const body = { ...given, id: given.id ?? params.id };
      if (body.id !== params.id)
        throw new KefuError(
          'invalid_frame',
          `body.id "${quotedInput(body.id)}" is not the path's id "${quotedInput(params.id)}": an entry is saved under its path's id (to rename one, DELETE the old id and PUT the new)`,
        );
      const { created } = await editing(editor(admin).put(body));
      if (created) status(201);
      return body;
    },
  }),
  defineRoute({
    method: 'DELETE',
    path: `${V1}/kb/entries/{id}`,
    errors: [404],
    scope: 'write',
    tag,
    summary: 'Delete an entry',
    params: ByEntryId,
    status: 204,
    response: z.undefined(),
    async handle({ params, admin }) {
      if (!(await editor(admin).remove(params.id))) throw new KefuError('not_found', `no entry ${params.id}`);
      return undefined;
    },
  }),
  defineRoute({
    method: 'POST',
    path: `${V1}/kb/import`,
    errors: [404, 429],
    scope: 'write',
    tag,
    summary: 'Import a knowledge base file (JSON, CSV, TSV or YAML by Content-Type); all or nothing',
    query: z.object({ mode: z.enum(['merge', 'replace']).default('merge') }).strict(),
    body: z.string(),
    bodyTypes: Object.keys(IMPORT_TYPES),
    // As a file is read: Excel's "Unicode Text" (UTF-16) too, and GBK refused saying how to save it.
    decodeBody: (bytes) => {
      try {
        return decodeKnowledgeBaseBytes(bytes, 'the body');
      } catch (error) {
        throw briefKnowledgeBaseRefusal(error);
      }
    },
    response: z.object({
      imported: z.int(),
      total: z.int(),
      /**
       * The imported entries with HTML or Markdown pasted from a help centre, and the plain text the
       * chat shows of each. Imported all the same; `GET /kb/check` lists the rest.
       */
      warnings: z.array(z.object({ entryId: z.string(), message: z.string() })),
    }),
    async handle({ query, body, contentType, admin }) {
      const kb = editor(admin);
      const format = IMPORT_TYPES[contentType ?? ''] ?? 'json';
      if (importNestsTooDeep(body, format))
        throw new KefuError(
          'invalid_frame',
          `the file nests lists and maps more than ${MAX_JSON_DEPTH} levels deep`,
        );
      // YAML is parsed on a worker thread (see parse-yaml-off-thread.ts), then imported as the JSON it is.
      const { entries, ids } = await editing(
        format === 'yaml'
          ? yamlAsJson(body).then((json) => kb.importText(json, 'json', query.mode))
          : kb.importText(format === 'json' ? refuseWide(body) : body, format, query.mode),
      );
      const warnings = ids.flatMap((id) => {
        const entry = kb.get(id);
        return entry ? markupFindings(entry).map(({ entryId, message }) => ({ entryId, message })) : [];
      });
      return { imported: entries, total: kb.entries().length, warnings };
    },
  }),
  defineRoute({
    method: 'GET',
    path: `${V1}/kb/drafts`,
    scope: 'read',
    tag,
    summary: "Entries drafted from agents' replies, waiting for approval",
    response: z.object({ items: z.array(KnowledgeDraftView) }),
    handle: async ({ admin }) => ({ items: await admin.knowledgeDrafts() }),
  }),
  defineRoute({
    method: 'POST',
    path: `${V1}/kb/drafts/{id}/approve`,
    scope: 'write',
    tag,
    summary: 'Approve a draft: it becomes an entry with the same id',
    params: ById,
    errors: [404, 409],
    response: KnowledgeDraftView,
    handle: ({ params, admin }) => admin.reviewKnowledgeDraft(params.id, 'approved'),
  }),
  defineRoute({
    method: 'POST',
    path: `${V1}/kb/drafts/{id}/reject`,
    scope: 'write',
    tag,
    summary: 'Reject a draft',
    params: ById,
    errors: [404],
    response: KnowledgeDraftView,
    handle: ({ params, admin }) => admin.reviewKnowledgeDraft(params.id, 'rejected'),
  }),
  defineRoute({
    method: 'GET',
    path: `${V1}/kb/check`,
    errors: [404],
    scope: 'read',
    tag,
    summary:
      'The knowledge-base doctor: entries the engine confuses (with the colliding phrasings), unreachable, empty or duplicate ones, and where an alternate would help',
    response: KnowledgeReportView,
    handle: async ({ admin }) => admin.checkKnowledge(),
  }),
  defineRoute({
    method: 'GET',
    path: `${V1}/kb/proposals`,
    errors: [404],
    scope: 'read',
    tag,
    summary:
      'Learning from traffic: questions the bot missed and agents answered, grouped, as new alternates or entries; most asked first',
    response: z.object({ items: z.array(KnowledgeProposalView) }),
    handle: async ({ admin }) => ({ items: await admin.knowledgeProposals() }),
  }),
  defineRoute({
    method: 'POST',
    path: `${V1}/kb/proposals/{id}/approve`,
    scope: 'write',
    tag,
    summary: 'Approve a proposal, as proposed ({}) or edited: the knowledge base answers with it at once',
    params: ById,
    body: ProposalApproval,
    errors: [404, 409],
    response: DecidedProposalView,
    handle: ({ params, body, admin }) =>
      editing(
        admin.decideKnowledgeProposal(params.id, {
          verdict: 'approve',
          ...(body.kind ? { kind: body.kind } : {}),
          ...(body.entryId ? { entryId: body.entryId } : {}),
          ...(body.questions ? { questions: body.questions } : {}),
          ...(body.answer ? { answer: body.answer } : {}),
        }),
      ),
  }),
  defineRoute({
    method: 'POST',
    path: `${V1}/kb/proposals/{id}/reject`,
    scope: 'write',
    tag,
    summary: 'Reject a proposal: its questions stop being proposed',
    params: ById,
    errors: [404, 409],
    response: DecidedProposalView,
    handle: ({ params, admin }) => admin.decideKnowledgeProposal(params.id, { verdict: 'reject' }),
  }),
];
