// Allocation drift: Azure allocating something else than the configuration says. Two shapes seen in
// the wild (DOMAIN.md §4, §10): AllocatedSnatPorts no longer matching the outbound rule or default
// table (an explicit outbound-ports setting reset after scaling or a cluster operation), and the AKS
// profile disagreeing with the LB's outbound rule (AKS reconciles direct LB edits away).
import type { BackendResult } from './evaluate-backend.js';
import type { AlertSignal, EvaluationRules, Finding } from './evaluation.js';
import { formatCount, plural } from './format.js';
import type { LoadBalancerTopology } from './model.js';

export interface DriftResult {
  findings: Finding[];
  signal: AlertSignal | null;
}

export function allocationDriftFindings(
  topology: LoadBalancerTopology,
  results: readonly BackendResult[],
  rules: Pick<EvaluationRules, 'forMinutes'>,
): DriftResult {
  const findings: Finding[] = [];
  const drifting = results.filter((result) => result.node.allocationDrift && result.driftMinutes >= rules.forMinutes);
  const driftingNow = results.some((result) => result.node.allocationDrift);
  const model = results[0]?.node.modelAllocated ?? null;

  if (drifting.length > 0 && model !== null) {
    const reported = mostCommon(drifting.map((result) => result.node.reportedAllocated ?? 0));
    const cause =
      reported < model
        ? 'Nodes have fewer ports than configured: an explicit outbound-ports setting was likely reset by scaling or a cluster operation. Re-apply it.'
        : 'Nodes have more ports than the model expects: the pool may be changing size, or the topology read is stale.';
    findings.push({
      code: 'ALLOCATION_DRIFT',
      severity: 'warning',
      node: '*',
      message:
        `Azure allocates ${formatCount(reported)} SNAT ports per node on ${formatCount(drifting.length)} of ${plural(results.length, 'node')}, ` +
        `but ${configuredText(topology, model)}. ${cause}`,
    });
  }

  const profileMismatch = aksProfileMismatch(topology);
  if (profileMismatch) findings.push(profileMismatch);

  const sustained = drifting.length > 0 || profileMismatch !== null ? 'warning' : null;
  const current = driftingNow || profileMismatch !== null ? 'warning' : null;
  const signal: AlertSignal | null =
    sustained || current ? { condition: 'ALLOCATION_DRIFT', node: '*', sustained, current, held: current, unknown: false } : null;
  return { findings, signal };
}

function aksProfileMismatch(topology: LoadBalancerTopology): Finding | null {
  const { aks, outboundRule } = topology;
  if (!aks || !outboundRule || aks.allocatedOutboundPorts === outboundRule.allocatedOutboundPorts) return null;
  return {
    code: 'ALLOCATION_DRIFT',
    severity: 'warning',
    node: '*',
    message:
      `AKS cluster ${aks.clusterName} sets outbound ports to ${portsText(aks.allocatedOutboundPorts)}, but the load balancer's ` +
      `outbound rule '${outboundRule.name}' has ${portsText(outboundRule.allocatedOutboundPorts)}. AKS puts its own value back ` +
      'at the next cluster operation: change outbound ports with `az aks update --load-balancer-outbound-ports`, never on the load balancer.',
  };
}

function configuredText(topology: LoadBalancerTopology, model: number): string {
  const rule = topology.outboundRule;
  if (rule && rule.allocatedOutboundPorts > 0) return `the outbound rule '${rule.name}' asks for ${formatCount(model)}`;
  return `the default allocation for ${plural(topology.backendPoolSize, 'backend')} on ${plural(topology.frontendIps, 'frontend IP')} is ${formatCount(model)}`;
}

function portsText(ports: number): string {
  return ports === 0 ? '0 (the default table)' : formatCount(ports);
}

function mostCommon(values: readonly number[]): number {
  const tally = new Map<number, number>();
  for (const value of values) tally.set(value, (tally.get(value) ?? 0) + 1);
  return [...tally.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
}
