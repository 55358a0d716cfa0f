// A planning request with every default resolved: the numbers the allocation, risk and
// recommendation stages read. One place decides the defaults, so the stages never guess.
import {
  AKS_DEFAULT_IDLE_TIMEOUT_MINUTES,
  AKS_DEFAULT_SURGE,
  AKS_MANAGED_OUTBOUND_IPS,
  DEFAULT_IDLE_TIMEOUT_MINUTES,
  LB_MAX_FRONTEND_IPS,
  type NatGatewaySku,
} from './limits.js';
import type { PlanRequestInput, PlanTarget, WorkloadRequest } from './plan-schema.js';

export type ResolvedEgress =
  | { type: 'loadBalancer'; frontendIps: number; allocatedOutboundPorts: number; idleTimeoutMinutes: number }
  | { type: 'natGateway'; sku: NatGatewaySku; publicIps: number; idleTimeoutMinutes: number };

export interface PlanInput {
  egress: ResolvedEgress;
  nodes: { current: number; max: number; surge: number; peak: number };
  workload: WorkloadRequest | null;
  /** Concurrent connections one node holds to its busiest destination IP:port; null when not described. */
  connectionsPerDestination: number | null;
  target: PlanTarget;
  /** How many frontend IPs the target can hold (AKS-managed: 100; a plain Standard LB: 600). */
  maxFrontendIps: number;
}

/** The commands name these shell variables when the request gives no names. */
export const placeholderTarget: PlanTarget = { kind: 'aks', resourceGroup: '$RESOURCE_GROUP', clusterName: '$CLUSTER_NAME' };

/** Resolves a request that satisfies planRequestSchema (parse it first: this does not validate). */
export function resolvePlanInput(request: PlanRequestInput): PlanInput {
  const target = request.target ?? placeholderTarget;
  const aks = target.kind === 'aks';
  const max = request.nodes.max ?? request.nodes.current;
  const surge = resolveSurge(request.nodes.surge ?? (aks ? AKS_DEFAULT_SURGE : 0), max);
  const workload = request.workload ?? null;
  return {
    egress: resolveEgress(request.egress, aks),
    nodes: { current: request.nodes.current, max, surge, peak: max + surge },
    workload,
    connectionsPerDestination: connectionsPerDestination(workload),
    target,
    maxFrontendIps: aks ? AKS_MANAGED_OUTBOUND_IPS.max : LB_MAX_FRONTEND_IPS,
  };
}

function resolveEgress(egress: PlanRequestInput['egress'], aks: boolean): ResolvedEgress {
  if (egress.type === 'natGateway') {
    return { type: 'natGateway', sku: egress.sku ?? 'Standard', publicIps: egress.publicIps, idleTimeoutMinutes: egress.idleTimeoutMinutes ?? DEFAULT_IDLE_TIMEOUT_MINUTES };
  }
  return {
    type: 'loadBalancer',
    frontendIps: egress.frontendIps,
    allocatedOutboundPorts: egress.allocatedOutboundPorts ?? 0,
    idleTimeoutMinutes: egress.idleTimeoutMinutes ?? (aks ? AKS_DEFAULT_IDLE_TIMEOUT_MINUTES : DEFAULT_IDLE_TIMEOUT_MINUTES),
  };
}

/** Surge nodes: a count as given, or a percentage of `max` rounded up (AKS rounds maxSurge up). */
export function resolveSurge(surge: number | string, max: number): number {
  if (typeof surge === 'number') return surge;
  const value = Number.parseInt(surge, 10);
  if (Number.isNaN(value)) return 0;
  return surge.endsWith('%') ? Math.ceil((max * value) / 100) : value;
}

/**
 * Ports are per destination IP:port, so a node needs as many as it holds connections to its
 * busiest destination. A pool caps that at its per-destination limit.
 */
function connectionsPerDestination(workload: WorkloadRequest | null): number | null {
  if (workload?.peakConnectionsPerNode === undefined) return null;
  const share = workload.sameDestinationShare ?? 1;
  // The tolerance keeps 10 × 0.7 (7.000000000000001 in floating point) at 7.
  const busiest = Math.ceil(workload.peakConnectionsPerNode * share - 1e-9);
  const cap = workload.pooled === true ? workload.maxConnectionsPerDestination : undefined;
  return cap === undefined ? busiest : Math.min(busiest, cap);
}
