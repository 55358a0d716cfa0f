// Whether this tick speaks for the target, and why: Alertmanager's dedup decision with its timers
// (group interval for news, repeat interval for reminders), decided from state and `now` alone.
// https://prometheus.io/docs/alerting/latest/configuration/#route
import type { Level } from '../snat/evaluation.js';
import { levelRank } from '../snat/evaluate-levels.js';
import type { AlertRecord, AlertRules, NotifyReason, TargetAlertState } from './alert-state.js';

const MS_PER_MINUTE = 60_000;

export function notifyReason(
  alerts: readonly AlertRecord[],
  notified: TargetAlertState['notified'],
  rules: Pick<AlertRules, 'repeatIntervalMinutes' | 'groupIntervalMinutes'>,
  nowMs: number,
): NotifyReason {
  const firing = alerts.filter((alert) => alert.state === 'firing');
  if (firing.length === 0) return notified ? 'all-resolved' : 'do-not-notify';
  if (!notified) return 'first-notification';
  // Escalation is never held back: on-call must hear "critical" the run it happens.
  if (levelRank(worstSeverity(firing)) > levelRank(notified.severity)) return 'severity-raised';
  const sinceLastMs = nowMs - Date.parse(notified.at);
  const news = firing.some((alert) => alert.notifiedSeverity === null || levelRank(alert.severity) > levelRank(alert.notifiedSeverity));
  const due = news && sinceLastMs >= rules.groupIntervalMinutes * MS_PER_MINUTE ? 'new-alerts'
    : sinceLastMs >= rules.repeatIntervalMinutes * MS_PER_MINUTE ? 'repeat-interval-elapsed'
    : news ? 'group-interval-pending' : 'do-not-notify';
  // Acknowledged: on-call is on it. Nothing at or below the acknowledged severity is said again —
  // no reminders, no "more nodes joined" — until the severity rises above it (handled above).
  if (notified.acknowledged && due !== 'do-not-notify' && levelRank(worstSeverity(firing)) <= levelRank(notified.acknowledged.severity)) return 'acknowledged';
  return due;
}

export function worstSeverity(alerts: readonly AlertRecord[]): Level {
  return alerts.some((alert) => alert.severity === 'critical') ? 'critical' : 'warning';
}
