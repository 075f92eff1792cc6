import { join } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { FAULT_NAMES, FAULTS, parseFaults } from '../gameday/faults';
import { runGameday } from '../gameday/run';

const root = join(__dirname, '..', '..', '..');

const positiveInt = (what: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0)
    throw new InvalidArgumentError(`${what}: expected a positive integer, got '${v}'`);
  return n;
};

export function registerGamedayCommand(program: Command): void {
  program
    .command('gameday')
    .description(
      'run the demo fleet against the running stack, inject faults, and time how long each takes to be detected (Prometheus), routed (Alertmanager) and remediated (watchdog)',
    )
    .option(
      '--faults <list>',
      `faults to inject, comma-separated: ${FAULT_NAMES.join(', ')}`,
      FAULT_NAMES.join(','),
    )
    .option('--duration <s>', 'the whole run, warm-up included, in seconds', positiveInt('--duration'), 600)
    .option(
      '--warmup <s>',
      'seconds of normal work before the faults (the anomaly baseline)',
      positiveInt('--warmup'),
      60,
    )
    .option(
      '--agents <n>',
      'demo agents (one more than the faults: one stays healthy)',
      positiveInt('--agents'),
      6,
    )
    .option('--rate <n>', 'tasks per second sent to the fleet', positiveInt('--rate'), 15)
    .option('--expect <fault=Alert...>', 'the alert that must detect a fault, instead of its usual one')
    .option(
      '--work-dir <dir>',
      'receivers state, fleet files and logs (emptied at start)',
      join(root, '.run', 'gameday'),
    )
    .option(
      '--heartbeat-port <port>',
      'heartbeat receiver + watchdog (Alertmanager sends alerts here)',
      positiveInt('--heartbeat-port'),
      9412,
    )
    .option(
      '--control-port <port>',
      "the fleet's control port (faults, remediation webhooks)",
      positiveInt('--control-port'),
      9500,
    )
    .option('--prometheus-url <url>', 'Prometheus', 'http://127.0.0.1:9090')
    .option('--alertmanager-url <url>', 'Alertmanager', 'http://127.0.0.1:9093')
    .addHelpText(
      'after',
      `
Faults and the alert that must catch each:
${FAULT_NAMES.map((n) => `  ${n.padEnd(9)} ${FAULTS[n].what} -> ${FAULTS[n].alertname}`).join('\n')}

Each fault goes to its own agent (agent 1 stays healthy). The game day waits for the alert to
fire in Prometheus, for Alertmanager to hold it (API v2) and for the watchdog to remediate once
(its action audit), then prints a timeline and exits 1 if any fault went unseen.
Against a stack started with --profile test a run takes about 3 minutes (--duration 300);
with the shipped windows the slowdown needs over 15 minutes (--duration 1500).`,
    )
    .action(async (opts) => {
      const faults = parseFaults(opts.faults, opts.expect ? [].concat(opts.expect) : []);
      if (typeof faults === 'string') throw new Error(faults);
      process.exitCode = await runGameday({
        root,
        workDir: opts.workDir,
        faults,
        durationS: opts.duration,
        warmupS: opts.warmup,
        agents: opts.agents,
        rate: opts.rate,
        heartbeatPort: opts.heartbeatPort,
        controlPort: opts.controlPort,
        prometheusUrl: opts.prometheusUrl.replace(/\/+$/, ''),
        alertmanagerUrl: opts.alertmanagerUrl.replace(/\/+$/, ''),
        progress: (line) => console.error(line),
        print: (text) => console.log(text),
      });
    });
}
