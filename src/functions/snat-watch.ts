// snatWatch (timer, SNAT_WATCH_SCHEDULE, every minute by default): one run of the watch pipeline —
// targets, topology, metrics, evaluation, alert lifecycle, Slack — and a one-line account of it.
import type { InvocationContext, Timer } from '@azure/functions';
import { getRuntime } from '../runtime.js';
import { runWatch, type WatchReport } from '../watch/run-watch.js';

export async function snatWatch(_timer: Timer, context: InvocationContext): Promise<void> {
  const report = await runWatch(await getRuntime(), context);
  context.log(summarizeWatch(report));
}

export function summarizeWatch(report: WatchReport): string {
  const count = (predicate: (o: WatchReport['outcomes'][number]) => boolean) => report.outcomes.filter(predicate).length;
  return [
    `Watched ${report.targets} target(s) in ${report.batches} batch(es) at ${report.at}:`,
    `${count((o) => o.status === 'critical')} critical, ${count((o) => o.status === 'warning')} warning,`,
    `${count((o) => o.status === 'unknown' || o.status === 'unreadable')} unknown or unreadable;`,
    `${count((o) => o.commit === 'committed' && o.notify !== 'do-not-notify' && o.notify !== 'group-interval-pending')} notification(s) queued,`,
    `${report.delivery.delivered} delivered, ${report.delivery.pending} pending (${report.delivery.stoppedBy}).`,
  ].join(' ');
}

export const snatWatchTrigger = { schedule: '%SNAT_WATCH_SCHEDULE%' } as const;
