/**
 * Self time per function in a V8 CPU profile (from `KEFU_BENCH_PROFILE=dir pnpm bench hub memory`):
 * `tsx bench/cpu-profile-top.ts dir/hub/CPU.….0.001.cpuprofile [count] [fromSeconds]`. Idle time is
 * left out of the shares, so they say where the busy CPU went; `fromSeconds` skips the start (loading
 * modules, connecting the shoppers), so what remains is the load.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, count = '15', fromSeconds = '0'] = process.argv.slice(2);
if (!file) throw new Error('usage: tsx bench/cpu-profile-top.ts <file.cpuprofile> [count] [fromSeconds]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const root = fileURLToPath(new URL('..', import.meta.url));

const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<string, number>();
let busyUs = 0;
let idleUs = 0;
let at = 0;
profile.samples.forEach((id, i) => {
  at += profile.timeDeltas[i] ?? 0;
  if (at < Number(fromSeconds) * 1e6) return;
  // A sample's time is the delta to the next one.
  const us = profile.timeDeltas[i + 1] ?? 0;
  const { functionName, url, lineNumber } = byNode.get(id)!.callFrame;
  if (functionName === '(idle)') {
    idleUs += us;
    return;
  }
  busyUs += us;
  const where = url.startsWith('file://') ? relative(root, fileURLToPath(url)) : url;
  const key = `${functionName || '(anonymous)'}\t${where ? `${where}:${lineNumber + 1}` : ''}`;
  selfUs.set(key, (selfUs.get(key) ?? 0) + us);
});

console.log(`busy ${(busyUs / 1000).toFixed(0)} ms, idle ${(idleUs / 1000).toFixed(0)} ms`);
console.log('self ms | share | function | where');
for (const [key, us] of [...selfUs].sort((a, b) => b[1] - a[1]).slice(0, Number(count))) {
  const [name, where] = key.split('\t');
  console.log(
    `${(us / 1000).toFixed(0).padStart(7)} | ${((100 * us) / busyUs).toFixed(1).padStart(4)} % | ${name} | ${where}`,
  );
}
