// Shapes for evaluation tests: a 15-minute window ending at NOW, series written as plain arrays of
// per-minute values (oldest first, the last one at NOW − 1 min), and targets with sane defaults.
import type { EvaluationRules } from '../../src/snat/evaluation.js';
import type {
  BackendSeries,
  FrontendPortSeries,
  LoadBalancerMetrics,
  LoadBalancerTopology,
  MinutePoint,
  NatGatewayMetrics,
  NatGatewayTopology,
} from '../../src/snat/model.js';

export const NOW = new Date('2024-05-01T10:15:00.000Z');
export const WINDOW = { from: '2024-05-01T10:00:00.000Z', to: '2024-05-01T10:15:00.000Z' };

export const RULES: EvaluationRules = {
  warningThreshold: 0.75,
  criticalThreshold: 0.9,
  clearHysteresis: 0.05,
  forMinutes: 5,
  staleAfterMinutes: 5,
};

export const LB_ID = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/mc_rg_aks/providers/Microsoft.Network/loadBalancers/kubernetes';
export const NAT_ID = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-net/providers/Microsoft.Network/natGateways/egress';

/** Values for consecutive minutes, the last one at `NOW − 1 min` (or `endOffsetMinutes` earlier). */
export function minutes(values: ReadonlyArray<number | null>, endOffsetMinutes = 1): MinutePoint[] {
  const lastMs = NOW.getTime() - endOffsetMinutes * 60_000;
  return values.map((value, index) => ({ at: new Date(lastMs - (values.length - 1 - index) * 60_000).toISOString(), value }));
}

/** The same value for every minute of the window. */
export function steady(value: number | null, count = 15): MinutePoint[] {
  return minutes(Array.from({ length: count }, () => value));
}

export interface BackendValues {
  used: ReadonlyArray<number | null> | MinutePoint[];
  allocated?: number | ReadonlyArray<number | null>;
  newConnections?: ReadonlyArray<number | null>;
  failed?: ReadonlyArray<number | null>;
  /** Per frontend IP TCP figures instead of one frontend carrying `used` / `allocated`. */
  frontends?: ReadonlyArray<{ frontendIp?: string; used: ReadonlyArray<number | null>; allocated: number | ReadonlyArray<number | null> }>;
  /** UDP ports on the first frontend IP. */
  udp?: { used: ReadonlyArray<number | null>; allocated: number | ReadonlyArray<number | null> };
  awaitingRemoval?: boolean;
}

export const FRONTEND_IP = '20.0.0.1';

/** One backend's series; `used` and `allocated` sit on one frontend IP unless `frontends` splits them. */
export function backend(backendIp: string, values: BackendValues): BackendSeries {
  const used = isPoints(values.used) ? values.used : minutes(values.used);
  const allocatedOf = (allocated: number | ReadonlyArray<number | null>, along: MinutePoint[]) =>
    typeof allocated === 'number' ? along.map((point) => ({ at: point.at, value: allocated })) : minutes(allocated);
  const tcp: FrontendPortSeries[] = values.frontends
    ? values.frontends.map((frontend, i) => {
        const points = minutes(frontend.used);
        return { protocol: 'TCP', frontendIp: frontend.frontendIp ?? `20.0.0.${i + 1}`, used: points, allocated: allocatedOf(frontend.allocated, points) };
      })
    : [{ protocol: 'TCP', frontendIp: FRONTEND_IP, used, allocated: allocatedOf(values.allocated ?? 1_024, used) }];
  const udp: FrontendPortSeries[] = values.udp
    ? [{ protocol: 'UDP', frontendIp: FRONTEND_IP, used: minutes(values.udp.used), allocated: allocatedOf(values.udp.allocated, minutes(values.udp.used)) }]
    : [];
  return {
    backendIp,
    ports: [...tcp, ...udp],
    newConnections: values.newConnections ? minutes(values.newConnections) : [],
    failedConnections: values.failed ? minutes(values.failed) : [],
    ...(values.awaitingRemoval ? { awaitingRemoval: true } : {}),
  };
}

function isPoints(values: BackendValues['used']): values is MinutePoint[] {
  return values.length > 0 && typeof values[0] === 'object' && values[0] !== null;
}

export function lbTopology(overrides: Partial<LoadBalancerTopology> = {}): LoadBalancerTopology {
  return {
    kind: 'loadBalancer',
    id: LB_ID,
    name: 'kubernetes',
    subscriptionId: '00000000-0000-0000-0000-000000000001',
    resourceGroup: 'mc_rg_aks',
    location: 'westeurope',
    frontendIps: 1,
    backendPoolSize: 3,
    backendIps: [],
    outboundRule: { name: 'aksOutboundRule', allocatedOutboundPorts: 0, idleTimeoutMinutes: 30, enableTcpReset: true },
    aks: null,
    ...overrides,
  };
}

export function lbMetrics(backends: BackendSeries[]): LoadBalancerMetrics {
  return { kind: 'loadBalancer', targetId: LB_ID, ...WINDOW, backends };
}

export function natTopology(overrides: Partial<NatGatewayTopology> = {}): NatGatewayTopology {
  return {
    kind: 'natGateway',
    id: NAT_ID,
    name: 'egress',
    subscriptionId: '00000000-0000-0000-0000-000000000001',
    resourceGroup: 'rg-net',
    location: 'westeurope',
    sku: 'Standard',
    publicIps: 2,
    publicIpsV6: 0,
    idleTimeoutMinutes: 4,
    ...overrides,
  };
}

export function natMetrics(overrides: Partial<NatGatewayMetrics> = {}): NatGatewayMetrics {
  return {
    kind: 'natGateway',
    targetId: NAT_ID,
    ...WINDOW,
    failedConnections: [],
    attemptedConnections: steady(1_000),
    activeConnections: steady(20_000),
    droppedPackets: [],
    datapathAvailability: steady(100),
    ...overrides,
  };
}
