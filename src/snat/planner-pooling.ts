// POOL_CONNECTIONS: reuse connections instead of opening one per request, and cap the pool per
// destination so a node's busiest destination stays under the watch's warning level (75 % of
// what the node has; for a NAT gateway, 75 % of its per-destination limit shared by every node).
// An application change, so it carries no az command.
import { defaultPortsPerInstance } from './allocation.js';
import {
  DEFAULT_ALLOCATION_MAX_POOL_SIZE,
  NAT_CONNECTIONS_PER_IP_PER_DESTINATION,
  WARNING_SHARE,
} from './limits.js';
import type { Risk, RiskCode } from './plan-schema.js';
import { formatCount as n } from './planner-format.js';
import type { PlanInput } from './planner-input.js';
import type { Change } from './planner-change.js';

export function poolConnections(input: PlanInput, risks: readonly Risk[]): Change | null {
  const notPooled = input.workload?.pooled === false;
  const pressure = risks.find((risk) => risk.code === 'WORKLOAD_EXCEEDS_ALLOCATION' || risk.code === 'DESTINATION_LIMIT');
  if (!notPooled && !pressure) return null;
  const addresses: RiskCode[] = [];
  if (notPooled) addresses.push('CONNECTIONS_NOT_POOLED');
  const workload = { ...input.workload, pooled: true };
  let title = 'Pool and reuse outbound connections';
  let rationale =
    'Reusing connections (HTTP keep-alive, one shared client per process) keeps one SNAT port per live connection instead of one per request, and a port held by a closed flow is not reusable to the same destination until its timer ends.' +
    (notPooled && input.portHold ? ` Today: ${input.portHold.text}.` : '');
  if (pressure) {
    const cap = connectionCap(input);
    addresses.push(pressure.code);
    workload.maxConnectionsPerDestination = Math.min(cap, input.workload?.maxConnectionsPerDestination ?? cap);
    title = notPooled
      ? `Pool connections, at most ${n(cap)} per destination per node`
      : `Cap the connection pool at ${n(cap)} per destination per node`;
    rationale += ` A pool limit of ${n(cap)} connections per destination per node keeps the busiest destination under 75 % of ${
      pressure.code === 'DESTINATION_LIMIT' ? "the NAT gateway's per-destination limit at max + surge" : 'the ports each node has at max + surge'
    } (set it in the HTTP client, e.g. maxSockets or MaxConnectionsPerServer).`;
  }
  return { code: 'POOL_CONNECTIONS', title, rationale, addresses, commands: [], egress: input.egress, workload };
}

/** The largest per-node, per-destination pool that stays at or under the warning level at max + surge. */
function connectionCap(input: PlanInput): number {
  const { egress, nodes } = input;
  if (egress.type === 'natGateway') {
    const limit = egress.publicIps * NAT_CONNECTIONS_PER_IP_PER_DESTINATION;
    return Math.max(1, Math.floor((WARNING_SHARE * limit) / Math.max(1, nodes.peak)));
  }
  const lowest = egress.allocatedOutboundPorts > 0
    ? egress.allocatedOutboundPorts
    : defaultPortsPerInstance(Math.min(nodes.peak, DEFAULT_ALLOCATION_MAX_POOL_SIZE), egress.frontendIps);
  return Math.max(1, Math.floor(WARNING_SHARE * lowest));
}
