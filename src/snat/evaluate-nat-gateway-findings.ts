// The findings of a NAT gateway, in words on-call can act on. What it cannot say is said too:
// NAT gateway metrics have no per-VM dimension, so no finding can name the node that failed.
import type { EvaluationRules, Finding, GatewayNodeEvaluation } from './evaluation.js';
import { levelOf } from './evaluate-levels.js';
import { formatCount, formatDecimal, formatMinutes, formatPercent, plural } from './format.js';
import { NAT_MAX_PUBLIC_IPS, NAT_SKU_LIMITS } from './limits.js';
import type { NatGatewayTopology } from './model.js';
import type { WindowMs } from './series.js';

/**
 * Below this mean DatapathAvailability (percent) the gateway is degraded: Microsoft's suggested
 * alert is "< 90 % over 15 minutes". https://learn.microsoft.com/azure/nat-gateway/nat-metrics
 */
export const DATAPATH_DEGRADED_BELOW_PERCENT = 90;

/** Said wherever a NAT gateway is judged: the metrics cannot point at a node. */
export const NO_PER_NODE_DIMENSION =
  'NAT gateway metrics have no per-node dimension, so they cannot tell which VM or node is affected.';

export function natGatewayFindings(
  topology: NatGatewayTopology,
  node: GatewayNodeEvaluation,
  window: WindowMs,
  rules: EvaluationRules,
): Finding[] {
  const findings: Finding[] = [];
  const windowText = `the last ${formatMinutes((window.toMs - window.fromMs) / 60_000)}`;
  const name = `NAT gateway ${topology.name}`;
  const limits = NAT_SKU_LIMITS[node.sku];
  if (node.failedConnections > 0) {
    findings.push({
      code: 'SNAT_EXHAUSTION',
      severity: 'critical',
      node: '*',
      message:
        `${name} failed ${formatCount(node.failedConnections)} SNAT connections in ${windowText}: its ports to at least one ` +
        `destination are exhausted, and new connections from every attached subnet can fail. ${NO_PER_NODE_DIMENSION} ` +
        `Pool connections, or add public IPs (up to ${NAT_MAX_PUBLIC_IPS}; ${formatCount(limits.connectionsPerIpPerDestination)} connections per IP to one destination).`,
    });
  }
  const capacity = levelOf(node.utilization, rules);
  if (node.used !== null && node.utilization !== null && (capacity !== null || node.used > node.ports)) {
    findings.push({
      code: 'CONNECTION_CAPACITY',
      severity: capacity === null ? 'info' : 'warning',
      node: '*',
      message: `${name} holds ${formatCount(node.used)} active connections, ${formatPercent(node.utilization)} of the ` +
        `${formatCount(limits.totalConnections)} a ${node.sku} NAT gateway supports in total. ` +
        (capacity === null
          ? `That is more than its ${formatCount(node.ports)} SNAT ports (${plural(node.publicIps, 'public IP')}), which is normal: ` +
            `a port is reused across destinations, so exhaustion shows as failed connections (${node.failedConnections > 0 ? 'see above' : `none in ${windowText}`}).`
          : 'A capacity indicator, not exhaustion (that shows as failed connections): plan more gateways or fewer long-lived connections before it grows further.'),
    });
  }
  if (node.datapathAvailability !== null && node.datapathAvailability < DATAPATH_DEGRADED_BELOW_PERCENT) {
    findings.push({
      code: 'DATAPATH_DEGRADED',
      severity: 'warning',
      node: '*',
      message:
        `Datapath availability of ${name} averaged ${formatDecimal(node.datapathAvailability)}% over ${windowText} (below ${DATAPATH_DEGRADED_BELOW_PERCENT}%): ` +
        'outbound traffic through it is being lost. Check Azure Service Health for the region.',
    });
  }
  if (node.droppedPackets !== null && node.droppedPackets > 0) {
    findings.push({
      code: 'PACKETS_DROPPED',
      severity: 'info',
      node: '*',
      // PacketDropCount has no dimension that names a cause, so a drop is never read as SNAT exhaustion.
      message: `${name} dropped ${formatCount(node.droppedPackets)} packets in ${windowText}; Azure does not say why (the metric has no reason dimension), so only failed SNAT connections count as exhaustion.`,
    });
  }
  return findings;
}
