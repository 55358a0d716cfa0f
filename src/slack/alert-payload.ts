// A lifecycle notification's outbox payload: its message, placed in its incident's thread, with the
// state the incident's root message should show after it.
import type { TargetNotification } from '../alerting/alert-state.js';
import type { SlackMessage } from './block-kit.js';
import { notificationPayload, type NotificationPayload } from './notification-payload.js';

export function alertPayload(notification: TargetNotification, message: SlackMessage, route: string | null = null): NotificationPayload {
  const resolved = notification.severity === 'resolved';
  return notificationPayload('alert', message, {
    route,
    incident: {
      key: notification.incident.key,
      target: notification.target,
      openedAt: notification.incident.openedAt,
      status: {
        phase: resolved ? 'resolved' : 'firing',
        severity: notification.severity,
        // The lifecycle sets it while the acknowledgement holds (an escalation ends it).
        acknowledged: resolved ? null : (notification.incident.acknowledged ?? null),
        // Never silenced here: the lifecycle sends nothing about a firing incident while a silence
        // covers it, and a resolved incident's root shows "resolved", not the silence.
        silencedUntil: null,
      },
    },
  });
}
