/**
 * Bytes allocated per function in a V8 sampling heap profile (from `KEFU_BENCH_HEAP_PROFILE=dir
 * pnpm bench hub memory`): `tsx bench/heap-profile-top.ts dir/hub.<pid>.heapprofile [count]`. The
 * profile counts what was collected too, so the figures are allocation, not what is retained.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}

const [file, count = '25'] = process.argv.slice(2);
if (!file) throw new Error('usage: tsx bench/heap-profile-top.ts <file.heapprofile> [count]');
const { head } = JSON.parse(readFileSync(file, 'utf8')) as { head: HeapNode };
const root = fileURLToPath(new URL('..', import.meta.url));

const selfBytes = new Map<string, number>();
let total = 0;
const walk = (node: HeapNode, caller: string) => {
  const { functionName, url } = node.callFrame;
  const where = url.startsWith('file://') ? relative(root, fileURLToPath(url)) : url;
  const name = `${functionName || '(anonymous)'}\t${where}`;
  // Allocation inside a built-in (JSON.stringify, Array.prototype.map) is charged to its caller too.
  const key = where ? name : `${name} ← ${caller.split('\t')[0]}`;
  if (node.selfSize > 0) {
    selfBytes.set(key, (selfBytes.get(key) ?? 0) + node.selfSize);
    total += node.selfSize;
  }
  for (const child of node.children) walk(child, where ? name : caller);
};
walk(head, '');

console.log(`sampled ${(total / 2 ** 20).toFixed(0)} MB allocated`);
console.log('   MB | share | function | where');
for (const [key, bytes] of [...selfBytes].sort((a, b) => b[1] - a[1]).slice(0, Number(count))) {
  const [name, where] = key.split('\t');
  console.log(
    `${(bytes / 2 ** 20).toFixed(1).padStart(5)} | ${((100 * bytes) / total).toFixed(1).padStart(4)} % | ${name} | ${where}`,
  );
}
