import { type PGlite, parse, protocol } from '@electric-sql/pglite';

type BackendMessage = Awaited<ReturnType<PGlite['execProtocol']>>['messages'][number];

/** Named statements kept prepared at the most; beyond, the least recently used one is closed. */
const MAX_PREPARED = 64;
/** Texts remembered as seen once, at the most (forgotten all at once beyond). */
const MAX_SEEN = 1024;
/** SQLSTATE of "cached plan must not change result type": the table under a statement changed. */
const RESULT_TYPE_CHANGED = '0A000';

interface Statement {
  name: string;
  /** Parameter types, as PostgreSQL inferred them at Parse: they pick each value's serializer. */
  types: number[];
  /** The statement's RowDescription, kept from its Describe so an execution need not ask again. */
  description: BackendMessage | undefined;
}

/**
 * Runs statements on a PGlite database that one caller has to itself (the worker thread) in as
 * few calls into WebAssembly as the extended protocol allows. PGlite's `query` makes six calls per
 * statement (Parse, Describe, Bind, Describe, Execute, Sync), each with its own overhead; here an
 * unnamed statement takes two (Parse + Describe + Sync, for the parameter types that pick each
 * value's serializer, then Bind + Execute + Sync). A statement marked `prepare`, or any text that
 * comes a second time (the SQL store's multi-row INSERTs differ only by their row count), is
 * parsed and described once as a named statement, so each later execution is one call and reuses
 * the plan PostgreSQL caches for it, instead of parsing, analysing and planning the text again.
 * @example
 * const run = pgliteStatements(db);
 * const rows = await run('SELECT * FROM kefu.conversations WHERE id = $1', ['c_1'], true);
 */
export function pgliteStatements(db: PGlite) {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const prepared = new Map<string, Statement>();
  const seen = new Set<string>();
  let named = 0;

  const exec = async (...parts: Uint8Array[]) =>
    (await db.execProtocol(concat([...parts, protocol.serialize.sync()]))).messages;

  async function describe(text: string, name: string): Promise<Statement> {
    const messages = await exec(
      protocol.serialize.parse({ name, text }),
      protocol.serialize.describe({ type: 'S', name }),
    );
    return {
      name,
      types: parse.parseDescribeStatementResults(messages),
      description: messages.find((m) => m.name === 'rowDescription'),
    };
  }

  async function preparedStatement(text: string): Promise<Statement> {
    const known = prepared.get(text);
    if (known) {
      prepared.delete(text);
      prepared.set(text, known);
      return known;
    }
    const statement = await describe(text, `kefu_${++named}`);
    if (prepared.size >= MAX_PREPARED) await forget(prepared.keys().next().value!);
    prepared.set(text, statement);
    return statement;
  }

  async function forget(text: string) {
    const statement = prepared.get(text);
    prepared.delete(text);
    if (statement) await exec(protocol.serialize.close({ type: 'S', name: statement.name }));
  }

  /** True from the second time a text comes: one that repeats is worth preparing, marked or not. */
  function repeats(text: string): boolean {
    if (seen.has(text)) return true;
    if (seen.size >= MAX_SEEN) seen.clear();
    seen.add(text);
    return false;
  }

  return async function run(
    text: string,
    params: readonly unknown[] = [],
    prepare = false,
  ): Promise<unknown[]> {
    const named = prepare || prepared.has(text) || repeats(text);
    const statement = named ? await preparedStatement(text) : await describe(text, '');
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serialize = db.serializers[statement.types[i]!];
      return serialize ? serialize(value) : String(value);
    });
    let messages: BackendMessage[];
    try {
      messages = await exec(
        protocol.serialize.bind({ statement: statement.name, values }),
        protocol.serialize.execute(),
      );
    } catch (error) {
      // A migration changed the columns the statement returns: prepare it afresh, once.
      if (!named || (error as { code?: unknown }).code !== RESULT_TYPE_CHANGED) throw error;
      await forget(text);
      return run(text, params, prepare);
    }
    const described = statement.description ? [statement.description, ...messages] : messages;
    return parse.parseResults(described, db.parsers)[0]!.rows;
  };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}
