/**
 * Reads one gauge per label value out of Prometheus text, e.g. `kefu_agents_online{group="vip"} 2`
 * → `{ vip: 2 }`. Only what the dashboard needs: no escapes beyond `\"` and `\\`, no timestamps.
 * @example
 * readGauge(text, 'kefu_agents_online', 'group'); // { default: 2, vip: 1 }
 */
export function readGauge(text: string, name: string, label: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const close = line.lastIndexOf('}');
    const labels = line.slice(name.length + 1, close);
    const value = Number(
      line
        .slice(close + 1)
        .trim()
        .split(/\s+/)[0],
    );
    const match = new RegExp(`(?:^|,)${label}="((?:[^"\\\\]|\\\\.)*)"`).exec(labels);
    if (match && Number.isFinite(value)) out[match[1]!.replace(/\\(.)/g, '$1')] = value;
  }
  return out;
}
