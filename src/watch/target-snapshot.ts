// What each watch run records per target, so the live view and the daily digest cost no metrics
// queries: the latest snapshot (topology, evaluation, open alerts, plan) and per-minute rollups
// grouped by hour (the worst node's utilization, failed connections, nodes above warning).
import type { AlertRecord, TargetAlertState, TargetRef } from '../alerting/alert-state.js';
import type { ReadErrorKind } from '../azure/read-error.js';
import type { TargetEvaluation } from '../snat/evaluation.js';
import type { TargetMetrics, TargetTopology } from '../snat/model.js';
import type { Plan } from '../snat/plan-schema.js';
import { protocolTotals } from '../snat/protocol-totals.js';

export interface TargetSnapshot {
  version: 1;
  target: TargetRef;
  recordedAt: string;
  /** The last topology read; null until the target was read once. */
  topology: TargetTopology | null;
  /** This run's evaluation; null when the target could not be read. */
  evaluation: TargetEvaluation | null;
  readError: { kind: ReadErrorKind | 'no-data'; message: string } | null;
  /** Pending and firing alerts, as the lifecycle holds them. */
  alerts: AlertRecord[];
  plan: Plan | null;
}

/** One minute of one target, as the digest needs it. */
export interface MinuteRollup {
  /** The worst node's used / allocated; null when no node had data that minute. */
  worst: number | null;
  failed: number;
  aboveWarning: number;
  /** Nodes with data that minute. */
  nodes: number;
}

export interface HourlyRollup {
  version: 1;
  /** ISO hour start, e.g. 2026-11-29T08:00:00.000Z. */
  hour: string;
  /** Keyed by ISO minute. */
  minutes: Record<string, MinuteRollup>;
}

export function openAlerts(state: TargetAlertState | null): AlertRecord[] {
  return Object.values(state?.alerts ?? {}).filter((alert) => alert.state !== 'resolved');
}

/** Per-minute rollups of a target's metrics, grouped by hour start. */
export function minuteRollups(metrics: TargetMetrics, evaluation: TargetEvaluation, warningThreshold: number): Map<string, Record<string, MinuteRollup>> {
  const minutes = metrics.kind === 'loadBalancer' ? loadBalancerMinutes(metrics, evaluation, warningThreshold) : natGatewayMinutes(metrics, evaluation, warningThreshold);
  const hours = new Map<string, Record<string, MinuteRollup>>();
  for (const [at, rollup] of minutes) {
    const hour = `${at.slice(0, 13)}:00:00.000Z`;
    hours.set(hour, { ...hours.get(hour), [at]: rollup });
  }
  return hours;
}

function loadBalancerMinutes(metrics: Extract<TargetMetrics, { kind: 'loadBalancer' }>, evaluation: TargetEvaluation, warning: number): Map<string, MinuteRollup> {
  const model = new Map(evaluation.nodes.map((node) => [node.node, node.kind === 'backend' ? node.modelAllocated : null]));
  const minutes = new Map<string, MinuteRollup>();
  for (const backend of metrics.backends) {
    // A node being removed never counts towards the target (it is never alerted on either).
    if (backend.awaitingRemoval) continue;
    // Per minute, the node's worst protocol: each protocol's use summed over frontends against its own allocation.
    const perMinute = new Map<string, number | null>();
    for (const protocol of protocolTotals(backend)) {
      const allocatedAt = new Map(protocol.allocated.map((point) => [point.at, finite(point.value)]));
      for (const point of protocol.used) {
        const allocated = allocatedAt.get(point.at) ?? model.get(backend.backendIp) ?? null;
        const used = finite(point.value);
        const utilization = used !== null && allocated ? used / allocated : null;
        const known = perMinute.get(point.at) ?? null;
        perMinute.set(point.at, utilization === null ? known : Math.max(known ?? 0, utilization));
      }
    }
    const failedAt = new Map(backend.failedConnections.map((point) => [point.at, finite(point.value) ?? 0]));
    for (const [at, utilization] of perMinute) {
      const rollup = minutes.get(at) ?? { worst: null, failed: 0, aboveWarning: 0, nodes: 0 };
      rollup.failed += failedAt.get(at) ?? 0;
      if (utilization !== null) {
        rollup.worst = Math.max(rollup.worst ?? 0, utilization);
        rollup.nodes += 1;
        if (utilization >= warning) rollup.aboveWarning += 1;
      }
      minutes.set(at, rollup);
    }
  }
  return minutes;
}

function natGatewayMinutes(metrics: Extract<TargetMetrics, { kind: 'natGateway' }>, evaluation: TargetEvaluation, warning: number): Map<string, MinuteRollup> {
  const capacity = evaluation.nodes[0]?.allocated ?? null;
  return new Map(
    metrics.activeConnections.map((point, index) => {
      const active = finite(point.value);
      const worst = active !== null && capacity ? active / capacity : null;
      const failed = finite(metrics.failedConnections[index]?.value) ?? 0;
      return [point.at, { worst, failed, aboveWarning: worst !== null && worst >= warning ? 1 : 0, nodes: worst === null ? 0 : 1 }];
    }),
  );
}

function finite(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
