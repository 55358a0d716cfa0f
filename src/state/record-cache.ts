// What one process remembers of the targets it wrote, so its next run writes without reading first:
// the state row's ETag and document, the outbox counters, and the hour rollups it wrote with their
// ETags. Never trusted blindly: the next write is guarded by these ETags (If-Match), and a 412 drops
// the entry so the target is read again. Bounded: the least recently used target goes first.
import type { StateCounters } from './state-row.js';

/** A row of the target's partition as this process last saw it: `etag` null when it is not there yet. */
export interface KnownRow {
  etag: string | null;
  /** The document as stored (JSON), so "changed" is a string comparison. */
  json: string;
}

export interface KnownRecord {
  partitionKey: string;
  /** null: the target has no state row yet. */
  state: KnownRow | null;
  counters: StateCounters;
  /** Hour rollups by ISO hour start; `etag` null for a rollup carried over from the legacy table. */
  hours: Map<string, KnownRow>;
  /** Every hour rollup from this hour on is in `hours` (absent means no row). */
  knownFrom: string;
}

/** Past any ISO timestamp: nothing is known. */
export const NOTHING_KNOWN = '\uffff';

/** Enough for the targets one instance watches at 10,000 load balancers with ~1 KB–10 KB each. */
export const DEFAULT_MAX_CACHED_TARGETS = 10_000;

export interface RecordCache {
  get(partitionKey: string): KnownRecord | undefined;
  set(record: KnownRecord): void;
  delete(partitionKey: string): void;
  readonly size: number;
}

export function createRecordCache(maxTargets = DEFAULT_MAX_CACHED_TARGETS): RecordCache {
  if (!Number.isInteger(maxTargets) || maxTargets < 0) throw new RangeError(`maxTargets: expected a whole number ≥ 0, got ${maxTargets}`);
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const records = new Map<string, KnownRecord>();
  return {
    get(partitionKey) {
      const record = records.get(partitionKey);
      if (record) {
        records.delete(partitionKey);
        records.set(partitionKey, record);
      }
      return record;
    },
    set(record) {
      records.delete(record.partitionKey);
      if (maxTargets === 0) return;
      records.set(record.partitionKey, record);
      while (records.size > maxTargets) records.delete(records.keys().next().value!);
    },
    delete(partitionKey) {
      records.delete(partitionKey);
    },
    get size() {
      return records.size;
    },
  };
}
