// An `incident-update` outbox payload: no new alert, only the incident's root message changes (someone
// acknowledged it, silenced it, or ended its silence). Queued in the same commit as the state change,
// so the root shows what the state holds. `text` is the one line a thread reply or a webhook shows.
import type { TargetAlertState, TargetRef } from '../alerting/alert-state.js';
import { notificationPayload, type IncidentStatus, type NotificationPayload } from './notification-payload.js';

export interface IncidentUpdate {
  target: TargetRef;
  /** The state after the change; its open incident is the one updated. */
  state: TargetAlertState;
  silencedUntil: string | null;
  text: string;
  route?: string | null;
}

/** The payload, or null when the state has no open incident to update. */
export function incidentUpdatePayload(update: IncidentUpdate): NotificationPayload | null {
  const notified = update.state.notified;
  if (!notified?.incident) return null;
  const status: IncidentStatus = {
    phase: 'firing',
    severity: notified.severity,
    acknowledged: notified.acknowledged ? { by: notified.acknowledged.by, at: notified.acknowledged.at } : null,
    silencedUntil: update.silencedUntil,
  };
  return notificationPayload('incident-update', { text: update.text }, {
    route: update.route ?? null,
    incident: { key: notified.incident, target: update.target, openedAt: notified.openedAt ?? notified.at, status },
  });
}
