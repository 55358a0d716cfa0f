// capacityDigest (timer, SNAT_DIGEST_SCHEDULE, daily at 08:00 UTC by default): the daily capacity
// digest — snapshots and rollups in, one Slack message out (at most once per day) — and a one-line
// account of it.
import type { InvocationContext, Timer } from '@azure/functions';
import { runDigest, type DigestReport } from '../digest/run-digest.js';
import { getRuntime } from '../runtime.js';

export async function capacityDigest(_timer: Timer, context: InvocationContext): Promise<void> {
  const report = await runDigest(await getRuntime(), context);
  context.log(summarizeDigest(report));
}

export function summarizeDigest(report: DigestReport): string {
  const { digest, delivery } = report;
  const { counts } = digest;
  return [
    `Capacity digest for ${digest.window.day} (${report.outcome}): ${digest.targets.length} target(s):`,
    `${counts.failing} failing, ${counts.critical} critical, ${counts.warning} warning, ${counts['at-risk']} at risk,`,
    `${counts['missing-data']} with missing data, ${counts.quiet} quiet;`,
    `Slack: ${delivery.delivered} delivered, ${delivery.pending} pending (${delivery.stoppedBy});`,
    `${report.purged === null ? 'rollup purge failed' : `${report.purged} old rollup row(s) purged`}.`,
  ].join(' ');
}

export const capacityDigestTrigger = { schedule: '%SNAT_DIGEST_SCHEDULE%' } as const;
