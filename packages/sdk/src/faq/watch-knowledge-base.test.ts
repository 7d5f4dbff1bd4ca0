import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type KnowledgeBase, KnowledgeBaseError } from './knowledge-base.ts';
import { watchKnowledgeBase } from './watch-knowledge-base.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const kbJson = (answer: string) => JSON.stringify({ entries: [{ id: 'a', question: 'q', answer }] });

describe('watchKnowledgeBase', () => {
  it('reloads a valid edit and reports an invalid one without reloading', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kefu-kb-'));
    dirs.push(dir);
    const file = path.join(dir, 'faq.json');
    writeFileSync(file, kbJson('old'));
    const reloaded: KnowledgeBase[] = [];
    const errors: unknown[] = [];
    let wake: () => void = () => {};
    const stop = watchKnowledgeBase(
      file,
      (kb) => {
        reloaded.push(kb);
        wake();
      },
      (error) => {
        errors.push(error);
        wake();
      },
      20,
    );
    try {
      const next = () => new Promise<void>((resolve) => (wake = resolve));
      let event = next();
      writeFileSync(file, kbJson('new'));
      await event;
      expect(reloaded.at(-1)?.entries[0]?.answer).toBe('new');
      event = next();
      writeFileSync(file, '{ "entries": [ { "id": "a" } ] }');
      await event;
      expect(errors.length).toBeGreaterThan(0);
      expect(reloaded.at(-1)?.entries[0]?.answer).toBe('new');
      // Valid but empty (a header row alone): the bot would decline everything, so it is refused too.
      event = next();
      writeFileSync(file, JSON.stringify({ entries: [] }));
      await event;
      expect(errors.at(-1)).toBeInstanceOf(KnowledgeBaseError);
      expect(String(errors.at(-1))).toMatch(/has none now: the last version it had stays in use/);
      expect(reloaded).toHaveLength(1);
    } finally {
      stop();
    }
  });

  it("keeps reloading after the file is replaced by a rename (an editor's safe save, git, rsync)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kefu-kb-'));
    dirs.push(dir);
    const file = path.join(dir, 'faq.json');
    writeFileSync(file, kbJson('v0'));
    const answers: string[] = [];
    let wake: () => void = () => {};
    const stop = watchKnowledgeBase(
      file,
      (kb) => {
        answers.push(kb.entries[0]!.answer);
        wake();
      },
      () => {},
      20,
    );
    try {
      // Each save writes a new file beside it and renames it over the old one: a new inode each time.
      for (const answer of ['v1', 'v2', 'v3']) {
        const reloaded = new Promise<void>((resolve) => {
          wake = () => {
            if (answers.at(-1) === answer) resolve();
          };
        });
        writeFileSync(`${file}.tmp`, kbJson(answer));
        renameSync(`${file}.tmp`, file);
        await reloaded;
      }
      // An edit in place after the renames still counts.
      const inPlace = new Promise<void>((resolve) => {
        wake = () => {
          if (answers.at(-1) === 'v4') resolve();
        };
      });
      writeFileSync(file, kbJson('v4'));
      await inPlace;
      expect(answers.at(-1)).toBe('v4');
    } finally {
      stop();
    }
  });
});
