// Topology changes rarely and costs ARM reads, so each function instance keeps it between runs.
// Each entry is refreshed once per SNAT_TOPOLOGY_REFRESH_MINUTES at its own moment (refresh-slot.ts),
// so refreshes are spread over the interval, and a due refresh never holds the run: the target is
// judged on the topology it has while the refresh runs beside the batches (`refreshing`, bounded by
// the stage's deadline). Only a target never read yet waits for its read.
// A refresh that fails for a passing reason (timeout, throttling, a server error) keeps the last good
// topology and is tried again next run; the log says so once. Azure saying the target is gone or
// forbidden drops it, and the target turns unreadable (counting towards "monitoring blind").
// A target whose allocation drifts (Azure's AllocatedSnatPorts against the model computed from this
// topology) may be judged on a stale topology — a pool that grew, an outbound-ports setting changed:
// `markDrifted` makes it due at once, so the next run reads it again, once; a drift that survives
// the fresh read is Azure's, and the topology waits for its regular refresh.
import type { Deadline } from '../azure/deadline.js';
import type { ReadErrorKind, TargetRead } from '../azure/read-error.js';
import type { TargetTopology } from '../snat/model.js';
import { nextRefreshAt } from './refresh-slot.js';

export interface ReadOptions {
  /** The stage's deadline: reads still unanswered then fail as `timeout`. */
  deadline?: Deadline;
}

export type ReadTopologies = (ids: readonly string[], options?: ReadOptions) => Promise<Array<TargetRead<TargetTopology>>>;

export interface CacheLog {
  log(message: string): void;
  warn(message: string): void;
}

export interface TopologyReads {
  /** One per ID, in order: the cached topology, or this run's read of a target not read before. */
  reads: Array<TargetRead<TargetTopology>>;
  /** Settles when this run's refreshes of cached topologies have ended (never rejects). */
  refreshing: Promise<void>;
}

export interface TopologyCache {
  get(ids: readonly string[], now: Date, options?: ReadOptions & { log?: CacheLog }): Promise<TopologyReads>;
  /** The target's allocation drifted from the model: re-read its topology on the next run (once per drift). */
  markDrifted(id: string, now: Date): void;
}

/** Failures that say nothing about the topology itself: the last good one still holds. */
const PASSING: ReadonlySet<ReadErrorKind> = new Set(['timeout', 'throttled', 'failed']);

interface Entry {
  topology: TargetTopology;
  readAt: number;
  refreshAt: number;
  /** Whether the entry stands in for a failed refresh (said once in the log). */
  standingIn: boolean;
  /** Read again because of drift: a drift that persists does not ask for another read before the regular refresh. */
  rereadForDrift: boolean;
}

export function createTopologyCache(read: ReadTopologies, refreshInMinutes: number): TopologyCache {
  const entries = new Map<string, Entry>();
  const intervalInMs = refreshInMinutes * 60_000;
  /** Entries made due by drift, until their re-read lands. */
  const drifted = new Set<string>();

  function take(results: ReadonlyArray<TargetRead<TargetTopology>>, at: number, log: CacheLog | undefined): Map<string, TargetRead<TargetTopology>> {
    for (const r of results) {
      const key = r.targetId.toLowerCase();
      const entry = entries.get(key);
      if (r.ok) {
        if (entry?.standingIn) log?.log(`Topology of ${r.targetId} read again; the last good one from ${iso(entry.readAt)} is replaced`);
        const forDrift = drifted.delete(key);
        entries.set(key, { topology: r.value, readAt: at, refreshAt: nextRefreshAt(key, at, intervalInMs), standingIn: false, rereadForDrift: forDrift });
      } else if (entry && PASSING.has(r.error.kind)) {
        if (!entry.standingIn) {
          log?.warn(`Topology of ${r.targetId} could not be refreshed (${r.error.kind}: ${r.error.message}); judging it on the last good topology, read ${iso(entry.readAt)}, and retrying each run`);
        }
        entry.standingIn = true;
      } else {
        entries.delete(key);
      }
    }
    return new Map(results.map((r) => [r.targetId.toLowerCase(), r]));
  }

  return {
    async get(ids, now, options = {}) {
      const at = now.getTime();
      const unread = ids.filter((id) => !entries.has(id.toLowerCase()));
      const due = ids.filter((id) => at >= (entries.get(id.toLowerCase())?.refreshAt ?? Number.POSITIVE_INFINITY));
      const readOptions = { deadline: options.deadline };
      const refreshing = due.length > 0 ? read(due, readOptions).then((results) => void take(results, at, options.log), () => {}) : Promise.resolve();
      const first = take(unread.length > 0 ? await read(unread, readOptions) : [], at, options.log);
      const reads = ids.map((id) => {
        const entry = entries.get(id.toLowerCase());
        return entry ? { targetId: id, ok: true as const, value: entry.topology } : first.get(id.toLowerCase())!;
      });
      return { reads, refreshing };
    },
    markDrifted(id, now) {
      const key = id.toLowerCase();
      const entry = entries.get(key);
      if (!entry || entry.rereadForDrift || drifted.has(key)) return;
      drifted.add(key);
      entry.refreshAt = Math.min(entry.refreshAt, now.getTime());
    },
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
