// The attribution stage of a target's turn: for the worst nodes at or above warning of an AKS load
// balancer, ask the workspace which pods opened their connections (azure/acns-attribution.ts). Cheap
// and never in the alert's way: at most once per node per SNAT_ATTRIBUTION_REFRESH_MINUTES (answers,
// failures included, are kept that long), at most LISTED_NODES nodes per target, and all of it within
// SNAT_ATTRIBUTION_TIMEOUT_SECONDS inside the batch's deadline: a slow workspace turns into
// `timeout` and the alert goes out without pods. Without ACNS the same workspace, deadline and cache
// give cAdvisor's candidates (azure/cadvisor-attribution.ts), never presented as fact.
import type { NodeAttribution } from '../attribution/attribution.js';
import { nodesToAttribute } from '../attribution/attach-attribution.js';
import { readAcnsAttribution, type ReadAcnsOptions } from '../azure/acns-attribution.js';
import { readCadvisorCandidates } from '../azure/cadvisor-attribution.js';
import { deadlineIn, remainingInMs, type Deadline } from '../azure/deadline.js';
import type { PrometheusClient } from '../azure/prometheus-client.js';
import type { TargetEvaluation } from '../snat/evaluation.js';
import type { AksContext, TargetTopology } from '../snat/model.js';
import { LISTED_NODES } from '../slack/alert-message-nodes.js';

export interface WorkloadAttributor {
  /** Backend IP → attribution, for the nodes worth it; empty for NAT gateways and non-AKS load balancers. */
  attribute(topology: TargetTopology, evaluation: TargetEvaluation, now: Date, options?: { deadline?: Deadline }): Promise<Map<string, NodeAttribution>>;
}

export interface WorkloadAttributorOptions {
  enabled: boolean;
  /** The workspace of a cluster's metrics; null when none is configured for it. */
  clientFor: (aks: AksContext) => PrometheusClient | null;
  windowMinutes: number;
  refreshMinutes: number;
  timeoutInMs: number;
}

export function createWorkloadAttributor(options: WorkloadAttributorOptions): WorkloadAttributor {
  const cache = new Map<string, { at: number; value: NodeAttribution }>();
  return {
    async attribute(topology, evaluation, now, { deadline } = {}) {
      const result = new Map<string, NodeAttribution>();
      if (topology.kind !== 'loadBalancer' || !topology.aks) return result;
      const nodes = nodesToAttribute(evaluation).slice(0, LISTED_NODES);
      if (nodes.length === 0) return result;
      if (!options.enabled) return new Map(nodes.map((ip) => [ip, { unavailable: 'disabled' }]));
      const client = options.clientFor(topology.aks);
      if (!client) return new Map(nodes.map((ip) => [ip, { unavailable: 'no-workspace' }]));
      const limit = deadlineIn(options.timeoutInMs, deadline);
      // Forget what is too old to be used again: the cache stays as small as the nodes recently hot.
      for (const [key, entry] of cache) if (now.getTime() - entry.at >= options.refreshMinutes * 60_000) cache.delete(key);
      await Promise.all(nodes.map(async (ip) => {
        const nodeName = topology.nodeNames?.[ip];
        if (!nodeName) return void result.set(ip, { unavailable: 'failed', detail: `the node name of ${ip} is unknown (the scale set's network interfaces could not be read)` });
        const key = `${(topology.aks?.clusterId ?? topology.id).toLowerCase()}|${nodeName}`;
        // What is still cached is younger than the refresh interval: the loop above dropped the rest.
        const cached = cache.get(key);
        if (cached) return void result.set(ip, cached.value);
        const value: NodeAttribution = remainingInMs(limit) === 0
          ? { unavailable: 'timeout', detail: 'no time left in the run for attribution' }
          : await readNodeAttribution(client, nodeName, { windowMinutes: options.windowMinutes, at: now, abortSignal: limit.signal });
        cache.set(key, { at: now.getTime(), value });
        result.set(ip, value);
      }));
      return result;
    },
  };
}

/** ACNS first; with no Hubble series for the node, cAdvisor's candidates (partial); with neither, acns-off as it was. */
async function readNodeAttribution(client: PrometheusClient, nodeName: string, read: ReadAcnsOptions): Promise<NodeAttribution> {
  const acns = await readAcnsAttribution(client, nodeName, read);
  if (!('unavailable' in acns) || acns.unavailable !== 'acns-off') return acns;
  return (await readCadvisorCandidates(client, nodeName, read)) ?? acns;
}

/**
 * The workspace client of a cluster: its entry in SNAT_PROMETHEUS_QUERY_ENDPOINTS (`name=url` or
 * `resourceId=url`, case-insensitive), else the default endpoint; one client per endpoint.
 */
export function workspaceClients(defaultEndpoint: string | undefined, perCluster: readonly string[], create: (endpoint: string) => PrometheusClient): (aks: AksContext) => PrometheusClient | null {
  const endpoints = new Map(perCluster.map((pair) => {
    const at = pair.indexOf('=');
    return [pair.slice(0, at).toLowerCase(), pair.slice(at + 1)] as const;
  }));
  const clients = new Map<string, PrometheusClient>();
  return (aks) => {
    const endpoint = endpoints.get((aks.clusterId ?? '').toLowerCase()) ?? endpoints.get(aks.clusterName.toLowerCase()) ?? defaultEndpoint;
    if (!endpoint) return null;
    let client = clients.get(endpoint);
    if (!client) clients.set(endpoint, (client = create(endpoint)));
    return client;
  };
}
