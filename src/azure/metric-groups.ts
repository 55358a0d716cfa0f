// The batch calls per target kind ("metric groups"): which metrics travel together, with which
// aggregations and filter. Metrics share a call only when they share dimensions — the service
// rejects a filter on a dimension one of the metrics lacks.
// https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-network-loadbalancers-metrics
// https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-network-natgateways-metrics
import type { TargetTopology } from '../snat/model.js';
import type { TargetKind } from './resource-id.js';

/** The point fields of a metric answer the mapping reads. */
export type PointAggregation = 'average' | 'maximum' | 'total';

export interface MetricGroup {
  name: string;
  metricNames: readonly string[];
  aggregation: string;
  /** Per metric (in `metricNames` order), the aggregation the mapping reads from each point. */
  reads: readonly PointAggregation[];
  filter?: string;
  /**
   * Series each backend node contributes per metric and per frontend IP (0: not split by backend):
   * the values of the other dimensions the filter splits (protocols × awaiting-removal states).
   */
  seriesPerNodeAndFrontend: number;
  /** Series the group can return per metric besides per-node ones. */
  fixedSeries: number;
}

/**
 * UsedSnatPorts (peaks: Maximum) and AllocatedSnatPorts (Average) per backend, per frontend IP, per
 * protocol, and whether the node is awaiting removal. Azure reports both per backend instance per
 * frontend IP: a dimension left unsplit is aggregated over (Average of 512 and 512 on two frontends
 * reads 512 for a node that has 1,024), so every dimension is split and the domain sums them.
 */
export const LOAD_BALANCER_PORTS: MetricGroup = {
  name: 'snat-ports',
  metricNames: ['UsedSnatPorts', 'AllocatedSnatPorts'],
  aggregation: 'maximum,average',
  reads: ['maximum', 'average'],
  filter: "BackendIPAddress eq '*' and FrontendIPAddress eq '*' and ProtocolType eq '*' and IsAwaitingRemoval eq '*'",
  // TCP and UDP; IsAwaitingRemoval false and true (a node can change state inside the window).
  seriesPerNodeAndFrontend: 2 * 2,
  fixedSeries: 0,
};

/**
 * New SNAT connections per backend, frontend IP and connection state (pending, successful, failed).
 * SnatConnectionCount has no ProtocolType: a filter on it is answered 400, so failures count against
 * the node whatever the protocol.
 */
export const LOAD_BALANCER_CONNECTIONS: MetricGroup = {
  name: 'snat-connections',
  metricNames: ['SnatConnectionCount'],
  aggregation: 'total',
  reads: ['total'],
  filter: "BackendIPAddress eq '*' and FrontendIPAddress eq '*' and ConnectionState eq '*'",
  seriesPerNodeAndFrontend: 3,
  fixedSeries: 0,
};

/** SNATConnectionCount by connection state (Attempted, Failed). */
export const NAT_GATEWAY_CONNECTIONS: MetricGroup = {
  name: 'nat-connections',
  metricNames: ['SNATConnectionCount'],
  aggregation: 'total',
  reads: ['total'],
  filter: "ConnectionState eq '*'",
  seriesPerNodeAndFrontend: 0,
  fixedSeries: 4,
};

/** Active connections, dropped packets (Total) and datapath availability (Average), unsplit. */
export const NAT_GATEWAY_HEALTH: MetricGroup = {
  name: 'nat-health',
  metricNames: ['TotalConnectionCount', 'PacketDropCount', 'DatapathAvailability'],
  aggregation: 'total,average',
  reads: ['total', 'total', 'average'],
  seriesPerNodeAndFrontend: 0,
  fixedSeries: 0,
};

export function metricGroupsOf(kind: TargetKind): readonly MetricGroup[] {
  return kind === 'loadBalancer' ? [LOAD_BALANCER_PORTS, LOAD_BALANCER_CONNECTIONS] : [NAT_GATEWAY_CONNECTIONS, NAT_GATEWAY_HEALTH];
}

/** `top` defaults to 10 once a filter is given (metricBatch.json), hiding nodes 11+: always send one. */
const DEFAULT_TOP = 10;
/** Headroom for nodes added since the topology was read. */
const GROWTH = 1.25;

/**
 * A `top` above every series the batch can return per metric and resource: for each target, its
 * nodes (its pool, or its AKS max plus surge) × its outbound frontend IPs × the series per node and
 * frontend, with headroom; the largest target sets it.
 */
export function topFor(group: MetricGroup, targets: readonly TargetTopology[]): number {
  const series = Math.max(
    0,
    ...targets.map((target) => {
      if (target.kind !== 'loadBalancer') return 0;
      const nodes = Math.max(target.backendPoolSize, target.aks ? target.aks.maxNodes + target.aks.surgeNodes : 0);
      return nodes * Math.max(1, target.frontendIps) * group.seriesPerNodeAndFrontend;
    }),
  );
  return Math.max(DEFAULT_TOP, Math.ceil(series * GROWTH) + group.fixedSeries + 10);
}
