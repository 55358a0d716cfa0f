// What the outbox carries to Slack: the message, and what a notifier needs to place it. The webhook
// notifier posts `message` to its webhook (the one `route` names, else the default); the Slack app
// notifier also uses `incident` to keep one thread per incident (the first message is the root,
// later ones reply in its thread, and the root is updated to show `incident.status`) and `route` as
// the owning channel. Rows written before payloads had this shape hold a bare Slack message: they read
// as an alert for the default route with no incident.
import type { Level } from '../snat/evaluation.js';
import type { TargetRef } from '../alerting/alert-state.js';
import type { IncidentKey } from '../alerting/incident.js';
import type { SlackMessage } from './block-kit.js';

/** alert: a lifecycle notification; digest: the daily digest; notice: written by delivery itself (a parked message's notice); incident-update: no new message, only the root's state changed (acknowledged, silenced). */
export type PayloadKind = 'alert' | 'digest' | 'notice' | 'incident-update';

/** What an incident's root message shows: the incident's state after this message. */
export interface IncidentStatus {
  phase: 'firing' | 'resolved';
  severity: Level | 'resolved';
  acknowledged: { by: string; at: string } | null;
  silencedUntil: string | null;
}

export interface IncidentPlacement {
  key: IncidentKey;
  target: TargetRef;
  openedAt: string;
  status: IncidentStatus;
}

/** Delivery's own notices are text only: a refusal is almost always about blocks. */
export interface TextMessage {
  text: string;
}

export interface NotificationPayload {
  version: 1;
  kind: PayloadKind;
  message: SlackMessage | TextMessage;
  /** Null for digests and for notices that belong to no incident. */
  incident: IncidentPlacement | null;
  /** The owning channel (app mode) or the app setting that holds the owning webhook's URL (webhook mode); null: the default. */
  route: string | null;
}

export function notificationPayload(kind: PayloadKind, message: SlackMessage | TextMessage, options: { incident?: IncidentPlacement | null; route?: string | null } = {}): NotificationPayload {
  return { version: 1, kind, message, incident: options.incident ?? null, route: options.route ?? null };
}

/** A notice written by delivery about a stored message: same route and incident, so it lands where the message would have. */
export function noticePayload(about: unknown, notice: { text: string }): NotificationPayload {
  const placed = isPayload(about) ? about : null;
  return notificationPayload('notice', { text: notice.text }, { incident: placed?.incident ?? null, route: placed?.route ?? null });
}

/** A stored payload, in either shape; throws a TypeError for anything that is neither. */
export function parseNotificationPayload(stored: unknown): NotificationPayload {
  if (isPayload(stored)) return stored;
  if (isSlackMessage(stored)) return notificationPayload('alert', stored);
  throw new TypeError('outbox payload is neither a notification payload nor a Slack message');
}

/** The Slack message inside a stored payload of either shape (for logs, the live view and the CLI). */
export function slackMessageOf(stored: unknown): SlackMessage | TextMessage | null {
  if (isPayload(stored)) return stored.message;
  return isSlackMessage(stored) ? stored : null;
}

function isPayload(value: unknown): value is NotificationPayload {
  return typeof value === 'object' && value !== null && (value as { version?: unknown }).version === 1 && isSlackMessage((value as { message?: unknown }).message);
}

function isSlackMessage(value: unknown): value is SlackMessage | TextMessage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { text, blocks } = value as { text?: unknown; blocks?: unknown };
  return typeof text === 'string' || Array.isArray(blocks);
}
