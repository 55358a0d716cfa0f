// The `snat-watch` command line (package.json `bin` → bin/snat-watch.js → dist/cli.js): serves
// people and scripts without the Functions host. One line per command in the table below.
import { runCli, type CliCommand } from './cli/dispatch.js';
import { digestCommand } from './cli/digest-command.js';
import { outboxCommand } from './cli/outbox-command.js';
import { planCommand } from './cli/plan-command.js';
import { startCommand } from './cli/start-command.js';
import { watchCommand } from './cli/watch-command.js';

const commands: Record<string, CliCommand> = {
  plan: planCommand,
  digest: digestCommand,
  watch: watchCommand,
  outbox: outboxCommand,
  start: startCommand,
};

process.exitCode = await runCli(process.argv.slice(2), commands, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
