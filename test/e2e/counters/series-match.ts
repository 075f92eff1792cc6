import { eventually, promQuery } from '../backends';

/**
 * waits until Prometheus holds, for `metric`, exactly the count written per `series_id`: no
 * series missing, none extra, no value off. On timeout the error lists what differs.
 */
export async function expectSeriesToMatch(
  metric: string,
  written: Map<string, number>,
  context = '',
): Promise<void> {
  const expected = Object.fromEntries([...written.entries()].sort());
  const total = [...written.values()].reduce((a, b) => a + b, 0);
  let last: Record<string, number> = {};
  await eventually(
    `prometheus to show all ${total} lines over ${written.size} series of ${metric}`,
    async () => {
      const samples = await promQuery(metric);
      last = Object.fromEntries(samples.map((s) => [s.metric.series_id, Number(s.value[1])]).sort());
      return JSON.stringify(last) === JSON.stringify(expected) ? true : undefined;
    },
    60_000,
    1000,
  ).catch((err: Error) => {
    const diff = Object.keys({ ...expected, ...last })
      .filter((k) => expected[k] !== last[k])
      .map((k) => `${k}: wrote ${expected[k]}, prometheus ${last[k]}`);
    throw new Error(`${err.message}\n${context}\n${diff.slice(0, 20).join('\n')}`);
  });
}
