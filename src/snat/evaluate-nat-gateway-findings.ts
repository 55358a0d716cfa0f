// The findings of a NAT gateway, in words on-call can act on.
import type { EvaluationRules, Finding, GatewayNodeEvaluation } from './evaluation.js';
import { levelOf } from './evaluate-levels.js';
import { formatCount, formatDecimal, formatMinutes, formatPercent, plural } from './format.js';
import type { NatGatewayTopology } from './model.js';
import type { WindowMs } from './series.js';

/**
 * Below this mean DatapathAvailability (percent) the gateway is degraded: Microsoft's suggested
 * alert is "< 90 % over 15 minutes". https://learn.microsoft.com/azure/nat-gateway/nat-metrics
 */
export const DATAPATH_DEGRADED_BELOW_PERCENT = 90;

export function natGatewayFindings(
  topology: NatGatewayTopology,
  node: GatewayNodeEvaluation,
  window: WindowMs,
  rules: EvaluationRules,
): Finding[] {
  const findings: Finding[] = [];
  const windowText = `the last ${formatMinutes((window.toMs - window.fromMs) / 60_000)}`;
  const name = `NAT gateway ${topology.name}`;
  if (node.failedConnections > 0) {
    findings.push({
      code: 'SNAT_EXHAUSTION',
      severity: 'critical',
      node: '*',
      message:
        `${name} failed ${formatCount(node.failedConnections)} SNAT connections in ${windowText}: its ports to at least one ` +
        'destination are exhausted, and new connections from every attached subnet can fail. Pool connections, or add public IPs (up to 16).',
    });
  }
  const level = levelOf(node.utilization, rules);
  if (level !== null && node.used !== null && node.allocated !== null && node.utilization !== null) {
    findings.push({
      code: 'HIGH_SNAT_UTILIZATION',
      severity: level,
      node: '*',
      message:
        `${name} holds ${formatCount(node.used)} active connections on ${formatCount(node.allocated)} SNAT ports ` +
        `(${formatPercent(node.utilization)}, ${plural(node.publicIps, 'public IP')})` +
        `${node.minutesToExhaustion !== null ? `, full in about ${formatMinutes(node.minutesToExhaustion)} at the current trend` : ''}. ` +
        'This is an upper bound (a port is reused across destinations); add public IPs before it fills.',
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
      message: `${name} dropped ${formatCount(node.droppedPackets)} packets in ${windowText}.`,
    });
  }
  return findings;
}

