// Acknowledging an incident: someone says "I'm on it" for the target's open incident. Recorded on the
// incident as on-call heard of it (state.notified.acknowledged), at the severity they were told; the
// lifecycle then holds reminders and joins back until the severity rises above it (notify-reason.ts).
// Pure: the caller reads the state, commits the result with its ETag.
import type { TargetAlertState } from './alert-state.js';
import { assertNow } from './assert-inputs.js';
import type { IncidentKey } from './incident.js';

/**
 * acknowledged: recorded now. already-acknowledged: someone did at this severity (theirs stays).
 * no-open-incident: nothing is open (it resolved, or never opened): a button on an old thread.
 * other-incident: the target's open incident is a newer one than the button's: an old thread, too.
 */
export type AcknowledgeOutcome = 'acknowledged' | 'already-acknowledged' | 'no-open-incident' | 'other-incident';

export interface AcknowledgeResult {
  outcome: AcknowledgeOutcome;
  /** The state to commit; the previous one unchanged unless `acknowledged`. */
  state: TargetAlertState | null;
  /** Who holds the acknowledgement afterwards, if anyone. */
  acknowledged: { by: string; at: string } | null;
}

export function acknowledgeIncident(state: TargetAlertState | null, incident: IncidentKey, by: string, now: Date): AcknowledgeResult {
  assertNow(now);
  if (typeof by !== 'string' || by.trim() === '') throw new TypeError('acknowledgeIncident needs who acknowledges (a Slack user name or ID)');
  const notified = state?.notified ?? null;
  if (!state || !notified) return { outcome: 'no-open-incident', state, acknowledged: null };
  if (notified.incident !== incident) return { outcome: 'other-incident', state, acknowledged: null };
  const held = notified.acknowledged;
  if (held && held.severity === notified.severity) return { outcome: 'already-acknowledged', state, acknowledged: { by: held.by, at: held.at } };
  const acknowledged = { by: by.trim(), at: now.toISOString(), severity: notified.severity };
  return {
    outcome: 'acknowledged',
    state: { ...state, notified: { ...notified, acknowledged }, updatedAt: now.toISOString() },
    acknowledged: { by: acknowledged.by, at: acknowledged.at },
  };
}

/** What a person is told about each outcome (the Slack answer, the terminal). */
export const ACKNOWLEDGE_TEXT: Record<AcknowledgeOutcome, string> = {
  acknowledged: 'Acknowledged: no reminders for this incident until its severity rises.',
  'already-acknowledged': 'Already acknowledged.',
  'no-open-incident': 'Not recorded: this incident is no longer open (it resolved).',
  'other-incident': 'Not recorded: this button belongs to an older incident; the target has a newer one open.',
};
