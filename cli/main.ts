#!/usr/bin/env node
import { Command } from 'commander';
import { registerCountersCommand } from './commands/counters';
import { registerGamedayCommand } from './commands/gameday';
import { registerHeartbeatCommand } from './commands/heartbeat';
import { registerLogsCommand } from './commands/logs';
import { registerProfileCommand } from './commands/profile';
import { registerReportCommand } from './commands/report';
import { registerStackCommand } from './commands/stack';

// one CLI, one subcommand per service; each command file owns its flags and help text.
const program = new Command('agent-otel')
  .description(
    'OpenTelemetry for fleets of AI agents: receivers, watchdog, checkpoint report and the local stack',
  )
  .showHelpAfterError();

registerStackCommand(program);
registerCountersCommand(program);
registerLogsCommand(program);
registerHeartbeatCommand(program);
registerGamedayCommand(program);
registerProfileCommand(program);
registerReportCommand(program);

program.parseAsync(process.argv).catch((err: Error) => {
  console.error(`agent-otel: ${err.message}`);
  process.exitCode = 1;
});
