import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Command } from 'commander';

const scripts = join(__dirname, '..', '..', '..', 'scripts', 'stack');

// the stack is started by shell scripts (they also serve CI and machines without node);
// the CLI forwards to them so there is one implementation.
function run(script: string, args: string[]): void {
  const result = spawnSync(join(scripts, script), args, { stdio: 'inherit' });
  if (result.error) throw result.error;
  process.exitCode = result.status ?? 1;
}

export function registerStackCommand(program: Command): void {
  const stack = program
    .command('stack')
    .description(
      'install, start and stop the local collector, Jaeger, VictoriaLogs, Prometheus and Alertmanager',
    );
  stack
    .command('install')
    .description('build or reuse the pinned stack binaries in the cache ($AGENT_OTEL_CACHE)')
    .argument('[components...]', 'collector, jaeger, victorialogs, alertmanager, prometheus (default: all)')
    .action((components: string[]) => run('install.sh', components));
  stack
    .command('up')
    .description('start the stack and wait until every component is ready')
    .option('--profile <profile>', 'default, or test for short intervals', 'default')
    .action((opts: { profile: string }) => run('up.sh', ['--profile', opts.profile]));
  stack
    .command('down')
    .description('stop every stack component and check that none is left')
    .action(() => run('down.sh', []));
}
