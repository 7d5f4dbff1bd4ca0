/**
 * The thread that runs PGlite for {@link pgliteThreadClient}: it opens the database described by
 * its workerData, then answers each `{ id, text, params, prepare }` with `{ id, rows }` or
 * `{ id, error }`, one statement after the other in the order they came (through
 * `pgliteStatements`: statements marked `prepare` are prepared once, by name), and closes the
 * database on `{ close }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { pgliteStatements } from './pglite-statements.ts';
import type { PgliteThreadRequest, PgliteThreadResponse, PgliteThreadStart } from './pglite-thread-client.ts';

const port = parentPort;
if (!port) throw new Error('pglite-worker.ts runs as a worker thread');
const post = (message: PgliteThreadResponse) => port.postMessage(message);

const start = workerData as PgliteThreadStart;
let db: PGlite;
try {
  db = await PGlite.create({
    ...(start.options as PGliteOptions),
    ...(start.dataDir !== undefined && { dataDir: start.dataDir }),
    ...(start.loadDataDir && { loadDataDir: new Blob([start.loadDataDir]) }),
  });
  post({ ready: true });
} catch (error) {
  post({ failed: describe(error) });
  process.exit(1);
}

const run = pgliteStatements(db);

// Statements run strictly in arrival order: a transaction's BEGIN, its statements and its COMMIT
// arrive together from the one caller the client lets through meanwhile.
let tail: Promise<void> = Promise.resolve();
port.on('message', (request: PgliteThreadRequest) => {
  tail = tail.then(async () => {
    if ('close' in request) {
      await db.close();
      post({ id: request.id, rows: [] });
      port.close();
      return;
    }
    try {
      post({ id: request.id, rows: await run(request.text, request.params, request.prepare) });
    } catch (error) {
      post({ id: request.id, error: describe(error) });
    }
  });
});

/** What survives the trip to the main thread: the message and the fields the store reads (`code`). */
function describe(error: unknown): { message: string; fields: Record<string, unknown> } {
  if (!(error instanceof Error)) return { message: String(error), fields: {} };
  const { code, detail, constraint, severity } = error as Error & Record<string, unknown>;
  return { message: error.message, fields: { code, detail, constraint, severity } };
}
