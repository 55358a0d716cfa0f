// The fallback without ACNS: cAdvisor's transmitted packets per pod on the hot node
// (container_network_transmit_packets_total, scraped by managed Prometheus by default) rank the
// candidates. Packets are not connections, so this is `partial: true` — candidates, not proof — and
// never names the workload to fix. Pure: the azure/ adapter (cadvisor-attribution.ts) asks.
import { clampShare, TOP_PODS, type CandidateAttribution } from './attribution.js';

/**
 * A hostNetwork pod shares the node's network namespace, so cAdvisor reports the node's whole traffic
 * for it (google/cadvisor#2615): a pod at or above this share of the node's total is that, not a
 * candidate, and is left out (the scrapes of the two series differ by moments, hence not exactly 1).
 */
export const HOST_NETWORK_SHARE = 0.99;

/** What the cAdvisor queries answered for one node. Counts are increase() over the window. */
export interface CadvisorAnswers {
  nodeName: string;
  windowMinutes: number;
  at: Date;
  /** Packets the node's own interfaces transmitted (the root cgroup, id="/"); null when no series. */
  nodeTotal: number | null;
  /** The top pods by transmitted packets, hostNetwork ones already left out by the query. */
  top: Array<{ namespace: string; pod: string; packets: number }>;
}

export const CADVISOR_CAVEATS = [
  'Candidates, not proof: without ACNS no metric says which pod opens connections.',
  'Packets sent, not connections opened: a pod streaming much data over a few pooled connections ranks high, one opening many short connections may rank low.',
  "hostNetwork pods report the node's whole traffic in cAdvisor: they are left out.",
] as const;

/** Ranks the candidates; `null` when cAdvisor has no series for the node either (the caller keeps acns-off). */
export function rankCadvisorAnswers(answers: CadvisorAnswers): CandidateAttribution | null {
  const total = answers.nodeTotal ?? 0;
  if (answers.nodeTotal === null || !(total > 0)) return null;
  const pods = answers.top
    .filter((entry) => entry.pod !== '' && entry.packets > 0 && entry.packets < total * HOST_NETWORK_SHARE)
    .sort((a, b) => b.packets - a.packets || `${a.namespace}/${a.pod}`.localeCompare(`${b.namespace}/${b.pod}`))
    .slice(0, TOP_PODS)
    .map((entry) => ({ namespace: entry.namespace, pod: entry.pod, share: clampShare(entry.packets / total), packetsSent: Math.round(entry.packets) }));
  return { source: 'cadvisor-candidates', partial: true, window: { minutes: answers.windowMinutes, to: answers.at.toISOString() }, pods, caveats: [...CADVISOR_CAVEATS] };
}
