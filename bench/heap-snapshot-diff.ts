/**
 * What a server kept between two heap snapshots (from `KEFU_BENCH_HEAP_SNAPSHOT=dir tsx
 * bench/hub-work.ts`), per message: `tsx bench/heap-snapshot-diff.ts before after [messages]
 * [count]`. Live bytes by kind of object (its constructor, or V8's name for internal ones); an
 * array's backing store, a string or a number is named with what holds it (`← Array` or
 * `← Object.text`), so the rows say whose they are. A snapshot holds only what survived a full
 * collection: the figures are retained bytes, not allocation (`bench/heap-profile-top.ts`).
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** Kinds whose own name says little: they are named with their first holder. */
const HELD = new Set(['array', 'string', 'concatenated string', 'sliced string', 'number', 'hidden']);

function tally(file: string, only?: (id: number) => boolean): Map<string, { bytes: number; count: number }> {
  const { snapshot, nodes, edges, strings } = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  ids = new Set();
  for (
    let i = snapshot.meta.node_fields.indexOf('id');
    i < nodes.length;
    i += snapshot.meta.node_fields.length
  )
    ids.add(nodes[i]!);
  const { node_fields, node_types, edge_fields, edge_types } = snapshot.meta;
  const nodeWidth = node_fields.length;
  const edgeWidth = edge_fields.length;
  const [typeAt, nameAt, sizeAt, edgeCountAt] = ['type', 'name', 'self_size', 'edge_count'].map((f) =>
    node_fields.indexOf(f),
  ) as [number, number, number, number];
  const [edgeTypeAt, edgeNameAt, toAt] = ['type', 'name_or_index', 'to_node'].map((f) =>
    edge_fields.indexOf(f),
  ) as [number, number, number];
  const nodeTypes = node_types[0];
  const edgeTypes = edge_types[0];
  const count = nodes.length / nodeWidth;
  const label = (n: number) => {
    const type = nodeTypes[nodes[n * nodeWidth + typeAt]!]!;
    const name = strings[nodes[n * nodeWidth + nameAt]!]!;
    if (type === 'object' || type === 'closure' || type === 'native')
      return name === 'Object' ? `Object${shape.get(n) ?? ''}` : name.slice(0, 60);
    if (type === 'array' || type === 'hidden') return `(${type}) ${name.slice(0, 40)}`;
    return `(${type})`;
  };
  // The first strong holder of each node, and the edge's name; a plain object's property names.
  const holder = new Int32Array(count).fill(-1);
  const via = new Array<string>(count);
  const shape = new Map<number, string>();
  let edge = 0;
  for (let n = 0; n < count; n++) {
    const edgesOf = nodes[n * nodeWidth + edgeCountAt]!;
    const plain = strings[nodes[n * nodeWidth + nameAt]!] === 'Object';
    const names: string[] = [];
    for (let e = 0; e < edgesOf; e++, edge += edgeWidth) {
      const edgeType = edgeTypes[edges[edge + edgeTypeAt]!]!;
      if (plain && edgeType === 'property') names.push(strings[edges[edge + edgeNameAt]!]!);
      if (edgeType === 'weak' || edgeType === 'shortcut') continue;
      const to = edges[edge + toAt]! / nodeWidth;
      if (holder[to] !== -1) continue;
      holder[to] = n;
      const name = edges[edge + edgeNameAt]!;
      via[to] =
        edgeType === 'element' || edgeType === 'hidden'
          ? ''
          : `.${edgeType === 'property' ? strings[name] : edgeType}`;
    }
    if (plain) shape.set(n, `{${names.slice(0, 8).join(',')}}`);
  }
  const out = new Map<string, { bytes: number; count: number }>();
  const idAt = node_fields.indexOf('id');
  for (let n = 0; n < count; n++) {
    if (only && !only(nodes[n * nodeWidth + idAt]!)) continue;
    const type = nodeTypes[nodes[n * nodeWidth + typeAt]!]!;
    let key = label(n);
    if (HELD.has(type) && holder[n]! >= 0) {
      const h = holder[n]!;
      // A backing store's holder is often a backing store itself (a Map's table): one level more.
      const hType = nodeTypes[nodes[h * nodeWidth + typeAt]!]!;
      const owner = HELD.has(hType) && holder[h]! >= 0 ? `${label(holder[h]!)} › ${label(h)}` : label(h);
      key = `${key} ← ${owner}${via[n] ?? ''}`;
    }
    const row = out.get(key) ?? { bytes: 0, count: 0 };
    row.bytes += nodes[n * nodeWidth + sizeAt]!;
    row.count++;
    out.set(key, row);
  }
  return out;
}

/** The ids of the nodes of the snapshot read last (V8 keeps an object's id from one snapshot to the next). */
let ids = new Set<number>();

const died = process.argv.includes('--died');
const [beforeFile, afterFile, messages = '1', shown = '30'] = process.argv
  .slice(2)
  .filter((a) => a !== '--died');
if (!beforeFile || !afterFile)
  throw new Error('usage: tsx bench/heap-snapshot-diff.ts [--died] <before> <after> [messages] [count]');
let before: ReturnType<typeof tally>;
let after: ReturnType<typeof tally>;
if (died) {
  // What was live in `before` and is gone in `after`: objects that lived long enough to be seen by
  // a full collection (so were promoted), then died: weight for the old generation's collector.
  tally(afterFile);
  const later = ids;
  before = new Map();
  after = tally(beforeFile, (id) => !later.has(id));
} else {
  before = tally(beforeFile);
  after = tally(afterFile);
}
const per = Number(messages);
const rows = [...after].map(([key, { bytes, count }]) => {
  const earlier = before.get(key) ?? { bytes: 0, count: 0 };
  return { key, bytes: (bytes - earlier.bytes) / per, count: (count - earlier.count) / per };
});
const total = rows.reduce((sum, r) => sum + r.bytes, 0);
console.log(`retained ${total.toFixed(0)} B per message (${per} messages)`);
console.log('  B/msg | objects/msg | kind ← holder');
for (const r of rows.sort((a, b) => b.bytes - a.bytes).slice(0, Number(shown)))
  console.log(`${r.bytes.toFixed(0).padStart(7)} | ${r.count.toFixed(2).padStart(11)} | ${r.key}`);
