// Topology changes rarely and costs ARM reads, so each function instance keeps it between runs and
// refreshes it every SNAT_TOPOLOGY_REFRESH_MINUTES. Failed reads are never cached: the next run
// tries again, and counts towards "monitoring blind" if it keeps failing.
import type { TargetRead } from '../azure/read-error.js';
import type { TargetTopology } from '../snat/model.js';

export type ReadTopologies = (ids: readonly string[]) => Promise<Array<TargetRead<TargetTopology>>>;

export interface TopologyCache {
  get(ids: readonly string[], now: Date): Promise<Array<TargetRead<TargetTopology>>>;
}

export function createTopologyCache(read: ReadTopologies, refreshInMinutes: number): TopologyCache {
  const entries = new Map<string, { topology: TargetTopology; readAt: number }>();
  const maxAgeInMs = refreshInMinutes * 60_000;
  return {
    async get(ids, now) {
      const fresh = (id: string) => {
        const entry = entries.get(id.toLowerCase());
        return entry && now.getTime() - entry.readAt < maxAgeInMs ? entry.topology : undefined;
      };
      const stale = ids.filter((id) => !fresh(id));
      const reads = new Map((await (stale.length > 0 ? read(stale) : Promise.resolve([]))).map((r) => [r.targetId.toLowerCase(), r]));
      for (const r of reads.values()) {
        if (r.ok) entries.set(r.targetId.toLowerCase(), { topology: r.value, readAt: now.getTime() });
      }
      return ids.map((id) => {
        const cached = fresh(id);
        return cached ? { targetId: id, ok: true as const, value: cached } : reads.get(id.toLowerCase())!;
      });
    },
  };
}
