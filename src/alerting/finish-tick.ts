// The end of every lifecycle tick, whether the target was read or not: decide whether to speak,
// build the one notification for the target, and record what on-call now knows.
import { levelRank } from '../snat/evaluate-levels.js';
import { alertKey } from './alert-key.js';
import { incidentKeyOf } from './incident.js';
import type {
  AlertRecord,
  AlertRules,
  AlertSummary,
  ReadFailure,
  TargetAlertDecision,
  TargetAlertState,
  TargetRef,
} from './alert-state.js';
import { notifyReason, worstSeverity } from './notify-reason.js';

export interface TickOutcome {
  alerts: Record<string, AlertRecord>;
  failedRuns: number;
  lastFailure: ReadFailure | null;
}

export function finishTick(
  previous: TargetAlertState | null,
  outcome: TickOutcome,
  target: TargetRef,
  rules: AlertRules,
  now: Date,
): TargetAlertDecision {
  const nowIso = now.toISOString();
  const alerts = withPendingResolutions(previous, outcome.alerts);
  const firing = Object.values(alerts).filter((alert) => alert.state === 'firing');
  // What on-call was last told. A silent calm-down (critical → warning) does not change it, so
  // climbing back to critical is not news either: the incident was announced as critical.
  const notified = previous?.notified ?? null;
  const reason = notifyReason(Object.values(alerts), notified, rules, now.getTime());
  const base = { version: 1 as const, targetId: target.id, failedRuns: outcome.failedRuns, lastFailure: outcome.lastFailure, updatedAt: nowIso };
  if (reason === 'do-not-notify' || reason === 'group-interval-pending') {
    return { state: { ...base, alerts, notified, sequence: previous?.sequence ?? 0 }, notification: null, reason };
  }

  const sequence = (previous?.sequence ?? 0) + 1;
  const summarize = (alert: AlertRecord): AlertSummary => ({
    key: alertKey(target.id, alert.node, alert.condition),
    condition: alert.condition,
    node: alert.node,
    severity: alert.severity,
    since: alert.firingSince ?? alert.since,
    change: alert.notifiedSeverity === null ? 'new' : levelRank(alert.severity) > levelRank(alert.notifiedSeverity) ? 'escalated' : null,
  });
  const resolved = Object.values(alerts).filter((alert) => alert.state === 'resolved');
  const blind = firing.some((alert) => alert.condition === 'MONITORING_BLIND') && outcome.lastFailure
    ? { failedRuns: outcome.failedRuns, failure: outcome.lastFailure }
    : null;
  // An incident stored before incidents had keys takes this notification's: its thread starts here.
  const incident = notified?.incident
    ? { key: notified.incident, openedAt: notified.openedAt ?? notified.at }
    : { key: incidentKeyOf(target.id, sequence), openedAt: nowIso };
  const notification = {
    id: `${target.id}#${sequence}`,
    sequence,
    target: { id: target.id, name: target.name, kind: target.kind },
    reason,
    severity: firing.length > 0 ? worstSeverity(firing) : ('resolved' as const),
    at: nowIso,
    firing: firing.map(summarize).sort(worstAlertFirst),
    resolved: resolved.map(summarize).sort(worstAlertFirst),
    blind,
    incident,
  };
  // Everything is said now: firing alerts at their severity, resolutions once (then forgotten).
  const told: Record<string, AlertRecord> = {};
  for (const [key, alert] of Object.entries(alerts)) {
    if (alert.state === 'firing') told[key] = { ...alert, notifiedSeverity: alert.severity };
    else if (alert.state === 'pending') told[key] = alert;
  }
  return {
    state: { ...base, alerts: told, notified: firing.length > 0 ? { at: nowIso, severity: worstSeverity(firing), incident: incident.key, openedAt: incident.openedAt } : null, sequence },
    notification,
    reason,
  };
}

/**
 * Resolutions wait for the next message of the target: a node that clears while others still fire
 * is listed as cleared in the next reminder or update instead of being dropped unsaid. Resolutions
 * of alerts on-call never heard of are dropped at once.
 */
function withPendingResolutions(previous: TargetAlertState | null, alerts: Record<string, AlertRecord>): Record<string, AlertRecord> {
  const carried: Record<string, AlertRecord> = { ...alerts };
  for (const [key, alert] of Object.entries(previous?.alerts ?? {})) {
    if (alert.state === 'resolved' && !(key in carried)) carried[key] = alert;
  }
  for (const [key, alert] of Object.entries(carried)) {
    if (alert.state === 'resolved' && alert.notifiedSeverity === null) delete carried[key];
  }
  return carried;
}

const byName = new Intl.Collator('en', { numeric: true });

const CONDITION_ORDER = ['SNAT_EXHAUSTION', 'SNAT_UTILIZATION', 'ALLOCATION_DRIFT', 'DATAPATH_DEGRADED', 'MONITORING_BLIND'];

/** Critical first, then exhaustion before use before drift; nodes in natural (numeric) order. */
export function worstAlertFirst(a: AlertSummary, b: AlertSummary): number {
  return (
    levelRank(b.severity) - levelRank(a.severity) ||
    CONDITION_ORDER.indexOf(a.condition) - CONDITION_ORDER.indexOf(b.condition) ||
    byName.compare(a.node, b.node)
  );
}
