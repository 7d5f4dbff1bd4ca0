import { isDeepStrictEqual } from 'node:util';
import { type Document, isMap, isNode, isScalar, isSeq, parseDocument, stringify } from 'yaml';
import type { KnowledgeBase } from './knowledge-base.ts';

/**
 * The text of a YAML knowledge-base file after an edit made elsewhere (the HTTP API, an approved
 * draft): `next` is written into the file's own document, so what did not change keeps its
 * comments, key order, quoting and line breaks. Entries are matched by id; what the parser fills
 * in (`tags: []`, `version: 1`) is not added where the file leaves it out. A file that is not a
 * YAML mapping any more is written afresh.
 * @example
 * await writeFile(path, editYamlKnowledgeBase(await readFile(path, 'utf8'), next));
 */
export function editYamlKnowledgeBase(text: string, next: KnowledgeBase): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return stringify(next);
  update(doc, doc.contents, next);
  return doc.toString();
}

/** `node` made to hold `value`, reusing the node (and what it carries) wherever the value allows. */
function update(doc: Document, node: unknown, value: unknown): unknown {
  if (isDeepStrictEqual(toJs(node), value)) return node;
  if (isScalar(node) && value !== null && typeof value !== 'object' && typeof node.value === typeof value) {
    node.value = value;
    return node;
  }
  if (isMap(node) && isRecord(value)) {
    for (const pair of [...node.items]) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (typeof key !== 'string' || !(key in value)) node.delete(pair.key);
    }
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined) continue;
      if (node.has(key)) node.set(key, update(doc, node.get(key, true), v));
      else if (!parserDefault(key, v)) node.set(key, create(doc, v));
    }
    return node;
  }
  if (isSeq(node) && Array.isArray(value)) {
    // The parser keeps the comment above the first item on the list: it belongs to that item.
    const first = node.items[0];
    if (node.commentBefore && isNode(first) && !first.commentBefore) {
      first.commentBefore = node.commentBefore;
      node.commentBefore = undefined;
    }
    const unused = [...node.items];
    node.items = value.map((v) => {
      const at = unused.findIndex((item) => sameItem(item, v));
      if (at === -1) return create(doc, v);
      const [item] = unused.splice(at, 1);
      return update(doc, item, v);
    });
    return node;
  }
  return create(doc, value);
}

/** A new node for `value`; a new mapping leaves out what the parser fills in, as a person would. */
function create(doc: Document, value: unknown): unknown {
  return isRecord(value) ? update(doc, doc.createNode({}), value) : doc.createNode(value);
}

/** An entry is the same one when its id is; anything else when its value is. */
function sameItem(node: unknown, value: unknown): boolean {
  if (isMap(node) && isRecord(value) && typeof value.id === 'string')
    return toJs(node.get('id', true)) === value.id;
  return isDeepStrictEqual(toJs(node), value);
}

/** A value the parser gives a key the file leaves out. */
function parserDefault(key: string, value: unknown): boolean {
  return (Array.isArray(value) && value.length === 0) || (key === 'version' && value === 1);
}

function toJs(node: unknown): unknown {
  return isNode(node) ? node.toJSON() : node;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
