// What a target's kept metric series depend on: the load balancer's node set and outbound frontends
// (a node added or removed, an allocation changed), or a NAT gateway's addresses. A different shape
// means the kept series may no longer line up with what Azure reports: the next read is a full one.
import type { TargetTopology } from '../snat/model.js';

export function targetShape(target: TargetTopology): string {
  if (target.kind === 'natGateway') return `nat|${target.sku}|${target.publicIps}|${target.publicIpsV6}`;
  const nodes = [...target.backendIps].sort().join(',');
  return `lb|${target.frontendIps}|${target.backendPoolSize}|${target.outboundRule?.allocatedOutboundPorts ?? 'none'}|${nodes}`;
}
