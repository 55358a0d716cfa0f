// Tier cliffs: growing a default-allocation pool across a table boundary (50→51, 100→101, …)
// cuts every instance's preallocation at once, and flows on the ports taken back time out.
// Shrinking across a boundary gives ports back harmlessly, so only growth is a risk.
import { defaultPortsPerInstance } from './allocation.js';
import { DEFAULT_ALLOCATION_MAX_POOL_SIZE, DEFAULT_ALLOCATION_TABLE } from './limits.js';
import type { Risk } from './plan-schema.js';
import { formatCount as n, plural } from './planner-format.js';
import type { PlanInput, ResolvedEgress } from './planner-input.js';

type LoadBalancerEgress = Extract<ResolvedEgress, { type: 'loadBalancer' }>;

/** One TIER_CLIFF risk per boundary the pool crosses between now and max + surge. */
export function findTierCliffs(input: PlanInput, egress: LoadBalancerEgress): Risk[] {
  if (egress.allocatedOutboundPorts !== 0) return [];
  const { current, max, peak } = input.nodes;
  const upper = Math.min(peak, DEFAULT_ALLOCATION_MAX_POOL_SIZE);
  const cliffs: Risk[] = [];
  for (const row of DEFAULT_ALLOCATION_TABLE) {
    const boundary = row.maxPoolSize;
    if (boundary < current || boundary + 1 > upper) continue;
    const before = defaultPortsPerInstance(boundary, egress.frontendIps);
    const after = defaultPortsPerInstance(boundary + 1, egress.frontendIps);
    if (after >= before) continue;
    const during = boundary + 1 > max ? ' during an upgrade (surge nodes count)' : '';
    cliffs.push({
      code: 'TIER_CLIFF',
      severity: 'warning',
      message: `Growing from ${n(boundary)} to ${plural(boundary + 1, 'node')}${during} cuts every node's default allocation from ${n(before)} to ${n(after)} ports at once; flows on the ports taken back time out.`,
      atNodes: boundary + 1,
      portsPerNodeBefore: before,
      portsPerNodeAfter: after,
    });
  }
  return cliffs;
}
