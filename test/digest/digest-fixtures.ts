// Two days of a target as the watch records them: a snapshot (with the planner's real plan for its
// topology) and hourly rollups built minute by minute from a function, so a test states a day's
// shape ("busy from 09:00 to 17:00, no data from 20:00") and the digest reads it the stored way.
import type { AlertRecord } from '../../src/alerting/alert-state.js';
import type { LoadBalancerTopology, NatGatewayTopology, TargetTopology } from '../../src/snat/model.js';
import { planForTopology, type ObservedWorkload } from '../../src/snat/plan-for-topology.js';
import type { HourlyRollup, MinuteRollup, TargetSnapshot } from '../../src/watch/target-snapshot.js';
import { evaluateTarget } from '../../src/snat/evaluate-target.js';
import { NOW as EVALUATED_AT, RULES, backend, lbMetrics, steady as steadyPoints } from '../snat/evaluate-fixtures.js';

/** The digest's moment: 08:00 UTC, the default schedule. */
export const NOW = new Date('2026-11-29T08:00:00.000Z');
export const THRESHOLDS = { warningThreshold: 0.75, criticalThreshold: 0.9 };
const SUBSCRIPTION = '00000000-0000-0000-0000-000000000001';

/** An AKS `kubernetes` load balancer: `nodes` now, growing to `maxNodes`, default allocation. */
export function aksTopology(name: string, nodes: number, maxNodes = nodes): LoadBalancerTopology {
  const resourceGroup = `mc_rg_${name}`;
  return {
    kind: 'loadBalancer',
    id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/loadBalancers/${name}`,
    name,
    subscriptionId: SUBSCRIPTION,
    resourceGroup,
    location: 'westeurope',
    frontendIps: 1,
    backendPoolSize: nodes,
    backendIps: [],
    outboundRule: { name: 'aksOutboundRule', allocatedOutboundPorts: 0, idleTimeoutMinutes: 30, enableTcpReset: true },
    aks: { clusterId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-${name}/providers/Microsoft.ContainerService/managedClusters/${name}`, clusterName: name, resourceGroup: `rg-${name}`, maxNodes, surgeNodes: 1, outboundType: 'loadBalancer', managedOutboundIps: 1, allocatedOutboundPorts: 0 },
  };
}

export function natTopology(name: string, publicIps = 1): NatGatewayTopology {
  return {
    kind: 'natGateway',
    id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-net/providers/Microsoft.Network/natGateways/${name}`,
    name,
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg-net',
    location: 'westeurope',
    sku: 'Standard',
    publicIps,
    publicIpsV6: 0,
    idleTimeoutMinutes: 4,
  };
}

export interface SnapshotOptions {
  recordedAt?: Date;
  observed?: ObservedWorkload;
  readError?: TargetSnapshot['readError'];
  alerts?: AlertRecord[];
}

/** The latest snapshot of a target, its plan computed by the real planner on its topology. */
export function snapshotOf(topology: TargetTopology, options: SnapshotOptions = {}): TargetSnapshot {
  return {
    version: 1,
    target: { id: topology.id, name: topology.name, kind: topology.kind },
    recordedAt: (options.recordedAt ?? new Date(NOW.getTime() - 60_000)).toISOString(),
    topology,
    evaluation: null,
    readError: options.readError ?? null,
    alerts: options.alerts ?? [],
    plan: planForTopology(topology, options.observed ?? {}),
  };
}

/** What one minute looked like; null = nothing recorded for that minute. */
export type MinuteShape = (minuteMs: number) => MinuteRollup | null;

/** Rollups of the 48 h before `now` (the 48 hour rows the digest reads), minute by minute. */
export function rollups(shape: MinuteShape, now = NOW): HourlyRollup[] {
  const hours: HourlyRollup[] = [];
  const first = Math.floor(now.getTime() / 3_600_000) * 3_600_000 - 48 * 3_600_000;
  for (let hourMs = first; hourMs < now.getTime(); hourMs += 3_600_000) {
    const minutes: HourlyRollup['minutes'] = {};
    let any = false;
    for (let ms = Math.max(hourMs, now.getTime() - 48 * 3_600_000); ms < Math.min(hourMs + 3_600_000, now.getTime()); ms += 60_000) {
      const minute = shape(ms);
      if (!minute) continue;
      minutes[isoMinute(ms)] = minute;
      any = true;
    }
    if (any) hours.push({ version: 1, hour: new Date(hourMs).toISOString(), minutes });
  }
  return hours;
}

const isoMinutes = new Map<number, string>();
/** toISOString is slow enough to dominate a 200-target fixture: each minute is formatted once. */
function isoMinute(ms: number): string {
  let iso = isoMinutes.get(ms);
  if (iso === undefined) isoMinutes.set(ms, (iso = new Date(ms).toISOString()));
  return iso;
}

/** A minute where the worst node is at `worst` of its ports. */
export const at = (worst: number, extra: Partial<MinuteRollup> = {}): MinuteRollup => ({ worst, failed: 0, aboveWarning: worst >= 0.75 ? 1 : 0, nodes: 3, ...extra });

/** Hours before NOW (1 = the last hour) a minute lies in. */
export const hoursAgo = (minuteMs: number, now = NOW): number => Math.ceil((now.getTime() - minuteMs) / 3_600_000);

/** A steady day: the same utilization every minute of both days. */
export const steady = (worst: number): MinuteShape => () => at(worst);

/** The last snapshot of a cluster whose node 10.0.0.4 ran out of ports (real evaluation, real plan). */
export function failingSnapshot(): TargetSnapshot {
  const topology = aksTopology('shop', 40);
  const backends = ['10.0.0.4', '10.0.0.5', '10.0.0.6'].map((ip, index) =>
    backend(ip, { used: steadyPoints(index === 0 ? 1_024 : 300 + index), failed: index === 0 ? [0, 12] : undefined }));
  const evaluation = evaluateTarget(topology, { ...lbMetrics(backends), targetId: topology.id }, RULES, EVALUATED_AT);
  return { ...snapshotOf(topology, { observed: { peakUsedPerNode: 1_600 } }), evaluation };
}

