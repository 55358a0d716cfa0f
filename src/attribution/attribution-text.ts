// Attribution in words, for Slack and the page alike: "shop/checkout-7f9c opened 61 % of the node's
// new TCP connections in 15 min (lookups: api.payments.example)". Pure.
import { formatPercent } from '../snat/format.js';
import type { AttributedPod, AttributionUnavailableReason, CandidatePod, NodeAttribution } from './attribution.js';

export const SOURCE_LABEL = { 'acns-metrics': 'from ACNS metrics', 'cadvisor-candidates': 'candidates (from cAdvisor packets, not proof)' } as const;

const UNAVAILABLE_TEXT: Record<AttributionUnavailableReason, string> = {
  'acns-off': 'no ACNS metrics for this node, nor cAdvisor ones (Advanced Container Networking Services, or managed Prometheus, is off)',
  'no-workspace': 'no Azure Monitor workspace configured (SNAT_PROMETHEUS_QUERY_ENDPOINT)',
  forbidden: 'the Azure Monitor workspace refused the identity (it needs Monitoring Data Reader there)',
  timeout: 'the Azure Monitor workspace did not answer in time',
  failed: 'the Azure Monitor workspace query failed',
  disabled: 'attribution is off (SNAT_ATTRIBUTION=off)',
};

/** "10.0.0.4 (aks-nodepool1-12345678-vmss000003)", or the IP alone when the name is not known. */
export function nodeLabel(ip: string, nodeName: string | null | undefined): string {
  return nodeName ? `${ip} (${nodeName})` : ip;
}

/** One sentence per pod, most first; empty when none was named. */
export function podSentences(attribution: NodeAttribution): string[] {
  if ('unavailable' in attribution) return [];
  return attribution.pods.map((pod) => podSentence(pod, attribution.window.minutes));
}

export function podSentence(pod: AttributedPod | CandidatePod, windowMinutes: number): string {
  if ('packetsSent' in pod) return `${pod.namespace}/${pod.pod} sent ${formatPercent(pod.share)} of the node's packets in ${windowMinutes} min`;
  const who = pod.hostNetwork ? `the node's host network (hostNetwork pods, node processes)` : `${pod.namespace}/${pod.pod}`;
  const lookups = pod.destinations.length > 0 ? ` (lookups: ${pod.destinations.join(', ')})` : '';
  return `${who} opened ${formatPercent(pod.share)} of the node's new TCP connections in ${windowMinutes} min${lookups}`;
}

/** The pod as named in a short list: `namespace/pod`, or the node's host network. */
export function podName(pod: AttributedPod | CandidatePod): string {
  return 'hostNetwork' in pod && pod.hostNetwork ? "the node's host network" : `${pod.namespace}/${pod.pod}`;
}

/** "from ACNS metrics", "candidates (from cAdvisor packets, not proof)", or why no pod is named. */
export function attributionNote(attribution: NodeAttribution): string {
  if ('unavailable' in attribution) return `pods not named: ${UNAVAILABLE_TEXT[attribution.unavailable]}`;
  if (attribution.pods.length > 0) return SOURCE_LABEL[attribution.source];
  const none = attribution.source === 'cadvisor-candidates' ? 'no pod sent packets' : 'no pod opened connections';
  return `${SOURCE_LABEL[attribution.source]}: ${none} in ${attribution.window.minutes} min`;
}

/** The workload the pooling fix is for: the top pod with a name, as `namespace/pod`; never from candidates. */
export function workloadToFix(attribution: NodeAttribution | undefined): string | null {
  if (!attribution || 'unavailable' in attribution || attribution.source !== 'acns-metrics') return null;
  const top = attribution.pods.find((pod) => !pod.hostNetwork);
  return top ? `${top.namespace}/${top.pod}` : null;
}
