import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { KefuError } from '@kefu/protocol';

/**
 * The data directory is open elsewhere (code `conflict`): in another live process (`pid`), or
 * already in this one.
 */
export class DataDirInUseError extends KefuError {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      'conflict',
      pid === process.pid
        ? `the data directory ${dataDir} is already open in this process`
        : `the data directory ${dataDir} is in use by process ${pid}: stop it first, or open another directory (two processes on one PGlite directory corrupt it)`,
    );
    this.name = 'KefuError';
  }
}

/** Lock files this process holds, so a second open here is refused as well, and all go at exit. */
const held = new Set<string>();
let exitHookSet = false;

/**
 * A data directory's owner: PGlite on the disk takes no lock of its own, and a second process
 * opening the same directory (a second `pnpm demo`, a script beside a running hub) corrupts it:
 * even its start-up writes (recovery, the control file) tear the first one's state, and the next
 * open dies with `Aborted()`. The lock is a file beside the directory (`<dir>.lock`) holding the
 * owner's process id, made with an exclusive create; one left by a process that is gone is taken
 * over. Throws {@link DataDirInUseError} (code `conflict`) naming the owner while it lives.
 * @example
 * const release = lockDataDir('./.data/kefu');
 * // … open PGlite on it …
 * release(); // after the database is closed
 */
export function lockDataDir(dataDir: string): () => void {
  const dir = resolve(dataDir);
  const file = `${dir}.lock`;
  if (held.has(file)) throw new DataDirInUseError(dir, process.pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = ownerOf(file);
      if (owner && owner.pid !== process.pid && alive(owner)) throw new DataDirInUseError(dir, owner.pid);
      // Left by a process that is gone (killed, crashed): take it over.
      unlinkSync(file);
      continue;
    }
    writeSync(fd, `${process.pid} ${startOf(process.pid) ?? ''}\n`);
    closeSync(fd);
    held.add(file);
    if (!exitHookSet) {
      exitHookSet = true;
      process.once('exit', () => {
        for (const f of held) unlinkQuietly(f);
      });
    }
    return () => {
      if (held.delete(file)) unlinkQuietly(file);
    };
  }
  throw new KefuError('conflict', `could not lock the data directory ${dir}`);
}

interface Owner {
  pid: number;
  /** When the process started, where the system says (Linux): tells a reused process id apart. */
  start?: string;
}

function ownerOf(file: string): Owner | undefined {
  try {
    const [pidText, start] = readFileSync(file, 'utf8').trim().split(' ');
    const pid = Number.parseInt(pidText ?? '', 10);
    if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
    return start ? { pid, start } : { pid };
  } catch {
    return undefined;
  }
}

/**
 * Whether the owner still runs: signal 0 checks the process exists (EPERM: under another user),
 * and its start time must be the recorded one, or the id was reused (a container restarted after
 * a crash gives out the same small ids again, to other processes).
 */
function alive(owner: Owner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const start = owner.start === undefined ? undefined : startOf(owner.pid);
  return start === undefined || start === owner.start;
}

/** A process's start time in clock ticks since boot, from /proc (Linux only; undefined elsewhere). */
function startOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The name in parentheses may hold spaces; the start time is the 20th field after it.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone (removed by hand, or the directory with it): nothing to release.
  }
}
