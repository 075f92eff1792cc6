import type { Command } from 'commander';

export function registerCountersCommand(program: Command): void {
  program.command('counters').description('not yet implemented');
}
