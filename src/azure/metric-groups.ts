// The batch calls per target kind ("metric groups"): which metrics travel together, with which
// aggregations and filter. Metrics share a call only when they share dimensions — the service
// rejects a filter on a dimension one of the metrics lacks.
// https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-network-loadbalancers-metrics
// https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-network-natgateways-metrics
import type { TargetTopology } from '../snat/model.js';
import type { TargetKind } from './resource-id.js';

export interface MetricGroup {
  name: string;
  metricNames: readonly string[];
  aggregation: string;
  filter?: string;
  /** Series each backend node contributes per metric (0: not split by backend). */
  seriesPerNode: number;
  /** Series the group can return per metric besides per-node ones. */
  fixedSeries: number;
}

/** UsedSnatPorts (peaks: Maximum) and AllocatedSnatPorts (Average) per backend, TCP. */
export const LOAD_BALANCER_PORTS: MetricGroup = {
  name: 'snat-ports',
  metricNames: ['UsedSnatPorts', 'AllocatedSnatPorts'],
  aggregation: 'maximum,average',
  filter: "BackendIPAddress eq '*' and ProtocolType eq 'TCP'",
  seriesPerNode: 1,
  fixedSeries: 0,
};

/** New SNAT connections per backend and connection state (pending, successful, failed). */
export const LOAD_BALANCER_CONNECTIONS: MetricGroup = {
  name: 'snat-connections',
  metricNames: ['SnatConnectionCount'],
  aggregation: 'total',
  filter: "BackendIPAddress eq '*' and ConnectionState eq '*'",
  seriesPerNode: 3,
  fixedSeries: 0,
};

/** SNATConnectionCount by connection state (Attempted, Failed). */
export const NAT_GATEWAY_CONNECTIONS: MetricGroup = {
  name: 'nat-connections',
  metricNames: ['SNATConnectionCount'],
  aggregation: 'total',
  filter: "ConnectionState eq '*'",
  seriesPerNode: 0,
  fixedSeries: 4,
};

/** Active connections, dropped packets (Total) and datapath availability (Average), unsplit. */
export const NAT_GATEWAY_HEALTH: MetricGroup = {
  name: 'nat-health',
  metricNames: ['TotalConnectionCount', 'PacketDropCount', 'DatapathAvailability'],
  aggregation: 'total,average',
  seriesPerNode: 0,
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
 * A `top` above every series the batch can return per metric and resource: series per node × the
 * most nodes any target may have (its pool, or its AKS max plus surge), with headroom.
 */
export function topFor(group: MetricGroup, targets: readonly TargetTopology[]): number {
  const nodes = Math.max(0, ...targets.map((target) => (target.kind === 'loadBalancer' ? Math.max(target.backendPoolSize, target.aks ? target.aks.maxNodes + target.aks.surgeNodes : 0) : 0)));
  return Math.max(DEFAULT_TOP, Math.ceil(group.seriesPerNode * nodes * GROWTH) + group.fixedSeries + 10);
}
