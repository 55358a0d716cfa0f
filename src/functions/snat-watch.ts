// snatWatch (timer, SNAT_WATCH_SCHEDULE, every minute by default): one run of the watch pipeline —
// targets, topology, metrics, evaluation, alert lifecycle, Slack — inside the watch on the watcher
// (heartbeat, "cannot watch" / "watching again"), and a one-line account of it. A run that could not
// watch throws after its heartbeat was recorded, so the host (and the infra alert rule) counts it failed.
import type { InvocationContext, Timer } from '@azure/functions';
import { isSentReason } from '../alerting/alert-state.js';
import { getRuntime } from '../runtime.js';
import { watchWithHeartbeat } from '../watch/heartbeat.js';
import type { WatchReport } from '../watch/run-watch.js';
import { watchTick } from '../fanout/watch-tick.js';

export async function snatWatch(_timer: Timer, context: InvocationContext): Promise<void> {
  // One instance, or above SNAT_FANOUT_THRESHOLD targets a plan of queued batches (src/fanout/).
  const { report, error, heartbeat } = await watchWithHeartbeat({ open: getRuntime, log: context, run: (runtime, log) => watchTick(runtime, log) });
  if (report) context.log(summarizeWatch(report));
  if (error !== undefined) throw error;
  if (heartbeat.failure) throw new Error(`SNAT Watch could not watch (${heartbeat.failure.reason}): ${heartbeat.failure.detail}`);
}

export function summarizeWatch(report: WatchReport): string {
  const count = (predicate: (o: WatchReport['outcomes'][number]) => boolean) => report.outcomes.filter(predicate).length;
  const parked = report.delivery.parked > 0 ? `, ${report.delivery.parked} parked` : '';
  if (report.mode === 'fanout') return summarizePlan(report);
  return [
    `Watched ${report.targets} target(s) in ${report.batches} batch(es) at ${report.at}:`,
    `${count((o) => o.status === 'critical')} critical, ${count((o) => o.status === 'warning')} warning,`,
    `${count((o) => o.status === 'unknown' || o.status === 'unreadable')} unknown or unreadable;`,
    `${count((o) => o.commit === 'committed' && isSentReason(o.notify))} notification(s) queued,`,
    `${report.delivery.delivered} delivered, ${report.delivery.pending} pending${parked} (${report.delivery.stoppedBy}).`,
  ].join(' ');
}

/** A fanned-out run: the batches went to the queue; its own outcomes are the targets it settled itself. */
function summarizePlan(report: WatchReport): string {
  const unreadable = report.outcomes.filter((o) => o.status === 'unreadable').length;
  const parked = report.delivery.parked > 0 ? `, ${report.delivery.parked} parked` : '';
  return [
    `Planned ${report.targets} target(s) in ${report.batches} queued batch(es) at ${report.at};`,
    `${unreadable} unreadable here${report.poisonedTargets ? ` (${report.poisonedTargets} from poisoned batches)` : ''};`,
    `as the delivery owner: ${report.delivery.delivered} delivered, ${report.delivery.pending} pending${parked} (${report.delivery.stoppedBy}).`,
  ].join(' ');
}

export const snatWatchTrigger = { schedule: '%SNAT_WATCH_SCHEDULE%' } as const;
