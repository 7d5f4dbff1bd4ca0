/**
 * What the young-generation collector copied, from a server's `--trace-gc-nvp` lines:
 * `KEFU_BENCH_SERVER_FLAGS=--trace-gc-nvp tsx bench/hub-work.ts 15000 5000 2 > out.txt`, then
 * `tsx bench/gc-trace-summary.ts out.txt [messages]`. A scavenge's pause follows the bytes it copies
 * (those that survive it within the young generation and those it promotes), which a busy machine
 * changes far less than the pause itself. Only the lines after hub-work's header (the warm-up's
 * end) count; `messages` (those of every round) turns the totals into bytes per message.
 */
import { readFileSync } from 'node:fs';

const [file, messages] = process.argv.slice(2);
if (!file) throw new Error('usage: tsx bench/gc-trace-summary.ts <trace.txt> [messages]');
const lines = readFileSync(file, 'utf8').split('\n');
const start = lines.findIndex((l) => l.includes('messages at'));
const fields = (line: string) =>
  Object.fromEntries(
    line
      .split(' ')
      .filter((f) => f.includes('='))
      .map((f) => f.split('=') as [string, string]),
  );
const scavenges = { count: 0, pauseMs: 0, maxMs: 0, survived: 0, promoted: 0, allocated: 0 };
const marks = { count: 0, pauseMs: 0, maxMs: 0 };
for (const line of lines.slice(start + 1)) {
  const f = fields(line);
  if (f.gc === 's') {
    scavenges.count++;
    scavenges.pauseMs += Number(f.pause);
    scavenges.maxMs = Math.max(scavenges.maxMs, Number(f.pause));
    scavenges.survived += Number(f.new_space_survived);
    scavenges.promoted += Number(f.promoted);
    scavenges.allocated += Number(f.allocated);
  } else if (f.gc === 'mc') {
    marks.count++;
    marks.pauseMs += Number(f.pause);
    marks.maxMs = Math.max(marks.maxMs, Number(f.pause));
  }
}
const kb = (n: number) => (n / 1024).toFixed(0);
const per = (n: number) => (messages ? ` (${(n / Number(messages)).toFixed(0)} B/msg)` : '');
const { count } = scavenges;
console.log(
  `scavenges: ${count}, pause mean ${(scavenges.pauseMs / count).toFixed(1)} ms, max ${scavenges.maxMs.toFixed(1)} ms`,
);
console.log(
  `  per scavenge: survived ${kb(scavenges.survived / count)} KB, promoted ${kb(scavenges.promoted / count)} KB, allocated ${kb(scavenges.allocated / count)} KB`,
);
console.log(
  `  in all: survived ${kb(scavenges.survived)} KB${per(scavenges.survived)}, promoted ${kb(scavenges.promoted)} KB${per(scavenges.promoted)}`,
);
console.log(
  `mark-compacts (the bench's forced ones included): ${marks.count}, pause mean ${(marks.pauseMs / Math.max(1, marks.count)).toFixed(1)} ms, max ${marks.maxMs.toFixed(1)} ms`,
);
