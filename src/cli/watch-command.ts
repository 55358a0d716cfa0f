// `snat-watch watch --once`: one run of the watch pipeline against the configured environment (the
// same settings as the function app), with the run's account on stdout.
import { summarizeWatch } from '../functions/snat-watch.js';
import { getRuntime } from '../runtime.js';
import { runWatch } from '../watch/run-watch.js';
import { exitCodes, type CliCommand } from './dispatch.js';

export const watchCommand: CliCommand = {
  usage: '--once',
  summary: 'run the watch pipeline once with the configured settings',
  async run(args, io) {
    if (args.length !== 1 || args[0] !== '--once') {
      io.stderr.write('Usage: snat-watch watch --once   (the timer runs it every minute; this runs it once)\n');
      return exitCodes.usage;
    }
    const report = await runWatch(await getRuntime(), {
      log: (...parts) => io.stdout.write(`${parts.join(' ')}\n`),
      warn: (...parts) => io.stderr.write(`${parts.join(' ')}\n`),
      error: (...parts) => io.stderr.write(`${parts.join(' ')}\n`),
    });
    io.stdout.write(`${summarizeWatch(report)}\n`);
    for (const outcome of report.outcomes) io.stdout.write(`  ${outcome.status.padEnd(10)} ${outcome.targetId}  (${outcome.notify})\n`);
    return report.delivery.stoppedBy === 'send-failed' ? exitCodes.failed : exitCodes.ok;
  },
};
