/**
 * The longest stretches of a V8 CPU profile in which the event loop ran one callback without a
 * break: what a latency tail is made of. `tsx bench/cpu-profile-stalls.ts <file.cpuprofile> [count]
 * [fromSeconds]` (profiles from `KEFU_BENCH_PROFILE=dir pnpm bench hub memory`). A stretch is a run
 * of samples with the same bottom frame (the callback the loop called: a socket read, a timer, an
 * immediate, the collector), ended by an idle sample or another callback; for each it prints when
 * it began, how long it held the loop and the functions that took most of it.
 */
import { type CallFrame, describe, type ProfileNode, readProfile } from './cpu-profile.ts';

const [file, count = '10', fromSeconds = '0'] = process.argv.slice(2);
if (!file) throw new Error('usage: tsx bench/cpu-profile-stalls.ts <file.cpuprofile> [count] [fromSeconds]');
const { samples, parentOf } = readProfile(file, Number(fromSeconds));

/** The frame just above the profile's root: the callback the event loop (or V8) ran. */
function bottom(node: ProfileNode): CallFrame {
  let n = node;
  for (let up = parentOf.get(n.id); up && parentOf.has(up.id); up = parentOf.get(up.id)) n = up;
  return n.callFrame;
}

interface Stretch {
  startUs: number;
  us: number;
  entry: string;
  selfUs: Map<string, number>;
}

const stretches: Stretch[] = [];
let current: Stretch | undefined;
for (const { node, atUs, us } of samples) {
  if (node.callFrame.functionName === '(idle)') {
    current = undefined;
    continue;
  }
  const entry = describe(bottom(node));
  if (current?.entry !== entry) {
    current = { startUs: atUs, us: 0, entry, selfUs: new Map() };
    stretches.push(current);
  }
  current.us += us;
  const self = describe(node.callFrame);
  current.selfUs.set(self, (current.selfUs.get(self) ?? 0) + us);
}

const ms = (us: number) => (us / 1000).toFixed(1);
console.log(`${stretches.length} stretches; the ${count} longest (at s, held ms, entry → most self time):`);
for (const s of stretches.sort((a, b) => b.us - a.us).slice(0, Number(count))) {
  const top = [...s.selfUs]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([name, us]) => `${name} ${ms(us)}`);
  console.log(
    `${(s.startUs / 1e6).toFixed(2).padStart(7)} s ${ms(s.us).padStart(7)} ms  ${s.entry}\n      → ${top.join('; ')}`,
  );
}
