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
    // Entries are found by id in a map: scanning the unused items for each entry was quadratic, and
    // an import that moves entries (merged ones go last) held the event loop 3.5 s at 4,000 of them.
    const byId = new Map<string, unknown[]>();
    const unused: unknown[] = [];
    for (const item of node.items) {
      const id = itemId(item);
      if (id === undefined) unused.push(item);
      else if (byId.has(id)) byId.get(id)!.push(item);
      else byId.set(id, [item]);
    }
    node.items = value.map((v) => {
      const item = isRecord(v) && typeof v.id === 'string' ? byId.get(v.id)?.shift() : takeEqual(unused, v);
      return item === undefined ? create(doc, v) : update(doc, item, v);
    });
    return node;
  }
  return create(doc, value);
}

/** A new node for `value`; a new mapping leaves out what the parser fills in, as a person would. */
function create(doc: Document, value: unknown): unknown {
  return isRecord(value) ? update(doc, doc.createNode({}), value) : doc.createNode(value);
}

/**
 * An entry is the same one when its id is (a mapping with a string `id`: the only items a value
 * with one can match, and never one without); anything else when its value is.
 */
function itemId(node: unknown): string | undefined {
  if (!isMap(node)) return undefined;
  const id = toJs(node.get('id', true));
  return typeof id === 'string' ? id : undefined;
}

/** The first of `items` equal to `value`, taken out of them. */
function takeEqual(items: unknown[], value: unknown): unknown {
  const at = items.findIndex((item) => isDeepStrictEqual(toJs(item), value));
  return at === -1 ? undefined : items.splice(at, 1)[0];
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
