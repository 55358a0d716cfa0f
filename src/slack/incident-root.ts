// An incident's root message: the message that opened the incident (its base), a line with the
// incident's current state (firing, acknowledged by, silenced until, resolved) under its header, and
// the buttons. The root is posted once and re-rendered with chat.update whenever the state changes, so
// the channel shows one line per incident and its thread holds the story.
import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn, truncateAtWord, type SlackMessage } from './block-kit.js';
import { incidentActions } from './incident-actions.js';
import { MAX_BLOCKS, MAX_NOTIFICATION_TEXT } from './limits.js';
import type { IncidentPlacement, IncidentStatus, TextMessage } from './notification-payload.js';

export function incidentRoot(base: SlackMessage | TextMessage, incident: IncidentPlacement, now: Date): SlackMessage {
  const state = statusLine(incident.status);
  const actions = incidentActions(incident.key, incident.status, now);
  const baseBlocks: KnownBlock[] = 'blocks' in base && base.blocks.length > 0 ? base.blocks : [{ type: 'section', text: { type: 'mrkdwn', text: base.text } }];
  const room = MAX_BLOCKS - 1 - (actions ? 1 : 0);
  const kept = baseBlocks.slice(0, room);
  const at = kept[0]?.type === 'header' ? 1 : 0;
  const stateBlock: KnownBlock = { type: 'context', elements: [{ type: 'mrkdwn', text: state }] };
  const blocks = [...kept.slice(0, at), stateBlock, ...kept.slice(at), ...(actions ? [actions] : [])];
  return { text: truncateAtWord(`${plainStatus(incident.status)}: ${base.text}`, MAX_NOTIFICATION_TEXT), blocks };
}

/** "🔴 Firing (critical) · acknowledged by Ana at 10:02 UTC · silenced until 11:02 UTC". */
export function statusLine(status: IncidentStatus): string {
  if (status.phase === 'resolved') return ':white_check_mark: *Resolved*';
  const parts = [`${status.severity === 'critical' ? ':red_circle:' : ':large_orange_circle:'} *Firing* (${escapeMrkdwn(String(status.severity))})`];
  if (status.acknowledged) parts.push(`acknowledged by ${escapeMrkdwn(status.acknowledged.by)} at ${clock(status.acknowledged.at)}`);
  if (status.silencedUntil) parts.push(`:see_no_evil: silenced until ${clock(status.silencedUntil)}`);
  return parts.join(' · ');
}

function plainStatus(status: IncidentStatus): string {
  if (status.phase === 'resolved') return 'Resolved';
  return status.acknowledged ? `Firing, acknowledged by ${status.acknowledged.by}` : 'Firing';
}

/** "2026-11-20 10:02 UTC" from an ISO time; the text as it is when it is no time. */
function clock(iso: string): string {
  return Number.isNaN(Date.parse(iso)) ? escapeMrkdwn(iso) : `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
