// snatWatchBatch (queue trigger on SNAT_FANOUT_QUEUE): one batch of a fanned-out watch run — the
// targets the planning timer named, watched exactly as a single instance watches a batch, alerts
// committed to the outbox for the timer to deliver. A failure throws: the host retries the message
// (host.json extensions.queues) and moves it to `<queue>-poison` after maxDequeueCount attempts,
// and the next planning run reports its targets unreadable.
import type { InvocationContext } from '@azure/functions';
import { isSentReason } from '../alerting/alert-state.js';
import { parseBatchMessage } from '../fanout/batch-message.js';
import { watchQueuedBatch, type QueuedBatchReport } from '../fanout/watch-queued-batch.js';
import { getRuntime } from '../runtime.js';

export async function snatWatchBatch(item: unknown, context: InvocationContext): Promise<void> {
  const message = parseBatchMessage(item);
  const runtime = await getRuntime();
  const report = await watchQueuedBatch(runtime, message, context);
  context.log(summarizeBatch(report, message.index, message.count, Number(context.triggerMetadata?.dequeueCount ?? 1)));
}

export function summarizeBatch(report: QueuedBatchReport, index: number, count: number, attempt: number): string {
  const statuses = new Map<string, number>();
  for (const outcome of report.outcomes) statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
  const queued = report.outcomes.filter((o) => o.commit === 'committed' && isSentReason(o.notify)).length;
  return [
    `Batch ${index + 1}/${count} (${report.key}) of run ${report.runId.slice(0, 8)}:`,
    `${report.outcomes.length} target(s) [${[...statuses].map(([status, n]) => `${n} ${status}`).join(', ')}], ${queued} notification(s) committed`,
    `in ${report.durationInMs} ms${attempt > 1 ? `, attempt ${attempt}` : ''}${report.lateByInMs > 0 ? `, ${Math.round(report.lateByInMs / 1000)} s after the run's deadline` : ''}.`,
  ].join(' ');
}

export const snatWatchBatchTrigger = { queueName: '%SNAT_FANOUT_QUEUE%', connection: 'AzureWebJobsStorage' } as const;
