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
import type { OutboundIpsRequest, PlanRequestInput, PlanTarget, WorkloadRequest } from './plan-schema.js';
import { portHoldOf, type PortHold } from './planner-port-hold.js';

export type ResolvedEgress =
  | {
      type: 'loadBalancer';
      frontendIps: number;
      allocatedOutboundPorts: number;
      idleTimeoutMinutes: number;
      /** AKS: managed (the default) or the owner's IPs or prefixes; absent for a plain load balancer. */
      outboundIps?: OutboundIpsRequest;
    }
  | { type: 'natGateway'; sku: NatGatewaySku; publicIps: number; idleTimeoutMinutes: number };

export interface PlanInput {
  egress: ResolvedEgress;
  nodes: { current: number; max: number; surge: number; peak: number };
  workload: WorkloadRequest | null;
  /**
   * Ports one node needs to its busiest destination IP:port: the larger of its concurrent connections
   * and the Little's-law need (`portHold`), capped by a pool's limit; null when not described.
   */
  connectionsPerDestination: number | null;
  /** New connections × how long each holds its port, when the workload gives a rate (or one follows). */
  portHold: PortHold | null;
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
  const { max, surge } = maxAndSurge(request.nodes, aks ? AKS_DEFAULT_SURGE : 0);
  return withEgress({
    egress: resolveEgress(request.egress, aks),
    nodes: { current: request.nodes.current, max, surge, peak: max + surge },
    workload: request.workload ?? null,
    connectionsPerDestination: null,
    portHold: null,
    target,
    maxFrontendIps: aks ? AKS_MANAGED_OUTBOUND_IPS.max : LB_MAX_FRONTEND_IPS,
  }, resolveEgress(request.egress, aks));
}

/** The input with another egress (and workload): the port need follows both (the hold after close, the idle timeout). */
export function withEgress(input: PlanInput, egress: ResolvedEgress, workload: WorkloadRequest | null = input.workload): PlanInput {
  const portHold = portHoldOf(workload, egress);
  return { ...input, egress, workload, portHold, connectionsPerDestination: connectionsPerDestination(workload, portHold) };
}

function resolveEgress(egress: PlanRequestInput['egress'], aks: boolean): ResolvedEgress {
  if (egress.type === 'natGateway') {
    return { type: 'natGateway', sku: egress.sku ?? 'Standard', publicIps: egress.publicIps, idleTimeoutMinutes: egress.idleTimeoutMinutes ?? DEFAULT_IDLE_TIMEOUT_MINUTES };
  }
  const outboundIps = egress.outboundIps ?? (aks ? { kind: 'managed' as const } : undefined);
  return {
    type: 'loadBalancer',
    frontendIps: egress.frontendIps,
    allocatedOutboundPorts: egress.allocatedOutboundPorts ?? 0,
    idleTimeoutMinutes: egress.idleTimeoutMinutes ?? (aks ? AKS_DEFAULT_IDLE_TIMEOUT_MINUTES : DEFAULT_IDLE_TIMEOUT_MINUTES),
    ...(outboundIps ? { outboundIps } : {}),
  };
}

/**
 * The autoscaler max and the upgrade surge: summed per pool when pools are given (each pool's surge
 * on its own max, rounded up, as AKS counts it), else as given.
 */
function maxAndSurge(nodes: PlanRequestInput['nodes'], defaultSurge: number | string): { max: number; surge: number } {
  if (nodes.pools) {
    const perPool = nodes.pools.map((pool) => {
      const max = Math.max(pool.count, pool.maxCount ?? pool.count);
      return { max, surge: resolveSurge(pool.maxSurge ?? defaultSurge, max) };
    });
    return { max: perPool.reduce((sum, pool) => sum + pool.max, 0), surge: perPool.reduce((sum, pool) => sum + pool.surge, 0) };
  }
  const max = nodes.max ?? nodes.current;
  return { max, surge: resolveSurge(nodes.surge ?? defaultSurge, max) };
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
 * busiest destination, and as many as its new connections keep held (Little's law). A pool caps
 * that at its per-destination limit.
 */
function connectionsPerDestination(workload: WorkloadRequest | null, portHold: PortHold | null): number | null {
  if (workload?.peakConnectionsPerNode === undefined && portHold === null) return null;
  const share = workload?.sameDestinationShare ?? 1;
  // The tolerance keeps 10 × 0.7 (7.000000000000001 in floating point) at 7.
  const concurrent = workload?.peakConnectionsPerNode === undefined ? 0 : Math.ceil(workload.peakConnectionsPerNode * share - 1e-9);
  const busiest = Math.max(concurrent, portHold?.ports ?? 0);
  const cap = workload?.pooled === true ? workload.maxConnectionsPerDestination : undefined;
  return cap === undefined ? busiest : Math.min(busiest, cap);
}
