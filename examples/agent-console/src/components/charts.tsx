import type { Strings } from '../strings.ts';

/** How a chart's figures are read out: Chinese takes full-width punctuation (标题：甲 1，乙 2). */
type Punctuation = Pick<Strings, 'colon' | 'listSeparator'>;

/** Horizontal bars, one per row, in plain SVG; the figures are also written out as text. */
export function BarChart({
  title,
  rows,
  format,
  t,
}: {
  title: string;
  t: Punctuation;
  rows: { label: string; value: number | undefined }[];
  format: (value: number) => string;
}) {
  const max = Math.max(1e-9, ...rows.map((r) => r.value ?? 0));
  const rowH = 26;
  const labelW = 120;
  const barW = 220;
  const height = Math.max(rowH, rows.length * rowH);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <svg
        viewBox={`0 0 ${labelW + barW + 70} ${height}`}
        width="100%"
        role="img"
        aria-label={`${title}${t.colon}${rows.map((r) => `${r.label} ${r.value === undefined ? '—' : format(r.value)}`).join(t.listSeparator)}`}
      >
        {rows.map((r, i) => {
          const w = r.value === undefined ? 0 : Math.max(2, (r.value / max) * barW);
          const y = i * rowH;
          return (
            <g key={r.label}>
              <text x={labelW - 8} y={y + rowH / 2 + 4} text-anchor="end" class="label">
                {r.label.length > 14 ? `${r.label.slice(0, 13)}…` : r.label}
              </text>
              <rect x={labelW} y={y + 5} width={w} height={rowH - 10} rx={3} class="bar" />
              <text x={labelW + w + 6} y={y + rowH / 2 + 4} class="value">
                {r.value === undefined ? '—' : format(r.value)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** A small line over a series (oldest first), with its last value. */
export function Sparkline({
  title,
  points,
  t,
}: {
  title: string;
  points: { label: string; value: number }[];
  t: Punctuation;
}) {
  const w = 220;
  const h = 44;
  const max = Math.max(1, ...points.map((p) => p.value));
  const step = points.length > 1 ? w / (points.length - 1) : 0;
  const coords = points.map(
    (p, i) => `${(i * step).toFixed(1)},${(h - 4 - (p.value / max) * (h - 8)).toFixed(1)}`,
  );
  return (
    <figure class="spark">
      <figcaption>{title}</figcaption>
      <svg
        viewBox={`-2 0 ${w + 4} ${h}`}
        width={w}
        height={h}
        role="img"
        aria-label={`${title}${t.colon}${points.map((p) => `${p.label} ${p.value}`).join(t.listSeparator)}`}
      >
        {points.length > 1 ? <polyline points={coords.join(' ')} class="line" fill="none" /> : null}
        {points.map((p, i) => (
          <circle key={p.label} cx={i * step} cy={Number(coords[i]!.split(',')[1])} r={2.5} class="pt" />
        ))}
      </svg>
    </figure>
  );
}
