import { Worker } from 'node:worker_threads';
import type { PGliteOptions } from '@electric-sql/pglite';
import type { QueryOptions, SqlClient, SqlQuery } from './sql/sql-client.ts';

/** What the worker opens (see `pglite-worker.ts`). */
export interface PgliteThreadStart {
  dataDir?: string;
  loadDataDir?: ArrayBuffer;
  options: Omit<PGliteOptions, 'dataDir' | 'loadDataDir' | 'fs' | 'extensions'>;
}
export type PgliteThreadRequest =
  | { id: number; text: string; params: unknown[] | undefined; prepare: boolean }
  | { id: number; close: true };
export type PgliteThreadResponse =
  | { ready: true }
  | { failed: { message: string; fields: Record<string, unknown> } }
  | { id: number; rows: unknown[] }
  | { id: number; error: { message: string; fields: Record<string, unknown> } };

/**
 * A {@link SqlClient} on a PGlite database that runs in a worker thread. PGlite executes each
 * statement synchronously in WebAssembly, so in the hub's thread every statement stalls the hub
 * for its whole duration; in its own thread it runs beside the hub on another core, and the hub
 * only sends statements and receives rows. A transaction holds the database for itself: statements
 * asked for meanwhile are sent after its COMMIT or ROLLBACK.
 * @example
 * const client = await pgliteThreadClient({ dataDir: './.data/kefu', options: {} });
 * const store = await createSqlStore(client);
 */
export async function pgliteThreadClient(start: PgliteThreadStart): Promise<SqlClient> {
  const worker = startWorker(start);
  const pending = new Map<number, { resolve(rows: unknown[]): void; reject(error: Error): void }>();
  let gone: Error | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: PgliteThreadResponse) => {
      if ('ready' in message) return resolve();
      if ('failed' in message) return reject(toError(message.failed));
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (pending.size === 0) worker.unref();
      if ('error' in message) waiter?.reject(toError(message.error));
      else waiter?.resolve(message.rows);
    });
    const fail = (error: Error) => {
      gone = error;
      reject(error);
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the PGlite thread exited (code ${code})`)));
  });
  await ready;
  worker.unref();

  let next = 0;
  const request = <Row>(message: PgliteThreadRequest) =>
    new Promise<{ rows: Row[] }>((resolve, reject) => {
      if (gone) return reject(gone);
      pending.set(message.id, { resolve: (rows) => resolve({ rows: rows as Row[] }), reject });
      // The thread keeps the process alive only while a statement is waiting for it, as a socket would.
      worker.ref();
      worker.postMessage(message);
    });
  // The thread prepares the statements marked `prepare` once, by name (see `pgliteStatements`).
  const send = <Row>(text: string, params?: readonly unknown[], options?: QueryOptions) =>
    request<Row>({
      id: ++next,
      text,
      params: params as unknown[] | undefined,
      prepare: options?.prepare === true,
    });

  // Settles when the last transaction begun so far has ended; 0 open means statements go at once.
  let open = 0;
  let ended: Promise<void> = Promise.resolve();
  const tx: SqlQuery = { query: send };
  return {
    query: <Row>(text: string, params?: readonly unknown[], options?: QueryOptions) =>
      open === 0 ? send<Row>(text, params, options) : ended.then(() => send<Row>(text, params, options)),
    async transaction(fn) {
      const before = ended;
      let end!: () => void;
      ended = new Promise((resolve) => {
        end = resolve;
      });
      open++;
      try {
        await before;
        await send('BEGIN');
        try {
          const result = await fn(tx);
          await send('COMMIT');
          return result;
        } catch (error) {
          await send('ROLLBACK').catch(() => {});
          throw error;
        }
      } finally {
        open--;
        end();
      }
    },
    async close() {
      // Everything asked before close is answered first: the worker runs requests in order.
      await ended;
      if (gone) return;
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      await request({ id: ++next, close: true });
      // The answer unref'd the thread; held again, it keeps a process with nothing else to do
      // (`kefu migrate`) alive until the exit it waits for, instead of quitting with close() unsettled.
      worker.ref();
      await exited;
    },
  };
}

/**
 * The worker runs `pglite-worker.js` beside this file; run from source (tests, benchmarks, the
 * repo's CLI under tsx), it is `pglite-worker.ts`, and Node 20 does not hand the main thread's
 * TypeScript loader to worker threads: the thread registers tsx itself first.
 */
function startWorker(start: PgliteThreadStart): Worker {
  const options = { workerData: start, ...(start.loadDataDir && { transferList: [start.loadDataDir] }) };
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./pglite-worker.js', import.meta.url), options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./pglite-worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(code, { ...options, eval: true });
}

function toError({ message, fields }: { message: string; fields: Record<string, unknown> }): Error {
  return Object.assign(
    new Error(message),
    Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
  );
}
