// The snatWatch timer for a large estate: it only plans the run. Targets → topology → batches, one
// queue message per batch (references only, batch-message.ts); a queue-triggered function
// (snatWatchBatch) watches each batch with the same watchBatch a single instance runs.
//   - Never lost: the targets of a batch that kept failing (the host moved its message to the poison
//     queue after maxDequeueCount attempts) are settled here as unreadable on the next run, so they
//     count towards MONITORING_BLIND like any target Azure would not answer for; the poison message is
//     deleted only once they are settled.
//   - One delivery owner: workers only commit their alerts to the outbox; this timer drains it while
//     the batches settle and until the queue is empty (or the run's deadline). The timer runs on one
//     instance at a time (its schedule monitor holds a lock), so Slack sees one deliverer in steady
//     state, and the outbox's per-target sequence, leases and ETags keep order and never send twice
//     even if a late run overlaps the next.
import { randomUUID } from 'node:crypto';
import { deadlineIn } from '../azure/deadline.js';
import { mapConcurrent } from '../azure/map-concurrent.js';
import type { Runtime } from '../runtime.js';
import { deliverOutbox, type DeliveryLog } from '../slack/deliver-outbox.js';
import { createDeliveryPump } from '../watch/delivery-pump.js';
import { deliveryEndsAt, isolated, readPlan, settleFailure, settleUnreadable, type WatchReport } from '../watch/run-watch.js';
import type { TargetOutcome } from '../watch/settle-target.js';
import type { WatchedTargets } from '../watch/target-list.js';
import { decodeBatchText, encodeBatchMessage } from './batch-message.js';
import type { QueuedMessage } from './batch-queue.js';
import type { Silence } from '../alerting/silence.js';
import { readSilences } from '../watch/read-silences.js';

export interface PlanFanoutOptions {
  /** The targets when the caller already listed them. */
  watched?: WatchedTargets;
  /** How often the delivery owner looks at the outbox and the queue while the batches run (default 2 s). */
  pollInMs?: number;
}

const DEFAULT_POLL_MS = 2_000;
const TARGET_CONCURRENCY = 8;

export async function planFanout(runtime: Runtime, log: DeliveryLog, options: PlanFanoutOptions = {}): Promise<WatchReport> {
  const startedAt = Date.now();
  const now = runtime.now();
  const { config } = runtime;
  if (!runtime.batchQueue) throw new TypeError('planFanout needs a runtime with a batch queue (createRuntime opens one)');
  const queue = await runtime.batchQueue();
  const deadline = deadlineIn(config.SNAT_RUN_DEADLINE_SECONDS * 1000);
  const budget = () => deadlineIn(config.SNAT_READ_BUDGET_SECONDS * 1000, deadline);
  const delivery = createDeliveryPump(() => deliverOutbox(runtime.outbox, runtime.notifier, { log, budgetInMs: Math.max(0, deliveryEndsAt(deadline) - Date.now()) }), log);
  // What earlier runs left in the outbox goes out while this one plans.
  delivery.kick();

  const outcomes: TargetOutcome[] = [];
  const silences = await readSilences(runtime, now, log);
  const poisoned = await reportPoisoned(runtime, log, now, outcomes, silences);
  const plan = await readPlan(runtime, now, log, budget, options.watched);
  outcomes.push(...(await mapConcurrent(plan.unreadable, TARGET_CONCURRENCY, (read) => isolated(read.targetId, log, () => settleUnreadable(runtime, read, now, silences)))));

  const runId = randomUUID();
  const texts = plan.batches.map((batch, index) =>
    encodeBatchMessage({ version: 1, runId, plannedAt: now.toISOString(), deadline: deadline.at, index, count: plan.batches.length, key: batch.key, targetIds: batch.targets.map((t) => t.id) }),
  );
  await queue.send(texts);
  log.log(`Watch: run ${runId} planned ${plan.batches.length} batch(es) of ${plan.targets} target(s) on ${queue.name}${poisoned > 0 ? `; ${poisoned} target(s) of poisoned batches reported unreadable` : ''}`);

  // The delivery owner: drain what the workers commit until every batch was taken (or poisoned).
  const pollInMs = options.pollInMs ?? DEFAULT_POLL_MS;
  while (Date.now() + pollInMs < deliveryEndsAt(deadline)) {
    await new Promise((resolve) => setTimeout(resolve, pollInMs));
    delivery.kick();
    const pending = await queue.pending().catch(() => -1);
    if (pending === 0) break;
  }
  await plan.refreshing;
  const delivered = await delivery.finish();
  return {
    at: now.toISOString(),
    targets: plan.targets,
    batches: plan.batches.length,
    mode: 'fanout',
    poisonedTargets: poisoned,
    outcomes,
    delivery: delivered,
    durationInMs: Date.now() - startedAt,
  };
}

/**
 * Every poisoned batch's targets, settled as unreadable (a failed read: MONITORING_BLIND after
 * SNAT_BLIND_AFTER_RUNS of them). A message whose targets could not all be settled stays for the next run.
 */
async function reportPoisoned(runtime: Runtime, log: DeliveryLog, now: Date, outcomes: TargetOutcome[], silences: readonly Silence[]): Promise<number> {
  const queue = await runtime.batchQueue!();
  const reported = new Set<string>();
  await queue.takePoisoned(async (message: QueuedMessage) => {
    let batch;
    try {
      batch = decodeBatchText(message.text);
    } catch (error) {
      log.error(`Watch: poison message ${message.id} on ${queue.poisonName} is not a batch (${(error as Error).message}); it is dropped`);
      return 'done';
    }
    const fresh = batch.targetIds.filter((id) => !reported.has(id.toLowerCase()));
    // The host moved it after maxDequeueCount failed attempts (host.json); the poison queue's own count says nothing of them.
    const detail = `batch ${batch.key} of run ${batch.runId} (${batch.plannedAt}) kept failing and was moved to ${queue.poisonName}`;
    log.error(`Watch: ${detail}; its ${batch.targetIds.length} target(s) are reported unreadable`);
    const settled = await mapConcurrent(fresh, TARGET_CONCURRENCY, (id) => isolated(id, log, () => settleFailure(runtime, id, { kind: 'failed', detail }, now, silences)));
    outcomes.push(...settled);
    for (const id of fresh) reported.add(id.toLowerCase());
    return settled.some((outcome) => outcome.status === 'error') ? 'keep' : 'done';
  });
  return reported.size;
}
