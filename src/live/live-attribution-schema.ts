// The `attribution` of a node in the live view (GET /api/recommendations): the pods that opened the
// node's new TCP connections, from ACNS metrics, with the caveats of that source; without ACNS the
// candidates from cAdvisor's packets (partial: true); or why none is named. Mirrors src/attribution/attribution.ts NodeAttribution.
import { z } from 'zod';
import { ATTRIBUTION_UNAVAILABLE_REASONS } from '../attribution/attribution.js';

export const liveAttributedPodSchema = z.strictObject({
  namespace: z.string().describe('Kubernetes namespace; empty for host-network traffic.'),
  pod: z.string().describe("Pod name; the node's name for host-network traffic."),
  share: z.number().min(0).max(1).describe("Share of the node's SYN packets in the window, 0–1."),
  newConnections: z.number().int().min(0).describe('SYN packets the pod sent in the window: an upper bound on its new TCP connections (retransmits count).'),
  destinations: z.array(z.string()).describe('DNS names the pod looked up most in the window, most first.'),
  hostNetwork: z.boolean().describe("Traffic of the node's own network namespace: hostNetwork pods and node processes, not told apart."),
});

export const liveCandidatePodSchema = z.strictObject({
  namespace: z.string(),
  pod: z.string(),
  share: z.number().min(0).max(1).describe("Share of the node's transmitted packets in the window, 0–1."),
  packetsSent: z.number().int().min(0).describe('Packets the pod transmitted in the window (any protocol, any destination): not connections.'),
});

export const liveAttributionSchema = z.union([
  z.strictObject({
    source: z.enum(['acns-metrics']).describe('ACNS (Advanced Container Networking Services) Hubble metrics in managed Prometheus.'),
    window: z.strictObject({ minutes: z.number().int().min(1), to: z.string().describe('ISO 8601, UTC.') }),
    pods: z.array(liveAttributedPodSchema).describe('Top 3, most connections first.'),
    caveats: z.array(z.string()).describe('What the source cannot tell: read them before acting.'),
  }),
  z.strictObject({
    source: z.enum(['cadvisor-candidates']).describe('Without ACNS: cAdvisor container_network_transmit_packets_total per pod in managed Prometheus.'),
    partial: z.literal(true).describe('Candidates, not proof: packets sent, not connections opened. Never the workload to fix.'),
    window: z.strictObject({ minutes: z.number().int().min(1), to: z.string().describe('ISO 8601, UTC.') }),
    pods: z.array(liveCandidatePodSchema).describe("Top 3 by packets sent; hostNetwork pods (which report the node's whole traffic) left out."),
    caveats: z.array(z.string()).describe('What the source cannot tell: read them before acting.'),
  }),
  z.strictObject({
    unavailable: z.enum(ATTRIBUTION_UNAVAILABLE_REASONS).describe('acns-off: no Hubble series for the node and no cAdvisor series either; no-workspace: SNAT_PROMETHEUS_QUERY_ENDPOINT unset; forbidden: the workspace refused the identity; timeout; failed; disabled: SNAT_ATTRIBUTION=off.'),
    detail: z.string().optional(),
  }),
]);

export type LiveAttribution = z.output<typeof liveAttributionSchema>;
