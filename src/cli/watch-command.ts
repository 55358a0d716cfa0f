// `snat-watch watch --once`: one run of the watch pipeline against the configured environment (the
// same settings as the function app), inside the same watch on the watcher as the timer, with the
// run's account on stdout. Exit 1 when the run could not watch or Slack failed.
import { summarizeWatch } from '../functions/snat-watch.js';
import { getRuntime } from '../runtime.js';
import { watchWithHeartbeat } from '../watch/heartbeat.js';
import { exitCodes, type CliCommand } from './dispatch.js';

export const watchCommand: CliCommand = {
  usage: '--once',
  summary: 'run the watch pipeline once with the configured settings',
  async run(args, io) {
    if (args.length !== 1 || args[0] !== '--once') {
      io.stderr.write('Usage: snat-watch watch --once   (the timer runs it every minute; this runs it once)\n');
      return exitCodes.usage;
    }
    const log = {
      log: (...parts: unknown[]) => io.stdout.write(`${parts.join(' ')}\n`),
      warn: (...parts: unknown[]) => io.stderr.write(`${parts.join(' ')}\n`),
      error: (...parts: unknown[]) => io.stderr.write(`${parts.join(' ')}\n`),
    };
    const { report, heartbeat, watcher } = await watchWithHeartbeat({ open: getRuntime, log });
    if (!report || heartbeat.failure) {
      io.stderr.write(`snat-watch watch: could not watch (${heartbeat.failure?.reason ?? 'run-failed'}): ${heartbeat.failure?.detail ?? ''}; ${watcher.consecutiveFailures} failed run(s) in a row\n`);
      if (!report) return exitCodes.failed;
    }
    io.stdout.write(`${summarizeWatch(report)}\n`);
    for (const outcome of report.outcomes) io.stdout.write(`  ${outcome.status.padEnd(10)} ${outcome.targetId}  (${outcome.notify})\n`);
    return report.delivery.stoppedBy === 'send-failed' || heartbeat.failure ? exitCodes.failed : exitCodes.ok;
  },
};
