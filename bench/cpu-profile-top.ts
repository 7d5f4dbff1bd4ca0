/**
 * Self time per function in a V8 CPU profile (from `KEFU_BENCH_PROFILE=dir pnpm bench hub memory`):
 * `tsx bench/cpu-profile-top.ts dir/hub/CPU.….0.001.cpuprofile [count] [fromSeconds]`. Idle time is
 * left out of the shares, so they say where the busy CPU went; `fromSeconds` skips the start (loading
 * modules, connecting the shoppers), so what remains is the load. For the callbacks that held the
 * event loop longest (a latency tail's cause), see `cpu-profile-stalls.ts`.
 */
import { describe, readProfile } from './cpu-profile.ts';

const [file, count = '15', fromSeconds = '0'] = process.argv.slice(2);
if (!file) throw new Error('usage: tsx bench/cpu-profile-top.ts <file.cpuprofile> [count] [fromSeconds]');
const { samples } = readProfile(file, Number(fromSeconds));

const selfUs = new Map<string, number>();
let busyUs = 0;
let idleUs = 0;
for (const { node, us } of samples) {
  if (node.callFrame.functionName === '(idle)') {
    idleUs += us;
    continue;
  }
  busyUs += us;
  const key = describe(node.callFrame);
  selfUs.set(key, (selfUs.get(key) ?? 0) + us);
}

console.log(`busy ${(busyUs / 1000).toFixed(0)} ms, idle ${(idleUs / 1000).toFixed(0)} ms`);
console.log('self ms | share | function where');
for (const [key, us] of [...selfUs].sort((a, b) => b[1] - a[1]).slice(0, Number(count))) {
  console.log(
    `${(us / 1000).toFixed(0).padStart(7)} | ${((100 * us) / busyUs).toFixed(1).padStart(4)} % | ${key}`,
  );
}
