// What Azure allocates each backend node, as the simulation reports it in AllocatedSnatPorts.
// Written independently of src/snat so the simulation stays an outside oracle for the model.
// https://learn.microsoft.com/azure/load-balancer/load-balancer-outbound-connections#preallocatedports

/** Default allocation per backend instance with one frontend IP, by pool size. */
const DEFAULT_TABLE: ReadonlyArray<readonly [maxPoolSize: number, ports: number]> = [
  [50, 1024],
  [100, 512],
  [200, 256],
  [400, 128],
  [800, 64],
  [1000, 32],
];

/** Ports per node: the outbound rule's explicit value, else the default table scaled by frontend IPs (capped at 1,024). */
export function azureAllocatedPorts(poolSize: number, frontendIps: number, allocatedOutboundPorts: number): number {
  if (allocatedOutboundPorts > 0) return allocatedOutboundPorts;
  const row = DEFAULT_TABLE.find(([max]) => poolSize <= max);
  const perIp = row ? row[1] : 32;
  return Math.min(perIp * Math.max(frontendIps, 1), 1024);
}
