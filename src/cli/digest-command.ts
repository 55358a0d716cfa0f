// `snat-watch digest --once`: one run of the daily capacity digest against the configured
// environment (the same settings as the function app), then what was posted, as Slack would lay it
// out. A day's digest is posted once: a second run the same day says so and sends nothing.
import { runDigest, type DigestReport } from '../digest/run-digest.js';
import { formatUtc } from '../snat/format.js';
import { renderBlockKit } from '../local/render-block-kit.js';
import { MIN_ROLLUP_RETENTION_IN_DAYS } from '../state/snapshot-store.js';
import { getRuntime } from '../runtime.js';
import type { DeliveryLog } from '../slack/deliver-outbox.js';
import { exitCodes, type CliCommand, type CliIo } from './dispatch.js';

export const digestCommand: CliCommand = {
  usage: '--once',
  summary: 'post the daily capacity digest once (from the recorded snapshots)',
  async run(args, io) {
    if (args.length !== 1 || args[0] !== '--once') {
      io.stderr.write('Usage: snat-watch digest --once   (one digest now; the function app posts it on SNAT_DIGEST_SCHEDULE)\n');
      return exitCodes.usage;
    }
    const report = await runDigest(await getRuntime(), stderrLog(io));
    io.stdout.write(`${describeDigest(report)}\n`);
    return report.delivery.stoppedBy === 'send-failed' ? exitCodes.failed : exitCodes.ok;
  },
};

/** What happened, then the message as Slack shows it. */
export function describeDigest(report: DigestReport): string {
  const { digest, delivery } = report;
  const headline = {
    queued: `Posted the capacity digest for ${digest.window.day} (${formatUtc(digest.window.from)} → ${formatUtc(digest.window.to)}):`,
    'already-posted': `The capacity digest for ${digest.window.day} was already posted; nothing sent. It read:`,
    conflict: `Another run posted the capacity digest for ${digest.window.day} at the same moment; nothing sent by this one. It read:`,
  }[report.outcome];
  const slack =
    delivery.stoppedBy === 'send-failed'
      ? `Slack did not take it yet (${delivery.failures[0]?.reason ?? 'failed'}: ${delivery.failures[0]?.detail ?? ''}); it stays in the outbox and the next watch run retries.`
      : `Slack: ${delivery.delivered} message(s) delivered, ${delivery.pending} pending.`;
  const left = report.leftOut > 0 ? ` ${report.leftOut} target(s) not recorded for over ${MIN_ROLLUP_RETENTION_IN_DAYS} days were left out.` : '';
  const purged = report.purged === null ? ' Purging old rollups failed (see above).' : ` ${report.purged} rollup row(s) past retention purged.`;
  return [headline, renderBlockKit(report.message), `${slack}${left}${purged}`].join('\n');
}

function stderrLog(io: CliIo): DeliveryLog {
  const write = (...parts: unknown[]) => void io.stderr.write(`${parts.map(String).join(' ')}\n`);
  return { log: write, warn: write, error: write };
}
