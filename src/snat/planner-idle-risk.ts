// IDLE_CONNECTIONS: connections left open hold their SNAT ports until the idle timeout ends them
// (Little's law: ports = new connections per minute × the timeout), so even a low rate fills a node
// under a long timeout (AKS: 30 min). Raised only when the ports held that way reach the warning
// level of what a node has and the timeout can still go lower; LOWER_IDLE_TIMEOUT is its fix.
import { NAT_CONNECTIONS_PER_IP_PER_DESTINATION, SHORT_LIVED_IDLE_TIMEOUT_MINUTES, WARNING_SHARE } from './limits.js';
import type { Risk } from './plan-schema.js';
import { loadBalancerPortsAt } from './planner-allocation.js';
import { formatCount as n } from './planner-format.js';
import type { PlanInput } from './planner-input.js';

/** The ports one node can hold to one destination before the warning level: its allocation, or its share of a NAT gateway's per-destination limit. */
function portsAvailable(input: PlanInput): number | null {
  const { egress, nodes } = input;
  if (egress.type === 'natGateway') return nodes.current > 0 ? Math.floor((egress.publicIps * NAT_CONNECTIONS_PER_IP_PER_DESTINATION) / nodes.current) : null;
  return loadBalancerPortsAt(egress, Math.max(1, nodes.current));
}

export function idleConnectionRisks(input: PlanInput): Risk[] {
  const hold = input.portHold;
  const idle = input.egress.idleTimeoutMinutes;
  if (!hold?.endedByIdleTimeout || idle <= SHORT_LIVED_IDLE_TIMEOUT_MINUTES) return [];
  const available = portsAvailable(input);
  if (available === null || available <= 0 || hold.ports < WARNING_SHARE * available) return [];
  return [{
    code: 'IDLE_CONNECTIONS',
    severity: 'warning',
    message: `Idle connections pin SNAT ports: ${hold.text}, ${Math.round((hold.ports / available) * 100)} % of the ${n(available)} each node has. A shorter idle timeout frees them.`,
    newConnectionsPerMinute: Math.round(hold.perMinute * 100) / 100,
    idleTimeoutMinutes: idle,
    portsHeld: hold.ports,
    portsPerNode: available,
  }];
}
