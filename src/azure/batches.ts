// Groups targets into metrics batches: at most 50 resources per call, all of one subscription,
// region and resource type. A batch is the pipeline's unit of work, so large estates can fan
// batches out over a queue later; its `key` names it stably for logs and queue messages.
// https://learn.microsoft.com/azure/azure-monitor/metrics/migrate-to-batch-api#batching-restrictions
import { normalizeRegion, type TargetKind } from './resource-id.js';

/** "up to 50 resource IDs in the same subscription and region in a single batch API call" (GA announcement, 31 Jan 2024). */
export const MAX_RESOURCES_PER_BATCH = 50;

export interface BatchTarget {
  id: string;
  kind: TargetKind;
  subscriptionId: string;
  location: string;
}

export interface TargetBatch<T extends BatchTarget = BatchTarget> {
  /** `{subscription}/{region}/{kind}/{n}`, stable for the same targets in the same order. */
  key: string;
  subscriptionId: string;
  /** Normalized (`eastus`). */
  region: string;
  kind: TargetKind;
  targets: T[];
}

export interface GroupIntoBatchesOptions {
  /** 1–50 (default 50). */
  maxSize?: number;
}

/**
 * Groups in order of first appearance and splits each group into the fewest batches, of even
 * sizes (51 targets → 26 + 25, not 50 + 1). Duplicate IDs are dropped.
 */
export function groupIntoBatches<T extends BatchTarget>(targets: readonly T[], options: GroupIntoBatchesOptions = {}): TargetBatch<T>[] {
  const maxSize = options.maxSize ?? MAX_RESOURCES_PER_BATCH;
  if (!Number.isInteger(maxSize) || maxSize < 1 || maxSize > MAX_RESOURCES_PER_BATCH) {
    throw new RangeError(`maxSize must be an integer from 1 to ${MAX_RESOURCES_PER_BATCH}, got ${maxSize}`);
  }
  const groups = new Map<string, { subscriptionId: string; region: string; kind: TargetKind; targets: T[] }>();
  const seen = new Set<string>();
  for (const target of targets) {
    const id = target.id.toLowerCase();
    if (seen.has(id)) continue;
    seen.add(id);
    const subscriptionId = target.subscriptionId.toLowerCase();
    const region = normalizeRegion(target.location);
    const groupKey = `${subscriptionId}/${region}/${target.kind}`;
    const group = groups.get(groupKey) ?? { subscriptionId, region, kind: target.kind, targets: [] };
    group.targets.push(target);
    groups.set(groupKey, group);
  }
  return [...groups.values()].flatMap((group) => {
    const count = Math.ceil(group.targets.length / maxSize);
    const size = Math.ceil(group.targets.length / count);
    return Array.from({ length: count }, (_, n) => ({
      key: `${group.subscriptionId}/${group.region}/${group.kind}/${n}`,
      subscriptionId: group.subscriptionId,
      region: group.region,
      kind: group.kind,
      targets: group.targets.slice(n * size, (n + 1) * size),
    }));
  });
}
