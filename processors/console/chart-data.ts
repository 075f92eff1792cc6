import type { PromSeries } from './backends/prometheus';

/** a chart in uPlot's column format: shared x (unix seconds), one y column per series (null: no sample). */
export interface ChartData {
  labels: string[];
  columns: [number[], ...(number | null)[][]];
}

/** aligns Prometheus range series on their union of timestamps; `label` names each series. */
export function alignSeries(
  series: PromSeries[],
  label: (metric: Record<string, string>) => string,
): ChartData {
  const times = [...new Set(series.flatMap((s) => s.values.map(([t]) => t)))].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  const ordered = [...series].sort((a, b) => label(a.metric).localeCompare(label(b.metric)));
  const columns = ordered.map((s) => {
    const column: (number | null)[] = new Array(times.length).fill(null);
    for (const [t, v] of s.values) {
      const n = Number(v);
      column[index.get(t)!] = Number.isFinite(n) ? n : null;
    }
    return column;
  });
  return { labels: ordered.map((s) => label(s.metric)), columns: [times, ...columns] };
}
