import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { KefuError } from '@kefu/protocol';

// The worker is given as source, not a file: a `.ts` worker file would need the caller's loader
// (tsx, vitest), which a worker thread does not inherit. It does what `parseYaml` does (parse-yaml.ts):
// the yaml package's parse with duplicate keys checked in one pass, the same alias cap, the first
// error thrown; only its message crosses back.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { isScalar, parseDocument, visit } = require(workerData.yaml);
const where = (text, node) => {
  const offset = isScalar(node) ? node.range?.[0] : undefined;
  if (offset === undefined) return '';
  const before = text.slice(0, offset);
  return ' at line ' + before.split('\\n').length + ', column ' + (offset - before.lastIndexOf('\\n'));
};
const { text, maxKeys, maxJsonLength } = workerData;
class Refusal extends Error {}
try {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) throw doc.errors[0];
  visit(doc, {
    Map(_, map) {
      if (map.items.length > maxKeys) throw new Refusal('it has a map of more than ' + maxKeys + ' keys');
      const keys = new Set();
      for (const { key } of map.items) {
        const value = isScalar(key) ? key.value : key;
        if (keys.has(value)) throw new Error('Map keys must be unique' + where(text, key));
        keys.add(value);
      }
    },
  });
  const json = JSON.stringify(doc.toJS()) ?? 'null';
  if (json.length > maxJsonLength)
    throw new Refusal('its aliases repeat more than it holds: its data would be ' + json.length + ' characters of JSON');
  parentPort.postMessage({ ok: true, json });
} catch (error) {
  parentPort.postMessage({
    ok: false,
    refused: error instanceof Refusal,
    message: error instanceof Error ? error.message : String(error),
  });
}
`;

// Resolved at the first parse, not at import: a bundled `kefu` that never reads YAML then starts
// without the yaml package beside it.
let yamlModule: string | undefined;
const yamlModulePath = (): string => (yamlModule ??= createRequire(import.meta.url).resolve('yaml'));

/** One parse at a time per process: several imports at once would each take a core from the hub. */
let last: Promise<unknown> = Promise.resolve();
/** Parses accepted and not finished: the one running and those waiting, each holding its text. */
let pending = 0;
/**
 * Parses that may wait behind the running one. With the event loop free, a write key's imports
 * sent at once are all read while they wait: each waiting one holds its body (up to a MiB) for the
 * seconds each parse before it takes, so more than a few are refused, to be sent again.
 */
export const MAX_WAITING_YAML_PARSES = 4;

/** What {@link parseYamlOffThread} refuses to hand back, besides what the parser refuses. */
export interface YamlReadLimits {
  /** Keys of one map: the loop pays for a wide object when it reads the JSON, ~85 ms for 50,000. */
  maxKeys: number;
}

/**
 * The JSON handed back, at most this many characters for each one of YAML (plus a KiB). Quoting
 * doubles a flow list of one-letter words and escapes triple (`"\a"` is `"\u0007"`); people's files
 * come back at 0.9-1.0.
 * Aliases are what grows past it: the parser caps their count, not their size, and an anchored list
 * of 300 KB aliased 99 times came back as 30 MB, ~0.9 s of `JSON.parse` on the loop.
 */
export const MAX_YAML_JSON_GROWTH = 4;

/**
 * `parseYaml`'s result as JSON text, parsed on a worker thread, one at a time per process. The yaml
 * package takes ~3 µs a node on an idle core and several times that on a busy one: 1 MiB of
 * `[1,1,…]` or `- 1` lines imported over the API held the hub's event loop (every chat of the node)
 * for 3 s idle and 10-12 s on the demo's loaded host. Rejects with the parser's message (an `Error`)
 * for text that is not YAML or that needs more than {@link YAML_HEAP_MB_PER_MIB} of heap a MiB, with a
 * `rate_limited` KefuError when {@link MAX_WAITING_YAML_PARSES} already wait, and with an
 * `invalid_frame` KefuError for data past `limits`. JSON, because that is what crosses a thread cheaply and what a
 * knowledge base's data is (YAML's `.nan` and `.inf` become `null`, as no entry field is a number).
 * @example
 * const json = await parseYamlOffThread('entries:\n  - id: a\n'); // '{"entries":[{"id":"a"}]}'
 */
export function parseYamlOffThread(
  text: string,
  limits: YamlReadLimits = { maxKeys: Number.POSITIVE_INFINITY },
): Promise<string> {
  if (pending > MAX_WAITING_YAML_PARSES)
    return Promise.reject(
      new KefuError('rate_limited', 'other YAML files are being read: send this one again in a few seconds'),
    );
  pending++;
  const run = last.then(() => parseInWorker(text, limits)).finally(() => pending--);
  last = run.catch(() => undefined);
  return run;
}

/**
 * The parser's heap, per MiB of text (at least one MiB's worth). A knowledge base written as people
 * write YAML takes ~18 MB a MiB; a MiB of `[1,1,…]` took 450 MB, in the hub's own heap when it was
 * parsed there. Past the limit the worker is stopped and the file refused as too dense.
 */
export const YAML_HEAP_MB_PER_MIB = 64;

type WorkerAnswer = { ok: true; json: string } | { ok: false; refused: boolean; message: string };

function parseInWorker(text: string, { maxKeys }: YamlReadLimits): Promise<string> {
  const heapMb = Math.max(1, Math.ceil(text.length / 2 ** 20)) * YAML_HEAP_MB_PER_MIB;
  const maxJsonLength = MAX_YAML_JSON_GROWTH * text.length + 1024;
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { yaml: yamlModulePath(), text, maxKeys, maxJsonLength },
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
    let settled = false;
    worker.once('message', (answer: WorkerAnswer) => {
      settled = true;
      if (answer.ok) resolve(answer.json);
      else
        reject(answer.refused ? new KefuError('invalid_frame', answer.message) : new Error(answer.message));
    });
    worker.once('error', (error: Error & { code?: string }) => {
      settled = true;
      reject(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new Error(
              `too many lists, maps and values for its size: reading it took over ${heapMb} MB (a knowledge base takes about 18 MB a MiB)`,
            )
          : error,
      );
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the YAML parser stopped (exit code ${code})`));
    });
  });
}
