// The end of every lifecycle tick, whether the target was read or not: decide whether to speak,
// build the one notification for the target, and record what on-call now knows.
import { levelRank } from '../snat/evaluate-levels.js';
import { alertKey } from './alert-key.js';
import { incidentKeyOf } from './incident.js';
import {
  isSentReason,
  type AlertRecord,
  type AlertRules,
  type AlertSummary,
  type LifecycleOptions,
  type NotifyReason,
  type ReadFailure,
  type SilencedIncident,
  type TargetAlertDecision,
  type TargetAlertState,
  type TargetRef,
} from './alert-state.js';
import { silenceCovering } from './incident-silence.js';
import { notifyReason, worstSeverity } from './notify-reason.js';
import { silenceEnd } from './silence.js';

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
  options: LifecycleOptions = {},
): TargetAlertDecision {
  const nowIso = now.toISOString();
  const alerts = withPendingResolutions(previous, outcome.alerts);
  const firing = Object.values(alerts).filter((alert) => alert.state === 'firing');
  // What on-call was last told. A silent calm-down (critical → warning) does not change it, so
  // climbing back to critical is not news either: the incident was announced as critical.
  const notified = previous?.notified ?? null;
  const silence = silenceCovering(firing, options.silences ?? [], target, now);
  const silenced: SilencedIncident | null = silence
    ? { silenceId: silence.id, until: silenceEnd(silence), since: previous?.silenced?.since ?? nowIso }
    : null;
  const reason = silencedReason(notifyReason(Object.values(alerts), notified, rules, now.getTime()), silenced, previous?.silenced ?? null, firing.length);
  const base = { version: 1 as const, targetId: target.id, failedRuns: outcome.failedRuns, lastFailure: outcome.lastFailure, updatedAt: nowIso };
  if (!isSentReason(reason)) {
    // `silenced` is left out when null, so states of targets nobody silences are stored as before.
    return { state: { ...base, alerts, notified, sequence: previous?.sequence ?? 0, ...(silenced ? { silenced } : {}) }, notification: null, reason };
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
  // An acknowledgement holds while nothing fires above the severity it was given at; an escalation ends it.
  const worst = firing.length > 0 ? worstSeverity(firing) : null;
  const acknowledged = notified?.acknowledged && worst && levelRank(worst) <= levelRank(notified.acknowledged.severity) ? notified.acknowledged : undefined;
  const incident = notified?.incident
    ? { key: notified.incident, openedAt: notified.openedAt ?? notified.at, acknowledged: acknowledged ? { by: acknowledged.by, at: acknowledged.at } : null }
    : { key: incidentKeyOf(target.id, sequence), openedAt: nowIso, acknowledged: null };
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
    state: {
      ...base,
      alerts: told,
      notified: worst ? { at: nowIso, severity: worst, incident: incident.key, openedAt: incident.openedAt, ...(acknowledged ? { acknowledged } : {}) } : null,
      sequence,
      // No `silenced`: only an all-resolved message goes out under a silence, and then nothing fires.
    },
    notification,
    reason,
  };
}

/**
 * A silence holds back every message about a firing incident — except the one that closes an
 * incident on-call already heard of: the thread (and the root) should say it is over, and a silence
 * is set against reminders, not against the good news. When a silence that held the incident ends
 * with alerts still firing, exactly one message says so, whatever the timers would have said.
 */
function silencedReason(reason: NotifyReason, silenced: SilencedIncident | null, before: SilencedIncident | null, firingCount: number): NotifyReason {
  if (firingCount === 0) return reason;
  if (silenced) return isSentReason(reason) ? 'silenced' : reason;
  return before ? 'silence-ended-still-firing' : reason;
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
