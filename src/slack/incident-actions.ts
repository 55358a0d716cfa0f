// The buttons on an incident's root message and the action IDs Slack sends back when someone presses
// one (the interactions endpoint reads them). Each button's `value` is the incident key, so the press
// names the incident without any lookup. Acknowledge shows only while nobody has; Unsilence only while
// silenced; none once the incident is resolved (nothing left to act on).
// Button: text ≤ 75 characters, value ≤ 2,000 characters, action_id ≤ 255 characters
// (https://docs.slack.dev/reference/block-kit/block-elements/button-element).
import type { ActionsBlock, Button } from '@slack/types';
import type { IncidentKey } from '../alerting/incident.js';
import type { IncidentStatus } from './notification-payload.js';

export const INCIDENT_ACTIONS = {
  acknowledge: 'snat-ack',
  silence1h: 'snat-silence-1h',
  silence4h: 'snat-silence-4h',
  silence24h: 'snat-silence-24h',
  unsilence: 'snat-unsilence',
} as const;

export type IncidentActionId = (typeof INCIDENT_ACTIONS)[keyof typeof INCIDENT_ACTIONS];

/** How long each silence button silences, in hours. */
export const SILENCE_HOURS: Readonly<Record<'snat-silence-1h' | 'snat-silence-4h' | 'snat-silence-24h', number>> = {
  'snat-silence-1h': 1,
  'snat-silence-4h': 4,
  'snat-silence-24h': 24,
};

/** A button's value may hold 2,000 characters. https://docs.slack.dev/reference/block-kit/block-elements/button-element */
export const MAX_BUTTON_VALUE = 2_000;

/** The block ID of the root's buttons: interactions can tell them from any other block. */
export const INCIDENT_ACTIONS_BLOCK_ID = 'snat-incident-actions';

/** The buttons for an incident in this state; null when there is nothing to act on (resolved) or the key is too long for a value. */
export function incidentActions(incident: IncidentKey, status: IncidentStatus, now: Date): ActionsBlock | null {
  if (status.phase === 'resolved' || incident.length > MAX_BUTTON_VALUE) return null;
  const silenced = status.silencedUntil !== null && Date.parse(status.silencedUntil) > now.getTime();
  const button = (actionId: IncidentActionId, text: string, style?: Button['style']): Button => ({
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text, emoji: true },
    value: incident,
    ...(style ? { style } : {}),
  });
  const elements: Button[] = [];
  if (!status.acknowledged) elements.push(button(INCIDENT_ACTIONS.acknowledge, 'Acknowledge', 'primary'));
  elements.push(button(INCIDENT_ACTIONS.silence1h, 'Silence 1h'), button(INCIDENT_ACTIONS.silence4h, 'Silence 4h'), button(INCIDENT_ACTIONS.silence24h, 'Silence 24h'));
  if (silenced) elements.push(button(INCIDENT_ACTIONS.unsilence, 'Unsilence'));
  return { type: 'actions', block_id: INCIDENT_ACTIONS_BLOCK_ID, elements };
}
