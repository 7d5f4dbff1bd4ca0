/**
 * Knowledge-base doctor and editor on a 10,000-entry shop knowledge base (generated, see
 * shopKnowledgeBase): the doctor's time and peak memory, a one-entry merge through the editor (what
 * `POST /api/v1/kb/import` does), and a full load (engine build, then a replace import of the whole
 * file). `pnpm bench kb`, or `npx tsx --conditions=source bench/kb-doctor.ts` alone.
 * Goal (issue #13): a 10,000-entry knowledge base loaded in under 5 s.
 */
import { performance } from 'node:perf_hooks';
import { checkKnowledgeBase } from '../packages/sdk/src/faq/check-knowledge-base.ts';
import { createFaqEngine } from '../packages/sdk/src/faq/faq-engine.ts';
import { createKnowledgeEditor } from '../packages/sdk/src/faq/knowledge-editor.ts';
import { shopKnowledgeBase } from '../packages/sdk/src/faq/test-fixtures.ts';
import { describeGoal, goal, loadAverage } from './goals.ts';

/** Wall-clock ms; and CPU ms in `cpu`, which a machine busy with other work changes less. */
const cpu: Record<string, number> = {};
const timed = async <T>(name: string, work: () => T | Promise<T>): Promise<[T, number]> => {
  const start = performance.now();
  const startCpu = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(startCpu);
  cpu[`kb.${name}_cpu_ms`] = Math.round((used.user + used.system) / 1000);
  return [value, Math.round(performance.now() - start)];
};

export async function runKbDoctorBench(): Promise<Record<string, number>> {
  const kb = shopKnowledgeBase(10_000);
  const file = JSON.stringify(kb);

  const [engine, buildMs] = await timed('build', () => createFaqEngine(kb));
  const editor = createKnowledgeEditor({ base: kb, engine });
  // As the import route answers: the import, then the total from a copy of the entries.
  const [, replaceMs] = await timed('import_replace', async () => {
    await editor.importText(file, 'json', 'replace');
    return editor.entries().length;
  });
  const one = {
    version: 1,
    entries: [{ ...kb.entries[42]!, answer: `${kb.entries[42]!.answer} (updated)` }],
  };
  const [, mergeMs] = await timed('import_merge_one', async () => {
    await editor.importText(JSON.stringify(one), 'json', 'merge');
    return editor.entries().length;
  });

  const heapBefore = process.memoryUsage().heapUsed;
  const [report, doctorMs] = await timed('doctor', () => checkKnowledgeBase(kb));
  const doctorHeapMb = Math.round((process.memoryUsage().heapUsed - heapBefore) / 2 ** 20);
  const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);

  console.log(`load average ${loadAverage()}`);
  console.log(
    describeGoal(
      goal('KB build + replace import, 10,000 entries', buildMs + replaceMs, { below: 5000 }, 'ms'),
    ),
  );
  const kinds: Record<string, number> = {};
  for (const f of report.findings) kinds[f.kind] = (kinds[f.kind] ?? 0) + 1;
  console.log(`doctor findings: ${JSON.stringify(kinds)}`);
  return {
    'kb.entries': kb.entries.length,
    'kb.build_ms': buildMs,
    'kb.import_replace_ms': replaceMs,
    'kb.import_merge_one_ms': mergeMs,
    'kb.doctor_ms': doctorMs,
    'kb.doctor_heap_growth_mb': doctorHeapMb,
    'kb.max_rss_mb': maxRssMb,
    'kb.doctor_findings': report.findings.length,
    ...cpu,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runKbDoctorBench().then((r) => console.log(r));
}
