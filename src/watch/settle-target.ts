// One target's turn in a watch run, after its metrics were read (or could not be): evaluate, run
// the alert lifecycle, and write the state, at most one Slack message, the latest snapshot and the
// changed hour rollups in one ETag-guarded transaction (state/target-record-store.ts), so overlapping
// runs never queue a message twice and a steady run costs one Table request per target.
import type { ReadFailure, TargetAlertState, TargetRef } from '../alerting/alert-state.js';
import { decideReadFailure } from '../alerting/decide-read-failure.js';
import { decideTargetAlerts } from '../alerting/decide-target-alerts.js';
import type { Silence } from '../alerting/silence.js';
import type { BackendNodeEvaluation, TargetEvaluation } from '../snat/evaluation.js';
import { isAtRisk } from '../snat/finding-summary.js';
import { evaluateTarget } from '../snat/evaluate-target.js';
import type { TargetMetrics, TargetTopology } from '../snat/model.js';
import type { Plan } from '../snat/plan-schema.js';
import { planForTopology, type ObservedWorkload } from '../snat/plan-for-topology.js';
import { buildAlertMessage, type TopRecommendation } from '../slack/alert-message.js';
import { alertPayload } from '../slack/alert-payload.js';
import { clusterOf } from '../snat/target-names.js';
import type { Runtime } from '../runtime.js';
import type { Deadline } from '../azure/deadline.js';
import type { NodeAttribution } from '../attribution/attribution.js';
import { attachAttribution } from '../attribution/attach-attribution.js';
import { nameWorkloadInPlan, workloadToFixOf } from '../attribution/name-workload.js';
import { minuteRollups, openAlerts, type HourlyRollup, type MinuteRollup, type TargetSnapshot } from './target-snapshot.js';

export type TargetReading =
  | { target: TargetRef; topology: TargetTopology; metrics: TargetMetrics }
  | { target: TargetRef; topology: TargetTopology | null; failure: ReadFailure };

export interface TargetOutcome {
  targetId: string;
  /** `error`: the turn itself failed (storage unreachable, say) and is retried next run. */
  status: TargetEvaluation['status'] | 'unreadable' | 'error';
  /** Why a message was queued, or why not. */
  notify: string;
  /**
   * committed: the alert state changed (and its message, if any, was queued); unchanged: only the
   * snapshot and rollups were written; conflict: other runs kept writing the target first
   * (MAX_SETTLE_ATTEMPTS times), so this one wrote nothing.
   */
  commit: 'committed' | 'conflict' | 'unchanged';
}

export interface SettleTargetOptions {
  /** The batch's deadline: attribution ends well inside it. */
  deadline?: Deadline;
  /** The run's silences (read once per run): those active and matching hold this target's messages back. */
  silences?: readonly Silence[];
}

/** Reads and decisions of one target's turn before it gives up for this run (each lost race means another run wrote it meanwhile). */
export const MAX_SETTLE_ATTEMPTS = 4;

export async function settleTarget(runtime: Runtime, reading: TargetReading, now: Date, options: SettleTargetOptions = {}): Promise<TargetOutcome> {
  const judged = judge(runtime, reading, now);
  const { target, topology } = judged;
  // Azure's allocation against the model computed from the topology: a mismatch may be a stale topology, read it again.
  if ('evaluation' in judged && judged.evaluation.nodes.some((node) => node.kind === 'backend' && node.allocationDrift)) runtime.topology.markDrifted(target.id, now);
  const evaluation = 'evaluation' in judged ? await attributed(runtime, judged.topology, judged.evaluation, now, options.deadline) : null;
  const planned = topology ? planForTopology(topology, observedWorkload(evaluation), runtime.config.SNAT_DEFAULT_SURGE) : null;
  const plan = nameWorkloadInPlan(planned, workloadToFixOf(evaluation));
  const minutes = 'evaluation' in judged ? minuteRollups(judged.metrics, judged.evaluation, runtime.rules.warningThreshold) : new Map<string, Record<string, MinuteRollup>>();
  const lifecycle = { silences: options.silences ?? [] };
  const route = runtime.router.routeFor(target, topology).route;

  // Read (from this process's memory when it wrote the target last), decide, and write everything in
  // one transaction guarded by the state's ETag; another writer in between means read afresh and decide again.
  let notify = 'do-not-notify';
  for (let attempt = 1; attempt <= MAX_SETTLE_ATTEMPTS; attempt++) {
    const record = await runtime.records.read(target.id, [...minutes.keys()], { fresh: attempt > 1 });
    const decision = 'evaluation' in judged
      ? decideTargetAlerts(record.state, judged.evaluation, runtime.rules, now, lifecycle)
      : decideReadFailure(record.state, judged.failure, target, runtime.rules, now, lifecycle);
    notify = decision.reason;
    const message = decision.notification
      ? alertPayload(
          decision.notification,
          buildAlertMessage({ notification: decision.notification, evaluation, recommendation: topRecommendation(plan), portalUrl: runtime.config.SNAT_PORTAL_URL, cluster: clusterOf(topology), publicUrl: runtime.config.SNAT_PUBLIC_URL }),
          route,
        )
      : null;
    const stateChanged = message !== null || changed(record.state, decision.state);
    const snapshot: TargetSnapshot = {
      version: 1,
      target,
      recordedAt: now.toISOString(),
      topology,
      evaluation,
      readError: 'failure' in judged ? { kind: judged.failure.kind, message: judged.failure.detail ?? '' } : null,
      alerts: openAlerts(decision.state),
      plan,
    };
    const hours = new Map([...minutes].map(([hour, fresh]): [string, HourlyRollup] => [hour, { version: 1, hour, minutes: { ...record.hours.get(hour)?.minutes, ...fresh } }]));
    const written = await runtime.records.write(record, {
      targetId: target.id,
      ...(stateChanged ? { state: decision.state } : {}),
      outbox: message ? [message] : [],
      latest: snapshot,
      hours,
      now,
    });
    if (written === 'committed') return { targetId: target.id, status: evaluation?.status ?? 'unreadable', notify: decision.reason, commit: stateChanged ? 'committed' : 'unchanged' };
  }
  return { targetId: target.id, status: evaluation?.status ?? 'unreadable', notify, commit: 'conflict' };
}

/**
 * Node names and, for the nodes at risk, the pods opening their connections. Never in the alert's way:
 * whatever the attribution does, the evaluation comes back (without pods, at worst).
 */
async function attributed(runtime: Runtime, topology: TargetTopology, evaluation: TargetEvaluation, now: Date, deadline: Deadline | undefined): Promise<TargetEvaluation> {
  const nodeNames = topology.kind === 'loadBalancer' ? topology.nodeNames : undefined;
  const attributions = runtime.attribution
    ? await runtime.attribution.attribute(topology, evaluation, now, { deadline }).catch(() => new Map<string, NodeAttribution>())
    : new Map<string, NodeAttribution>();
  return attachAttribution(evaluation, nodeNames, attributions);
}

type Judged =
  | { target: TargetRef; topology: TargetTopology; metrics: TargetMetrics; evaluation: TargetEvaluation }
  | { target: TargetRef; topology: TargetTopology | null; failure: ReadFailure };

/** Metrics the domain cannot judge (another target's, an unreadable window) count as a failed read, never as a crashed run. */
function judge(runtime: Runtime, reading: TargetReading, now: Date): Judged {
  if ('failure' in reading) return reading;
  try {
    return { ...reading, evaluation: evaluateTarget(reading.topology, reading.metrics, runtime.rules, now) };
  } catch (error) {
    return { target: reading.target, topology: reading.topology, failure: { kind: 'failed', detail: error instanceof Error ? error.message : String(error) } };
  }
}

/**
 * What the plan is told: the peak over every node (capacity), and the pooling diagnosis of the nodes
 * at risk only — a healthy node is never judged, so its numbers never flip the target's top fix.
 */
function observedWorkload(evaluation: TargetEvaluation | null): ObservedWorkload {
  const backends = (evaluation?.nodes ?? []).flatMap((node) => (node.kind === 'backend' ? [node] : []));
  const max = (values: Array<number | null>) => Math.max(0, ...values.filter((v): v is number => v !== null));
  if (backends.length === 0) return {};
  const atRisk = backends.filter((node) => isAtRisk(node.status));
  const verdict = (node: BackendNodeEvaluation) => node.pooling.verdict;
  const idle = atRisk.filter((node) => verdict(node) === 'idle-connections').sort((a, b) => (b.peakUsed ?? 0) - (a.peakUsed ?? 0))[0];
  return {
    peakUsedPerNode: max(backends.map((node) => node.peakUsed)),
    peakNewConnectionsPerNode: max(atRisk.map((node) => node.newConnectionsPerMinute)),
    notPooling: atRisk.some((node) => verdict(node) === 'connection-churn'),
    ...(idle && idle.pooling.newConnectionsPerMinute !== null
      ? { idleConnections: { newConnectionsPerMinute: idle.pooling.newConnectionsPerMinute, peakUsed: idle.peakUsed ?? idle.pooling.used ?? 0, idleTimeoutMinutes: idle.pooling.idleTimeoutMinutes } }
      : {}),
  };
}

function topRecommendation(plan: Plan | null): TopRecommendation | null {
  const top = plan?.recommendations[0];
  return top ? { title: top.title, command: top.commands.join('\n'), rationale: top.rationale } : null;
}

/** Whether the lifecycle state moved, beyond its timestamp: an unchanged state is not written again. */
function changed(previous: TargetAlertState | null, next: TargetAlertState): boolean {
  return previous === null || JSON.stringify({ ...previous, updatedAt: '' }) !== JSON.stringify({ ...next, updatedAt: '' });
}
