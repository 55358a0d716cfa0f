// The SNAT allocation model: how many ports Azure gives each backend instance, what a manual
// outbound rule may ask for, and what fits. Pure arithmetic over DOMAIN.md §2–5; the constants and
// the pages they come from are in limits.ts.
import type { LoadBalancerTopology } from './model.js';
import {
  DEFAULT_ALLOCATION_CAP,
  DEFAULT_ALLOCATION_MAX_POOL_SIZE,
  DEFAULT_ALLOCATION_TABLE,
  LB_PORTS_PER_FRONTEND_IP,
  MAX_PORTS_PER_INSTANCE,
  NAT_PORTS_PER_IP,
  PORT_BLOCK,
} from './limits.js';

/**
 * Ports Azure preallocates to each backend instance under default allocation:
 * `min(table(poolSize) × frontendIps, 1024)`.
 * A pool of 0 gets the first row (what the first instance will receive). The table is not defined
 * past 1,000 instances: a larger pool, a negative or fractional one, or fewer than one frontend IP
 * throws RangeError (a caller error; the planner reports such pools as INVALID_CONFIGURATION).
 */
export function defaultPortsPerInstance(poolSize: number, frontendIps: number): number {
  if (!Number.isInteger(poolSize) || poolSize < 0 || poolSize > DEFAULT_ALLOCATION_MAX_POOL_SIZE) {
    throw new RangeError(`poolSize must be an integer from 0 to ${DEFAULT_ALLOCATION_MAX_POOL_SIZE}, got ${poolSize}`);
  }
  if (!Number.isInteger(frontendIps) || frontendIps < 1) {
    throw new RangeError(`frontendIps must be an integer of at least 1, got ${frontendIps}`);
  }
  const row = DEFAULT_ALLOCATION_TABLE.find((candidate) => poolSize <= candidate.maxPoolSize);
  // The find cannot miss: poolSize ≤ the last row's maxPoolSize was checked above.
  return Math.min(row!.portsPerInstance * frontendIps, DEFAULT_ALLOCATION_CAP);
}

/** Whether a pool size has a default-table row (≤ 1,000 instances). */
export function hasDefaultAllocation(poolSize: number): boolean {
  return poolSize <= DEFAULT_ALLOCATION_MAX_POOL_SIZE;
}

/**
 * What Azure should allocate per backend now: the outbound rule's `allocatedOutboundPorts` when it
 * is above 0, else the default table for the pool size and frontend IPs (RangeError as above).
 */
export function expectedLoadBalancerPorts(
  lb: Pick<LoadBalancerTopology, 'frontendIps' | 'backendPoolSize' | 'outboundRule'>,
): number {
  const manual = lb.outboundRule?.allocatedOutboundPorts ?? 0;
  return manual > 0 ? manual : defaultPortsPerInstance(lb.backendPoolSize, lb.frontendIps);
}

/** Total SNAT ports of a load balancer's frontends: 64,000 per frontend IP. */
export function loadBalancerCapacity(frontendIps: number): number {
  return frontendIps * LB_PORTS_PER_FRONTEND_IP;
}

/** Total SNAT ports of a NAT gateway: 64,512 per public IP, shared on demand by every VM. */
export function natGatewayCapacity(publicIps: number): number {
  return publicIps * NAT_PORTS_PER_IP;
}

/**
 * The largest manual `allocatedOutboundPorts` that fits `instances` backends on `frontendIps`:
 * `floor(frontendIps × 64,000 / instances)` rounded down to a multiple of 8, at most 64,000.
 * Zero instances fit anything: 64,000.
 */
export function recommendedOutboundPorts(frontendIps: number, instances: number): number {
  if (instances <= 0) return MAX_PORTS_PER_INSTANCE;
  const fair = Math.floor(loadBalancerCapacity(frontendIps) / instances);
  return Math.min(roundDownToBlock(fair), MAX_PORTS_PER_INSTANCE);
}

/** The fewest frontend IPs on which `instances` backends each get `portsPerInstance` ports. */
export function requiredFrontendIps(portsPerInstance: number, instances: number): number {
  return Math.max(1, Math.ceil((portsPerInstance * instances) / LB_PORTS_PER_FRONTEND_IP));
}

/** The fewest NAT gateway public IPs whose pool holds `ports` ports. */
export function requiredNatIps(ports: number): number {
  return Math.max(1, Math.ceil(ports / NAT_PORTS_PER_IP));
}

/** Rounds a port count down to Azure's block of 8. */
export function roundDownToBlock(ports: number): number {
  return Math.floor(ports / PORT_BLOCK) * PORT_BLOCK;
}

/** Rounds a port count up to Azure's block of 8. */
export function roundUpToBlock(ports: number): number {
  return Math.ceil(ports / PORT_BLOCK) * PORT_BLOCK;
}
