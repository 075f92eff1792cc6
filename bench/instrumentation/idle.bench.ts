import { loadavg } from 'node:os';
import { PINNED, rerunOnCore1 } from '../cores';
import { cpuSeconds } from '../proc-cpu';
import { helpRequested } from '../usage';
import { arms, startArm } from './arms';
import { startOtlpEndpoint } from './otlp-endpoint';

if (
  helpRequested(
    'usage: npm run bench:instrumentation:idle [-- <seconds> <rounds>]   (defaults 20 3)\n' +
      'env: BENCH_VARIANTS (JSON: arm name -> environment of an extra agent-otel arm)',
  )
)
  process.exit(0);

// what an agent costs while it waits: most agents of a fleet sit idle between model calls and
// tasks, so what the SDK burns per second with no request at all adds up over dozens of them.
// every arm's server runs side by side on core 0, with no load, exporting to the collector on
// core 1; each round reads every server's CPU time over the same window, so a slow moment of the
// machine falls on all arms alike. the first seconds after start (module loading, the first
// exports) are left out.

const seconds = Number(process.argv[2] ?? 20);
const rounds = Number(process.argv[3] ?? 3);
const START_MS = 5_000;

async function main(): Promise<void> {
  if (rerunOnCore1()) return;
  const ARMS = arms();
  const endpoint = await startOtlpEndpoint(PINNED, ARMS.length);
  const servers: Awaited<ReturnType<typeof startArm>>[] = [];
  try {
    for (const [i, arm] of ARMS.entries())
      servers.push(await startArm(arm, { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint.urls[i]! }));
    console.log(`${PINNED ? 'servers on core 0, collector on core 1' : 'taskset not found: unpinned'}`);
    console.log(`load average at start: ${loadavg()[0]!.toFixed(1)}`);
    await new Promise((r) => setTimeout(r, START_MS));
    const perSecond: number[][] = ARMS.map(() => []);
    for (let round = 0; round < rounds; round++) {
      const before = servers.map((s) => cpuSeconds(s.child.pid));
      await new Promise((r) => setTimeout(r, seconds * 1000));
      const after = servers.map((s) => cpuSeconds(s.child.pid));
      for (const [i] of ARMS.entries()) {
        const [from, to] = [before[i], after[i]];
        perSecond[i]!.push(
          from !== undefined && to !== undefined ? ((to - from) * 1000) / seconds : Number.NaN,
        );
      }
      console.log(
        `round ${round + 1}: ${ARMS.map((a, i) => `${a.name} ${perSecond[i]!.at(-1)!.toFixed(1)} ms/s`).join(', ')}`,
      );
    }
    console.log(
      `\nCPU time per second of an idle server (ms/s, ${rounds} rounds of ${seconds} s; 10 ms/s is 1 % of a core)`,
    );
    for (const [i, arm] of ARMS.entries()) {
      const xs = perSecond[i]!;
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      console.log(
        `${arm.name.padEnd(40)} ${mean.toFixed(1).padStart(6)} ms/s  (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`,
      );
    }
    console.log(`load average at end: ${loadavg()[0]!.toFixed(1)}`);
  } finally {
    for (const s of servers) s.child.kill('SIGKILL');
    await endpoint.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
