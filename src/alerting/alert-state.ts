// The alert lifecycle's data: what is stored per target between runs (ETag-guarded by the state
// store, which treats it as opaque JSON), and what one tick hands to the notifier.
import type { AlertCondition, Level } from '../snat/evaluation.js';
import type { IncidentKey } from './incident.js';
import type { Silence } from './silence.js';

/** The conditions evaluation raises, plus the one the lifecycle raises itself. */
export type AlertKind = AlertCondition | 'MONITORING_BLIND';

/** `ok` is the absence of a record. */
export type AlertPhase = 'pending' | 'firing' | 'resolved';

export interface AlertRecord {
  condition: AlertKind;
  /** Backend IP, or `*` for the target as a whole. */
  node: string;
  state: AlertPhase;
  severity: Level;
  /** First seen (pending, or firing straight away). */
  since: string;
  firingSince: string | null;
  resolvedAt: string | null;
  /** The severity on-call was last told about; null = never told (new since the last notification). */
  notifiedSeverity: Level | null;
}

/** Why a target could not be judged this run. `no-data`: read fine, but Azure returned no metrics; `timeout`: no answer before the run's deadline. */
export type ReadFailureKind = 'forbidden' | 'not-found' | 'throttled' | 'timeout' | 'failed' | 'no-data';

export interface ReadFailure {
  kind: ReadFailureKind;
  /** A short, secret-free description for the message (an HTTP status, an error code). */
  detail?: string;
}

/** Everything the lifecycle remembers about one target. Plain JSON. */
export interface TargetAlertState {
  version: 1;
  targetId: string;
  /** Keyed by `localAlertKey(node, condition)`. Resolved records wait for the next message, then go. */
  alerts: Record<string, AlertRecord>;
  /** Consecutive runs that could not judge the target. */
  failedRuns: number;
  lastFailure: ReadFailure | null;
  /** The open incident as on-call last heard of it; null when nothing is open. `incident` is absent in states stored before incidents had keys. */
  notified: { at: string; severity: Level; incident?: IncidentKey; openedAt?: string; acknowledged?: Acknowledgement } | null;
  /** Set while a silence covers every firing alert (absent in states stored before silences): when it ends with alerts still firing, one message says so. */
  silenced?: SilencedIncident | null;
  /** Notifications produced for this target so far: orders and names them. */
  sequence: number;
  updatedAt: string;
}

/** Someone said "I'm on it" for the open incident at `severity`: nothing at or below it is repeated; an escalation above it notifies and ends the acknowledgement. */
export interface Acknowledgement {
  by: string;
  at: string;
  severity: Level;
}

/** The silence that held the target's notifications back (the longest-lasting of those covering it). */
export interface SilencedIncident {
  silenceId: string;
  until: string;
  since: string;
}

/** What the lifecycle reads besides the state and the evaluation: the silences people set (all of them; the lifecycle picks those active and matching). */
export interface LifecycleOptions {
  silences?: readonly Silence[];
}

export interface TargetRef {
  id: string;
  name: string;
  kind: 'loadBalancer' | 'natGateway';
}

/** When to speak (Alertmanager's timers) and when a target counts as blind. */
export interface AlertRules {
  /** Re-send an unchanged open incident after this long. */
  repeatIntervalMinutes: number;
  /** Consecutive failed runs before MONITORING_BLIND fires. */
  blindAfterRuns: number;
  /** New alerts joining an incident already notified wait this long after the last message (escalation never waits). */
  groupIntervalMinutes: number;
}

/** Named like Alertmanager's dedup stage decisions. */
export type NotifyReason =
  | 'first-notification'
  | 'new-alerts'
  | 'severity-raised'
  | 'repeat-interval-elapsed'
  | 'all-resolved'
  | 'silence-ended-still-firing'
  | 'group-interval-pending'
  /** A reminder or news was due, but someone acknowledged the incident at this severity. */
  | 'acknowledged'
  /** A message was due (or would be), but an active silence covers every firing alert. */
  | 'silenced'
  | 'do-not-notify';

export type HeldReason = 'group-interval-pending' | 'acknowledged' | 'silenced' | 'do-not-notify';
export type SentReason = Exclude<NotifyReason, HeldReason>;

const HELD: readonly string[] = ['group-interval-pending', 'acknowledged', 'silenced', 'do-not-notify'] satisfies HeldReason[];

/** Whether a decision with this reason queued a message (logs and counts use it). */
export function isSentReason(reason: string): reason is SentReason {
  return !HELD.includes(reason);
}

export interface AlertSummary {
  /** target | node | condition */
  key: string;
  condition: AlertKind;
  node: string;
  severity: Level;
  since: string;
  /** What on-call has not heard yet: a new alert, or one that got worse. */
  change: 'new' | 'escalated' | null;
}

export interface BlindSummary {
  failedRuns: number;
  failure: ReadFailure;
}

/** One Slack-worthy message about one target; at most one per target per tick. */
export interface TargetNotification {
  /** `${targetId}#${sequence}`: stable, so an outbox can deliver it exactly once and in order. */
  id: string;
  sequence: number;
  target: TargetRef;
  reason: SentReason;
  /** The worst firing severity, or `resolved` when nothing fires any more. */
  severity: Level | 'resolved';
  at: string;
  /** Every firing alert of the target, worst first. */
  firing: AlertSummary[];
  /** Alerts that cleared since the target's last message, worst first. */
  resolved: AlertSummary[];
  /** Set while MONITORING_BLIND fires. */
  blind: BlindSummary | null;
  /** The incident this notification belongs to: opened by the first notification, closed by the all-resolved one. `acknowledged`: who said "on it" and when, while that still holds (absent: not acknowledged). */
  incident: { key: IncidentKey; openedAt: string; acknowledged?: { by: string; at: string } | null };
}

export interface TargetAlertDecision {
  state: TargetAlertState;
  notification: TargetNotification | null;
  reason: NotifyReason;
}
