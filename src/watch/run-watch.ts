// One run of the watch pipeline, as a list of stages: targets → topology → (per batch of ≤ 50
// resources of one subscription, region and type) metrics → evaluate → lifecycle → record →
// notify. A batch is the unit of work: a queue could fan batches out without reshaping this.
import type { TargetRef } from '../alerting/alert-state.js';
import { groupIntoBatches, type TargetBatch } from '../azure/batches.js';
import { mapConcurrent } from '../azure/map-concurrent.js';
import type { TargetRead } from '../azure/read-error.js';
import { readBatchMetrics } from '../azure/metrics.js';
import { parseResourceId, targetKindOf } from '../azure/resource-id.js';
import type { TargetTopology } from '../snat/model.js';
import { deliverOutbox, type DeliverOutboxResult, type DeliveryLog } from '../slack/deliver-outbox.js';
import type { Runtime } from '../runtime.js';
import { settleTarget, type TargetOutcome } from './settle-target.js';

export interface WatchReport {
  at: string;
  targets: number;
  batches: number;
  outcomes: TargetOutcome[];
  delivery: DeliverOutboxResult;
}

/** Targets of one batch settled at once: enough to overlap storage round trips, few enough for Table Storage. */
const TARGET_CONCURRENCY = 8;

export async function runWatch(runtime: Runtime, log: DeliveryLog): Promise<WatchReport> {
  const now = runtime.now();
  const watched = await runtime.targets.get(now);
  for (const error of watched.errors) log.warn(`Discovery could not list subscription ${error.subscriptionId} (${error.kind}): ${error.message}`);
  const topologies = await runtime.topology.get(watched.ids, now);
  const readable = topologies.flatMap((read) => (read.ok ? [read.value] : []));
  const batches = groupIntoBatches(readable);
  const outcomes: TargetOutcome[] = [];
  for (const batch of batches) outcomes.push(...(await watchBatch(runtime, batch, now, log)));
  const unreadable = topologies.filter((read) => !read.ok);
  outcomes.push(...(await mapConcurrent(unreadable, TARGET_CONCURRENCY, (read) => isolated(read.targetId, log, () => settleUnreadable(runtime, read, now)))));
  const delivery = await deliverOutbox(runtime.outbox, runtime.config.SLACK_WEBHOOK_URL, { log });
  return { at: now.toISOString(), targets: watched.ids.length, batches: batches.length, outcomes, delivery };
}

/** Metrics for up to 50 targets in one call per metric group, then each target settled. */
export async function watchBatch(runtime: Runtime, batch: TargetBatch<TargetTopology>, now: Date, log: DeliveryLog): Promise<TargetOutcome[]> {
  const window = { from: new Date(now.getTime() - runtime.config.SNAT_WINDOW_MINUTES * 60_000), to: now };
  const reads = await readBatchMetrics(batch, window, { clients: runtime.azure });
  return mapConcurrent(batch.targets, TARGET_CONCURRENCY, (topology, index) => {
    const read = reads[index]!;
    const target = targetRef(topology);
    const reading = read.ok ? { target, topology, metrics: read.value } : { target, topology, failure: { kind: read.error.kind, detail: read.error.message } };
    return isolated(target.id, log, () => settleTarget(runtime, reading, now));
  });
}

/** A target whose turn fails (its state could not be stored, say) is reported and retried next run; the others go on. */
async function isolated(targetId: string, log: DeliveryLog, settle: () => Promise<TargetOutcome>): Promise<TargetOutcome> {
  try {
    return await settle();
  } catch (error) {
    log.error(`Watch: could not settle ${targetId}: ${error instanceof Error ? error.message : String(error)}`);
    return { targetId, status: 'error', notify: 'do-not-notify', commit: 'unchanged' };
  }
}

function settleUnreadable(runtime: Runtime, read: TargetRead<TargetTopology>, now: Date): Promise<TargetOutcome> {
  if (read.ok) throw new TypeError('settleUnreadable takes failed reads only');
  const { name } = parseResourceId(read.targetId);
  const target: TargetRef = { id: read.targetId, name, kind: targetKindOf(read.targetId) ?? 'loadBalancer' };
  return settleTarget(runtime, { target, topology: null, failure: { kind: read.error.kind, detail: read.error.message } }, now);
}

function targetRef(topology: TargetTopology): TargetRef {
  return { id: topology.id, name: topology.name, kind: topology.kind };
}
