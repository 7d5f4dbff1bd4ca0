/**
 * `pnpm test:under-load`: the whole suite with two CPU-bound processes beside it, as on a CI
 * machine shared with other work. A suite that passes only on an idle machine hides timing bugs.
 * Extra arguments go to Vitest (e.g. `pnpm test:under-load --project sdk`).
 */
import { spawn } from 'node:child_process';

const burners = [0, 1].map(() => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
const stopBurners = () => {
  for (const burner of burners) burner.kill('SIGKILL');
};
process.once('exit', stopBurners);
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));

const started = Date.now();
console.log('test:under-load: two CPU-bound processes run beside the suite');
const vitest = spawn('vitest', ['run', ...process.argv.slice(2)], { stdio: 'inherit', shell: false });
vitest.on('exit', (code, signal) => {
  stopBurners();
  console.log(`test:under-load: ${((Date.now() - started) / 1000).toFixed(0)} s, exit ${code ?? signal}`);
  process.exit(code ?? 1);
});
