// LOWER_IDLE_TIMEOUT, the fix for IDLE_CONNECTIONS (planner-idle-risk.ts): lowering the idle timeout
// to what the clients' pools expect (4 min, the value Microsoft suggests for short-lived
// connections), with TCP reset on idle so both ends learn at once, frees the ports that connections
// left open hold until the timeout. It keeps the egress IPs.
import { arg } from './az-commands.js';
import { SHORT_LIVED_IDLE_TIMEOUT_MINUTES } from './limits.js';
import type { PlanTarget, Risk, RiskCode } from './plan-schema.js';
import { formatCount as n } from './planner-format.js';
import { withEgress, type PlanInput, type ResolvedEgress } from './planner-input.js';
import type { Change } from './planner-change.js';
import { findRisks } from './planner-risks.js';

const cleared: readonly RiskCode[] = ['IDLE_CONNECTIONS', 'WORKLOAD_EXCEEDS_ALLOCATION', 'DESTINATION_LIMIT'];

export function lowerIdleTimeout(input: PlanInput, risks: readonly Risk[]): Change | null {
  if (!risks.some((risk) => risk.code === 'IDLE_CONNECTIONS')) return null;
  const minutes = SHORT_LIVED_IDLE_TIMEOUT_MINUTES;
  const egress: ResolvedEgress = { ...input.egress, idleTimeoutMinutes: minutes };
  const after = withEgress(input, egress);
  // What it clears is what planning again no longer finds: never a claim the replan would refute.
  const remaining = new Set(findRisks(after).map((risk) => risk.code));
  const addresses = cleared.filter((code) => risks.some((risk) => risk.code === code) && !remaining.has(code));
  const reset = input.egress.type === 'natGateway'
    ? 'The NAT gateway drops the idle flow and answers its next packet with a TCP reset'
    : 'TCP reset on idle sends a reset to both ends at the timeout, so clients see the close and reconnect at once';
  return {
    code: 'LOWER_IDLE_TIMEOUT',
    title: `Lower the idle timeout from ${n(input.egress.idleTimeoutMinutes)} to ${n(minutes)} minutes`,
    rationale:
      `Connections left open hold their SNAT ports until the idle timeout: ${input.portHold!.text}. At ${n(minutes)} minutes they hold about ${n(after.portHold!.ports)}. ` +
      `${reset}. Microsoft suggests 4 minutes for many short-lived connections; clients that keep pooled connections idle longer should send TCP keepalives (one side is enough) or expect a reset. The egress IPs stay the same.`,
    addresses,
    commands: idleTimeoutCommands(input.target, input.egress.type, minutes),
    egress,
    workload: input.workload,
  };
}

/** AKS-owned load balancers and managed NAT gateways change through `az aks update` only (AKS keeps TCP reset on). */
export function idleTimeoutCommands(target: PlanTarget, egress: ResolvedEgress['type'], minutes: number): string[] {
  if (target.kind === 'aks') {
    const flag = egress === 'natGateway' ? '--nat-gateway-idle-timeout' : '--load-balancer-idle-timeout';
    return [`az aks update --resource-group ${arg(target.resourceGroup)} --name ${arg(target.clusterName)} ${flag} ${minutes}`];
  }
  if (target.kind === 'loadBalancer') {
    return [
      `az network lb outbound-rule update --resource-group ${arg(target.resourceGroup)} --lb-name ${arg(target.loadBalancerName)} --name ${arg(target.outboundRuleName)} --idle-timeout ${minutes} --enable-tcp-reset true`,
    ];
  }
  return [`az network nat gateway update --resource-group ${arg(target.resourceGroup)} --name ${arg(target.natGatewayName)} --idle-timeout ${minutes}`];
}
