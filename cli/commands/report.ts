import { type Command, type CommanderError, Option } from 'commander';
import {
  BackendError,
  ConfigError,
  loadThresholds,
  parseDuration,
  parseTime,
  runReport,
  UsageError,
} from '../report';

// exit codes: 0 GO, 1 NO-GO, 2 the report could not be made (usage, config or backend), so a
// script never mistakes a broken run for a decision.
const EXIT_GO = 0;
const EXIT_NO_GO = 1;
const EXIT_ERROR = 2;

interface ReportFlags {
  window: string;
  end?: string;
  agents?: string;
  control?: string;
  prometheus: string;
  out?: string;
  thresholds?: string;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function fail(kind: string, message: string): never {
  console.error(`agent-otel report: ${kind} error: ${message}`);
  process.exit(EXIT_ERROR);
}

async function report(flags: ReportFlags): Promise<void> {
  const seconds = parseDuration(flags.window);
  if (seconds === undefined)
    fail('usage', `--window "${flags.window}" is not a duration like 24h, 90m or 1d12h`);
  const endS = flags.end === undefined ? Math.floor(Date.now() / 1000) : parseTime(flags.end);
  if (endS === undefined) fail('usage', `--end "${flags.end}" is neither an RFC 3339 time nor unix seconds`);
  const url = flags.prometheus;
  if (!/^https?:\/\/[^/]/.test(url)) fail('usage', `--prometheus "${url}" is not an http(s) URL`);
  let thresholds: ReturnType<typeof loadThresholds>;
  try {
    thresholds = loadThresholds(flags.thresholds);
  } catch (err) {
    if (err instanceof ConfigError) fail('config', err.message);
    throw err;
  }
  const out = flags.out ?? `checkpoint-${new Date(endS * 1000).toISOString().replace(/[:.]/g, '-')}`;
  try {
    const { summary, files } = await runReport({
      window: { label: flags.window, seconds, endS },
      prometheusUrl: url,
      agents: list(flags.agents),
      control: list(flags.control),
      thresholds,
      outDir: out,
    });
    console.log(`${summary.decision}: ${files.markdown}, ${files.summary}`);
    for (const reason of summary.reasons) console.log(`  ${reason}`);
    process.exitCode = summary.decision === 'GO' ? EXIT_GO : EXIT_NO_GO;
  } catch (err) {
    if (err instanceof BackendError) fail('backend', err.message);
    if (err instanceof UsageError) fail('usage', err.message);
    fail('report', (err as Error).message);
  }
}

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description(
      'wave checkpoint report: query Prometheus over a window, evaluate the success criteria per ' +
        'agent and test versus control, write summary.json and report.md, exit 0 GO / 1 NO-GO / 2 error',
    )
    .option('--window <duration>', 'how far back from --end, e.g. 24h, 6h, 1d12h', '24h')
    .option('--end <time>', 'end of the window, RFC 3339 or unix seconds (default: now)')
    .option(
      '--agents <ids>',
      'test agents, comma-separated agent ids (default: every agent the heartbeat receiver saw, minus --control)',
    )
    .option(
      '--control <ids>',
      'control agents, comma-separated; needed for the CPU and memory overhead criteria',
    )
    .addOption(
      new Option('--prometheus <url>', 'Prometheus base URL')
        .env('AGENT_OTEL_PROMETHEUS_URL')
        .default('http://127.0.0.1:9090'),
    )
    .option('--out <dir>', 'directory for summary.json and report.md (default: checkpoint-<end time>)')
    .option('--thresholds <file>', 'YAML or JSON file overriding thresholds (see README: Checkpoint report)')
    .exitOverride((err: CommanderError) => {
      // help and version are not errors; every other parse error is a usage error
      if (err.exitCode === 0) process.exit(0);
      process.exit(EXIT_ERROR);
    })
    .action((flags: ReportFlags) => report(flags));
}
