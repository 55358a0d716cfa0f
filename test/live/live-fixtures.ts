// Snapshots as a watch run records them, built with the real evaluator and planner from a few
// numbers: per node the ports in use (1,024 allocated each), steady over the window.
import type { AlertRecord } from '../../src/alerting/alert-state.js';
import { evaluateTarget } from '../../src/snat/evaluate-target.js';
import { planForTopology } from '../../src/snat/plan-for-topology.js';
import type { TargetSnapshot } from '../../src/watch/target-snapshot.js';
import { backend, lbMetrics, lbTopology, NOW, RULES, steady } from '../snat/evaluate-fixtures.js';

export { NOW };

export const idOf = (name: string) => `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-${name}/providers/Microsoft.Network/loadBalancers/${name}`;

export interface SnapshotSpec {
  name: string;
  /** Ports in use per node; node i is 10.0.0.{i+1}. */
  used?: number[];
  recordedAt?: string;
  alerts?: AlertRecord[];
  /** New connections per minute per node (none when absent). */
  newConnections?: number[];
  /** Recorded as a run that could not read the target. */
  unreadable?: boolean;
}

export function snapshotOf(spec: SnapshotSpec): TargetSnapshot {
  const used = spec.used ?? [100];
  const id = idOf(spec.name);
  const topology = lbTopology({ id, name: spec.name, resourceGroup: `rg-${spec.name}`, backendPoolSize: used.length });
  const metrics = { ...lbMetrics(used.map((value, index) => backend(`10.0.0.${index + 1}`, { used: steady(value), ...(spec.newConnections ? { newConnections: steady(spec.newConnections[index]!).map((point) => point.value) } : {}) }))), targetId: id };
  return {
    version: 1,
    target: { id, name: spec.name, kind: 'loadBalancer' },
    recordedAt: spec.recordedAt ?? NOW.toISOString(),
    topology,
    evaluation: spec.unreadable ? null : evaluateTarget(topology, metrics, RULES, NOW),
    readError: spec.unreadable ? { kind: 'forbidden', message: 'AuthorizationFailed: the identity may not read metrics' } : null,
    alerts: spec.alerts ?? [],
    plan: planForTopology(topology),
  };
}

export function alert(node: string, condition: AlertRecord['condition'], state: AlertRecord['state'], severity: AlertRecord['severity'] = 'warning'): AlertRecord {
  const since = NOW.toISOString();
  return { condition, node, state, severity, since, firingSince: state === 'pending' ? null : since, resolvedAt: state === 'resolved' ? since : null, notifiedSeverity: null };
}
