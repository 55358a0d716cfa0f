// One run of the watch pipeline, as a list of stages: targets → topology → (per batch of ≤ 50
// resources of one subscription, region and type) metrics → evaluate → lifecycle → record →
// notify. A batch is the unit of work: a queue could fan batches out without reshaping this.
// Batches run a few at a time, each within its own read budget, and their alerts are delivered as
// each one settles; the run's deadline (SNAT_RUN_DEADLINE_SECONDS) ends every Azure read, so
// whatever hangs, the run settles what it has and delivers it.
// Large estates fan the batches out instead (src/fanout/: the timer plans, a queue-triggered function
// runs watchBatch on each); planning shares this file's stages (readPlan, settleUnreadable).
import type { TargetRef } from '../alerting/alert-state.js';
import { groupIntoBatches, type TargetBatch } from '../azure/batches.js';
import { deadlineIn, type Deadline } from '../azure/deadline.js';
import { mapConcurrent } from '../azure/map-concurrent.js';
import { failedRead, type TargetRead } from '../azure/read-error.js';
import { readBatchMetrics } from '../azure/metrics.js';
import { parseResourceId, targetKindOf } from '../azure/resource-id.js';
import type { ReadFailure } from '../alerting/alert-state.js';
import type { TargetMetrics, TargetTopology } from '../snat/model.js';
import { deliverOutbox, type DeliverOutboxResult, type DeliveryLog } from '../slack/deliver-outbox.js';
import type { Runtime } from '../runtime.js';
import { createDeliveryPump } from './delivery-pump.js';
import { readSilences } from './read-silences.js';
import type { Silence } from '../alerting/silence.js';
import { settleTarget, type TargetOutcome } from './settle-target.js';
import type { WatchedTargets } from './target-list.js';

export interface WatchReport {
  at: string;
  targets: number;
  batches: number;
  /** single: this run watched every batch; fanout: it planned them onto the queue (src/fanout/), and `outcomes` are the targets it settled itself. */
  mode?: 'single' | 'fanout';
  /** Fan-out only: the targets of batches poisoned in earlier runs, reported unreadable by this one. */
  poisonedTargets?: number;
  outcomes: TargetOutcome[];
  delivery: DeliverOutboxResult;
  /** Wall-clock length of the run, delivery included. */
  durationInMs: number;
}

/** How long after the reads' deadline delivery may still start a message. */
const DELIVERY_GRACE_MS = 5_000;

/** Targets of one batch settled at once: enough to overlap storage round trips, few enough for Table Storage. */
const TARGET_CONCURRENCY = 8;

export interface RunWatchOptions {
  /** The targets when the caller already listed them (the timer, to choose between one instance and fan-out). */
  watched?: WatchedTargets;
}

export async function runWatch(runtime: Runtime, log: DeliveryLog, options: RunWatchOptions = {}): Promise<WatchReport> {
  const startedAt = Date.now();
  const now = runtime.now();
  const { config } = runtime;
  // Every Azure read of this run ends by the deadline; each stage and batch has its own, shorter budget in it.
  const deadline = deadlineIn(config.SNAT_RUN_DEADLINE_SECONDS * 1000);
  const budget = () => deadlineIn(config.SNAT_READ_BUDGET_SECONDS * 1000, deadline);
  const delivery = createDeliveryPump(() => deliverOutbox(runtime.outbox, runtime.notifier, { log, budgetInMs: Math.max(0, deliveryEndsAt(deadline) - Date.now()) }), log);

  const plan = await readPlan(runtime, now, log, budget, options.watched);
  const silences = await readSilences(runtime, now, log);
  const outcomes = await mapConcurrent(plan.unreadable, TARGET_CONCURRENCY, (read) => isolated(read.targetId, log, () => settleUnreadable(runtime, read, now, silences)));
  if (plan.unreadable.length > 0) delivery.kick();

  const settled = await mapConcurrent(plan.batches, config.SNAT_BATCH_CONCURRENCY, async (batch) => {
    const batchOutcomes = await watchBatch(runtime, batch, now, log, { deadline: budget(), silences });
    delivery.kick();
    return batchOutcomes;
  });
  outcomes.push(...settled.flat());

  await plan.refreshing;
  const delivered = await delivery.finish();
  return { at: now.toISOString(), targets: plan.targets, batches: plan.batches.length, mode: 'single', outcomes, delivery: delivered, durationInMs: Date.now() - startedAt };
}

/**
 * Delivery may go on a little past the reads' deadline, so what the run found still reaches Slack,
 * but starts no new message after it: whatever hangs, the run ends within about two minutes.
 */
export function deliveryEndsAt(deadline: Deadline): number {
  return deadline.at + DELIVERY_GRACE_MS;
}

export interface WatchPlan {
  targets: number;
  /** Targets whose topology could not be read: settled as unreadable, in no batch. */
  unreadable: Array<TargetRead<TargetTopology>>;
  batches: Array<TargetBatch<TargetTopology>>;
  /** This run's topology refreshes (never rejects). */
  refreshing: Promise<void>;
}

/** The stages before the metrics: targets → topology → batches (one instance or a fan-out alike). */
export async function readPlan(runtime: Runtime, now: Date, log: DeliveryLog, budget: () => Deadline, listed?: WatchedTargets): Promise<WatchPlan> {
  const watched = listed ?? (await listTargets(runtime, now, log, budget()));
  const { reads: topologies, refreshing } = await runtime.topology.get(watched.ids, now, { deadline: budget(), log });
  return {
    targets: watched.ids.length,
    unreadable: topologies.filter((read) => !read.ok),
    batches: groupIntoBatches(topologies.flatMap((read) => (read.ok ? [read.value] : []))),
    refreshing,
  };
}

/** The targets to watch this run; a subscription that could not be listed is logged (its known targets stay). */
export async function listTargets(runtime: Runtime, now: Date, log: DeliveryLog, deadline: Deadline): Promise<WatchedTargets> {
  const watched = await runtime.targets.get(now, { deadline });
  for (const error of watched.errors) log.warn(`Discovery could not list subscription ${error.subscriptionId} (${error.kind}): ${error.message}`);
  return watched;
}

export interface WatchBatchOptions {
  /** When the batch's reads must be over; SNAT_READ_BUDGET_SECONDS from now when unset. */
  deadline?: Deadline;
  /** The run's silences, read once; read here when the batch runs on its own. */
  silences?: readonly Silence[];
}

/**
 * Metrics for up to 50 targets in one call per metric group, then each target settled. The batch
 * retries within its own deadline: a throttled or hung region gives up as unreadable and holds no one else.
 */
export async function watchBatch(runtime: Runtime, batch: TargetBatch<TargetTopology>, now: Date, log: DeliveryLog, options: WatchBatchOptions = {}): Promise<TargetOutcome[]> {
  const window = { from: new Date(now.getTime() - runtime.config.SNAT_WINDOW_MINUTES * 60_000), to: now };
  const deadline = options.deadline ?? deadlineIn(runtime.config.SNAT_READ_BUDGET_SECONDS * 1000);
  const silences = options.silences ?? (await readSilences(runtime, now, log));
  const reads = await readBatchMetrics(batch, window, { clients: runtime.azure, retry: { deadline }, series: runtime.metricSeries }).catch((error: unknown) =>
    batch.targets.map((target) => failedRead<TargetMetrics>(target.id, error)),
  );
  return mapConcurrent(batch.targets, TARGET_CONCURRENCY, (topology, index) => {
    const read = reads[index]!;
    const target = targetRef(topology);
    const reading = read.ok ? { target, topology, metrics: read.value } : { target, topology, failure: { kind: read.error.kind, detail: read.error.message } };
    return isolated(target.id, log, () => settleTarget(runtime, reading, now, { deadline, silences }));
  });
}

/** A target whose turn fails (its state could not be stored, say) is reported and retried next run; the others go on. */
export async function isolated(targetId: string, log: DeliveryLog, settle: () => Promise<TargetOutcome>): Promise<TargetOutcome> {
  try {
    return await settle();
  } catch (error) {
    log.error(`Watch: could not settle ${targetId}: ${error instanceof Error ? error.message : String(error)}`);
    return { targetId, status: 'error', notify: 'do-not-notify', commit: 'unchanged' };
  }
}

export function settleUnreadable(runtime: Runtime, read: TargetRead<TargetTopology>, now: Date, silences?: readonly Silence[]): Promise<TargetOutcome> {
  if (read.ok) throw new TypeError('settleUnreadable takes failed reads only');
  return settleFailure(runtime, read.targetId, { kind: read.error.kind, detail: read.error.message }, now, silences);
}

/** A target this run could not watch, known by its ID alone: its failure counts towards MONITORING_BLIND. */
export function settleFailure(runtime: Runtime, targetId: string, failure: ReadFailure, now: Date, silences?: readonly Silence[]): Promise<TargetOutcome> {
  const { name } = parseResourceId(targetId);
  const target: TargetRef = { id: targetId, name, kind: targetKindOf(targetId) ?? 'loadBalancer' };
  return settleTarget(runtime, { target, topology: null, failure }, now, silences ? { silences } : {});
}

function targetRef(topology: TargetTopology): TargetRef {
  return { id: topology.id, name: topology.name, kind: topology.kind };
}
