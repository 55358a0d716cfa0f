// The metrics the simulation serves, with the names, human display names, units and dimensions of
// the real services.
// https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-network-loadbalancers-metrics
// https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-network-natgateways-metrics

export type Aggregation = 'average' | 'minimum' | 'maximum' | 'total' | 'count';
export const AGGREGATIONS: readonly Aggregation[] = ['average', 'minimum', 'maximum', 'total', 'count'];

export interface MetricDefinition {
  name: string;
  /** What the service puts in `name.localizedValue` — and what MetricsClient then calls the metric. */
  localizedName: string;
  unit: 'Count' | 'Percent';
  description: string;
  /** Dimension names as documented (the service may echo them lowercased). */
  dimensions: readonly string[];
}

export const LOAD_BALANCER_NAMESPACE = 'microsoft.network/loadbalancers';
export const NAT_GATEWAY_NAMESPACE = 'microsoft.network/natgateways';

const LOAD_BALANCER_METRICS: readonly MetricDefinition[] = [
  {
    name: 'UsedSnatPorts', localizedName: 'Used SNAT Ports', unit: 'Count',
    description: 'Total number of SNAT ports used within time period',
    dimensions: ['FrontendIPAddress', 'BackendIPAddress', 'ProtocolType', 'IsAwaitingRemoval'],
  },
  {
    name: 'AllocatedSnatPorts', localizedName: 'Allocated SNAT Ports', unit: 'Count',
    description: 'Total number of SNAT ports allocated within time period',
    dimensions: ['FrontendIPAddress', 'BackendIPAddress', 'ProtocolType', 'IsAwaitingRemoval'],
  },
  {
    name: 'SnatConnectionCount', localizedName: 'SNAT Connection Count', unit: 'Count',
    description: 'Total number of new SNAT connections created within time period',
    dimensions: ['FrontendIPAddress', 'BackendIPAddress', 'ConnectionState'],
  },
];

const NAT_GATEWAY_METRICS: readonly MetricDefinition[] = [
  {
    name: 'SNATConnectionCount', localizedName: 'SNAT Connection Count', unit: 'Count',
    description: 'Total concurrent active connections', dimensions: ['Protocol', 'ConnectionState'],
  },
  {
    name: 'TotalConnectionCount', localizedName: 'Total SNAT Connection Count', unit: 'Count',
    description: 'Total number of active SNAT connections', dimensions: ['Protocol'],
  },
  {
    name: 'PacketDropCount', localizedName: 'Dropped Packets', unit: 'Count',
    description: 'Count of dropped packets', dimensions: [],
  },
  {
    name: 'DatapathAvailability', localizedName: 'Datapath Availability', unit: 'Percent',
    description: 'NAT Gateway Datapath Availability', dimensions: [],
  },
];

/** The metric definitions of a namespace (case-insensitive), or undefined when it is not simulated. */
export function metricsOfNamespace(namespace: string): readonly MetricDefinition[] | undefined {
  const key = namespace.toLowerCase();
  if (key === LOAD_BALANCER_NAMESPACE) return LOAD_BALANCER_METRICS;
  if (key === NAT_GATEWAY_NAMESPACE) return NAT_GATEWAY_METRICS;
  return undefined;
}
