// One fanned-out batch, on whichever instance the queue trigger runs: the targets named in the
// message → their topology (this instance's cache) → watchBatch, exactly as a single instance
// watches a batch, at the minute the run planned. Alerts are committed to the outbox only: the
// planning timer is the one delivery owner (plan-fanout.ts).
// A batch none of whose targets could be settled (storage down, say) throws, so the host retries the
// message and, after maxDequeueCount attempts, moves it to the poison queue, which the next planning
// run reports; a batch that settled even one target completes (the others were reported as errors).
import { setMaxListeners } from 'node:events';
import { groupIntoBatches } from '../azure/batches.js';
import { deadlineIn, type Deadline } from '../azure/deadline.js';
import { mapConcurrent } from '../azure/map-concurrent.js';
import type { Runtime } from '../runtime.js';
import type { DeliveryLog } from '../slack/deliver-outbox.js';
import { isolated, settleUnreadable, watchBatch } from '../watch/run-watch.js';
import { readSilences } from '../watch/read-silences.js';
import type { TargetOutcome } from '../watch/settle-target.js';
import type { BatchMessage } from './batch-message.js';

export interface QueuedBatchReport {
  key: string;
  runId: string;
  outcomes: TargetOutcome[];
  /** How far past the run's deadline this batch started (0 when on time): a queue backlog shows here. */
  lateByInMs: number;
  durationInMs: number;
}

export class BatchFailedError extends Error {
  override readonly name = 'BatchFailedError';
}

export async function watchQueuedBatch(runtime: Runtime, message: BatchMessage, log: DeliveryLog): Promise<QueuedBatchReport> {
  const startedAt = Date.now();
  const now = new Date(message.plannedAt);
  const lateByInMs = Math.max(0, startedAt - message.deadline);
  const deadline = readDeadline(runtime, message, lateByInMs);
  const { reads, refreshing } = await runtime.topology.get(message.targetIds, now, { deadline, log });
  const silences = await readSilences(runtime, now, log);
  const outcomes = await mapConcurrent(
    reads.filter((read) => !read.ok),
    8,
    (read) => isolated(read.targetId, log, () => settleUnreadable(runtime, read, now, silences)),
  );
  for (const batch of groupIntoBatches(reads.flatMap((read) => (read.ok ? [read.value] : [])))) {
    outcomes.push(...(await watchBatch(runtime, batch, now, log, { deadline, silences })));
  }
  await refreshing;
  if (outcomes.length > 0 && outcomes.every((outcome) => outcome.status === 'error')) {
    throw new BatchFailedError(`batch ${message.key} of run ${message.runId}: none of its ${outcomes.length} target(s) could be settled`);
  }
  return { key: message.key, runId: message.runId, outcomes, lateByInMs, durationInMs: Date.now() - startedAt };
}

/** The run's own deadline while it holds; a batch taken after it (a backlog, a retry) gets a read budget of its own. */
function readDeadline(runtime: Runtime, message: BatchMessage, lateByInMs: number): Deadline {
  const budgetInMs = runtime.config.SNAT_READ_BUDGET_SECONDS * 1000;
  const deadline = deadlineIn(lateByInMs > 0 ? budgetInMs : Math.max(0, Math.min(budgetInMs, message.deadline - Date.now())));
  // Every read of the batch (up to 50 topology reads, the metrics calls, the settles) listens to this one signal.
  setMaxListeners(200, deadline.signal);
  return deadline;
}
