// Topology changes rarely and costs ARM reads, so each function instance keeps it between runs.
// Each entry is refreshed once per SNAT_TOPOLOGY_REFRESH_MINUTES at its own moment (refresh-slot.ts),
// so refreshes are spread over the interval. A refresh that fails for a passing reason (timeout,
// throttling, a server error) keeps the last good topology — the target is still judged — and is
// tried again next run; the log says so once. Azure saying the target is gone or forbidden drops it,
// and the target turns unreadable (counting towards "monitoring blind").
import type { Deadline } from '../azure/deadline.js';
import type { ReadErrorKind, TargetRead, TargetReadError } from '../azure/read-error.js';
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

export interface TopologyCache {
  get(ids: readonly string[], now: Date, options?: ReadOptions & { log?: CacheLog }): Promise<Array<TargetRead<TargetTopology>>>;
}

/** Failures that say nothing about the topology itself: the last good one still holds. */
const PASSING: ReadonlySet<ReadErrorKind> = new Set(['timeout', 'throttled', 'failed']);

interface Entry {
  topology: TargetTopology;
  readAt: number;
  refreshAt: number;
  /** The failed refresh the entry is standing in for, once one failed. */
  standingIn: TargetReadError | null;
}

export function createTopologyCache(read: ReadTopologies, refreshInMinutes: number): TopologyCache {
  const entries = new Map<string, Entry>();
  const intervalInMs = refreshInMinutes * 60_000;
  return {
    async get(ids, now, options = {}) {
      const at = now.getTime();
      const isDue = (id: string) => {
        const entry = entries.get(id.toLowerCase());
        return !entry || at >= entry.refreshAt;
      };
      const due = ids.filter(isDue);
      const reads = new Map((due.length > 0 ? await read(due, { deadline: options.deadline }) : []).map((r) => [r.targetId.toLowerCase(), r]));
      for (const [key, r] of reads) {
        const entry = entries.get(key);
        if (r.ok) {
          if (entry?.standingIn) options.log?.log(`Topology of ${r.targetId} read again; the last good one from ${iso(entry.readAt)} is replaced`);
          entries.set(key, { topology: r.value, readAt: at, refreshAt: nextRefreshAt(key, at, intervalInMs), standingIn: null });
        } else if (entry && PASSING.has(r.error.kind)) {
          if (!entry.standingIn) {
            options.log?.warn(`Topology of ${r.targetId} could not be refreshed (${r.error.kind}: ${r.error.message}); judging it on the last good topology, read ${iso(entry.readAt)}, and retrying each run`);
          }
          entry.standingIn = r.error;
        } else {
          entries.delete(key);
        }
      }
      return ids.map((id) => {
        const entry = entries.get(id.toLowerCase());
        return entry ? { targetId: id, ok: true as const, value: entry.topology } : reads.get(id.toLowerCase())!;
      });
    },
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
