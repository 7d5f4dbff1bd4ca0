import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pgliteInitdbSeedFile } from './pglite-seed.ts';
import { createPgliteStore } from './pglite-store.ts';
import type { Store } from './store.ts';

const CONVERSATIONS = 5;

/**
 * A process that opens the store on `dataDir` as the CLI does (PGlite in its own thread), then
 * appends messages without end, 20 at a time over five conversations so they share group
 * commits, and reports each one on stdout once its append has resolved (acknowledged). The new
 * folder starts from initdb's dump (`seed`), not initdb itself: seconds less, the same database.
 */
function writer(dataDir: string, seed: string): ChildProcess {
  const store = new URL('./pglite-store.ts', import.meta.url).href;
  const code = `
    const { createPgliteStore } = await import(${JSON.stringify(store)});
    const store = await createPgliteStore({ dataDir: ${JSON.stringify(dataDir)}, thread: true });
    for (let c = 0; c < ${CONVERSATIONS}; c++)
      await store.createConversation({ id: 'c_' + c, siteKey: 's', shopperId: 'p_' + c, state: { status: 'bot' }, createdAt: 1 });
    let n = 0;
    for (;;)
      await Promise.all(Array.from({ length: 20 }, async () => {
        const i = n++;
        const conversationId = 'c_' + (i % ${CONVERSATIONS});
        const { message } = await store.appendMessage({ id: 'm_' + i, conversationId, clientMsgId: 'k_' + i,
          author: { kind: 'shopper' }, content: { kind: 'text', text: 'hello ' + i }, createdAt: 2 + i });
        process.stdout.write('acked ' + message.id + ' ' + conversationId + ' ' + message.seq + '\\n');
      }));
  `;
  return spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', '--input-type=module', '-e', code],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, KEFU_PGLITE_SEED: seed } },
  );
}

let child: ChildProcess | undefined;
let reopened: Store | undefined;
let root: string | undefined;
afterEach(async () => {
  child?.kill('SIGKILL');
  await reopened?.close();
  if (root) await rm(root, { recursive: true, force: true });
  child = reopened = root = undefined;
});

describe('the PGlite store on a dataDir', () => {
  it('keeps every acknowledged message, once, when its process is killed (SIGKILL) mid-write', async () => {
    root = await mkdtemp(join(tmpdir(), 'kefu-pglite-kill-'));
    const dataDir = join(root, 'data');
    const running = writer(dataDir, await pgliteInitdbSeedFile());
    child = running;
    const acked = new Map<string, { conversationId: string; seq: number }>();
    const exited = new Promise((resolve) => running.once('exit', resolve));
    let buffered = '';
    await new Promise<void>((resolve, reject) => {
      running.once('exit', (code) => reject(new Error(`the writer exited (${code}) before 300 acks`)));
      running.stdout!.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) {
          const [, id, conversationId, seq] = line.split(' ');
          acked.set(id!, { conversationId: conversationId!, seq: Number(seq) });
        }
        // Killed while it is still writing: appends are in flight in both threads.
        if (acked.size >= 300) {
          running.kill('SIGKILL');
          resolve();
        }
      });
    });
    await exited;

    reopened = await createPgliteStore({ dataDir });
    const stored = new Map<string, { conversationId: string; seq: number }>();
    for (let c = 0; c < CONVERSATIONS; c++) {
      const messages = await reopened.listMessages(`c_${c}`, { afterSeq: 0, limit: 100_000 });
      // Gapless from 1, whatever was cut off at the kill.
      expect(messages.map((m) => m.seq)).toEqual(messages.map((_, i) => i + 1));
      for (const m of messages) stored.set(m.id, { conversationId: m.conversationId, seq: m.seq });
    }
    const lost = [...acked].filter(([id, at]) => JSON.stringify(stored.get(id)) !== JSON.stringify(at));
    expect(lost).toEqual([]);
    expect(stored.size).toBeGreaterThanOrEqual(acked.size);
  }, 180_000);
});
