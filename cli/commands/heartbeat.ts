import type { Command } from 'commander';

export function registerHeartbeatCommand(program: Command): void {
  program.command('heartbeat').description('not yet implemented');
}
