import type { Command } from 'commander';

export function registerLogsCommand(program: Command): void {
  program.command('logs').description('not yet implemented');
}
