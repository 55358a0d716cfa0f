// Which pods opened a hot node's new connections: the shapes the watch, the Slack message, the live
// view and the JSON share, and the pure ranking that turns the answers of the metrics queries into
// them. No I/O: the azure/ adapter (acns-attribution.ts) asks, this decides what may be said. A
// node's pods are named only from data that names them; anything else is `unavailable` with a reason,
// never a guess presented as fact.

/** Why no pods are named for a node. */
export type AttributionUnavailableReason =
  /** The workspace answered, with no Hubble series for the node: ACNS (or its metrics) is off. */
  | 'acns-off'
  /** No Azure Monitor workspace is configured for the cluster (SNAT_PROMETHEUS_QUERY_ENDPOINT). */
  | 'no-workspace'
  /** The workspace refused the identity (401/403): it lacks Monitoring Data Reader there. */
  | 'forbidden'
  /** No answer within the attribution's time limit: the alert went out without it. */
  | 'timeout'
  /** Any other failure (a 5xx, a malformed answer). */
  | 'failed'
  /** SNAT_ATTRIBUTION=off. */
  | 'disabled';

export const ATTRIBUTION_UNAVAILABLE_REASONS = ['acns-off', 'no-workspace', 'forbidden', 'timeout', 'failed', 'disabled'] as const satisfies readonly AttributionUnavailableReason[];

export interface AttributedPod {
  /** Kubernetes namespace; empty for host-network traffic. */
  namespace: string;
  /** Pod name; the node's name for host-network traffic. */
  pod: string;
  /** Share of the node's SYN packets in the window, 0–1. */
  share: number;
  /** SYN packets the pod sent in the window (an upper bound on new TCP connections: retransmits count). */
  newConnections: number;
  /** DNS names the pod looked up most in the window, most first: where it connects (when it resolves names). */
  destinations: string[];
  /** Traffic from the node's own network namespace: hostNetwork pods and node processes, not told apart. */
  hostNetwork: boolean;
}

/** A pod cAdvisor saw sending packets on the node: a candidate, not a proven source of connections. */
export interface CandidatePod {
  namespace: string;
  pod: string;
  /** Share of the node's transmitted packets in the window, 0–1. */
  share: number;
  /** Packets the pod transmitted in the window (any protocol, any destination): not connections. */
  packetsSent: number;
}

export type AttributionSource = 'acns-metrics' | 'cadvisor-candidates';

/** Pods named from ACNS's SYN counts: who opened the node's new TCP connections. */
export interface AcnsAttribution { source: 'acns-metrics'; window: { minutes: number; to: string }; pods: AttributedPod[]; caveats: string[] }

/**
 * Without ACNS: the pods that sent most packets (cAdvisor). `partial: true` — candidates, not proof;
 * never the workload to fix.
 */
export interface CandidateAttribution { source: 'cadvisor-candidates'; partial: true; window: { minutes: number; to: string }; pods: CandidatePod[]; caveats: string[] }

export type NodeAttribution =
  | AcnsAttribution
  | CandidateAttribution
  | { unavailable: AttributionUnavailableReason; detail?: string };

/** What the ACNS queries answered for one node (acns-attribution.ts). Counts are increase() over the window. */
export interface AcnsAnswers {
  nodeName: string;
  windowMinutes: number;
  at: Date;
  /** SYN packets of every source on the node; null when the workspace has no series for it. */
  nodeTotal: number | null;
  /** SYN packets of sources with a pod name (source!=""); null when no series. */
  namedTotal: number | null;
  /** The top sources (`namespace/pod`) by SYN packets. */
  top: Array<{ source: string; syn: number }>;
  /** The top DNS queries per source, most first. */
  lookups: ReadonlyMap<string, string[]>;
}

/** Pods named per hot node. */
export const TOP_PODS = 3;

/** Hubble's SYN counts, and what they cannot tell. */
export const ACNS_CAVEATS = [
  'SYN counts are packets: retransmits inflate them while connections fail during exhaustion.',
  'hostNetwork pods show as the node itself.',
  'In-cluster destinations are counted too; only some of these connections leave through SNAT.',
] as const;

/** Ranks the sources of a node's new TCP connections; `acns-off` when the workspace has no series for the node. */
export function rankAcnsAnswers(answers: AcnsAnswers): AcnsAttribution | { unavailable: 'acns-off'; detail: string } {
  const total = answers.nodeTotal ?? 0;
  if (answers.nodeTotal === null || !(total > 0)) return { unavailable: 'acns-off', detail: `no hubble_tcp_flags_total series for node ${answers.nodeName} in the last ${answers.windowMinutes} min` };
  const pods: AttributedPod[] = answers.top
    .filter((entry) => entry.syn > 0 && entry.source.includes('/'))
    .map((entry) => {
      const slash = entry.source.indexOf('/');
      return { namespace: entry.source.slice(0, slash), pod: entry.source.slice(slash + 1), share: clampShare(entry.syn / total), newConnections: Math.round(entry.syn), destinations: answers.lookups.get(entry.source) ?? [], hostNetwork: false };
    });
  const host = total - (answers.namedTotal ?? 0);
  if (host > 0 && host / total >= 0.005) {
    pods.push({ namespace: '', pod: answers.nodeName, share: clampShare(host / total), newConnections: Math.round(host), destinations: [], hostNetwork: true });
  }
  pods.sort((a, b) => b.newConnections - a.newConnections || `${a.namespace}/${a.pod}`.localeCompare(`${b.namespace}/${b.pod}`));
  return { source: 'acns-metrics', window: { minutes: answers.windowMinutes, to: answers.at.toISOString() }, pods: pods.slice(0, TOP_PODS), caveats: [...ACNS_CAVEATS] };
}

export function clampShare(value: number): number {
  return Math.min(1, Math.max(0, Math.round(value * 1000) / 1000));
}
