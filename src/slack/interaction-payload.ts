// What a button press on an incident's root message sends (Slack's `block_actions` interaction
// payload, form-encoded as `payload=<JSON>`; "Handling user interaction",
// https://docs.slack.dev/interactivity/handling-user-interaction). We read the user, and the first
// action's action_id and value (the incident key); everything else Slack sends is ignored.
import { z } from 'zod';
import { targetOfIncident, type IncidentKey } from '../alerting/incident.js';
import { fieldErrors } from '../http/field-errors.js';
import { HttpError } from '../http/http-error.js';

/** The buttons the Slack app puts on an incident's root message (action_id → what it does). */
export const INCIDENT_ACTIONS = {
  'snat-ack': { kind: 'acknowledge' },
  'snat-silence-1h': { kind: 'silence', hours: 1 },
  'snat-silence-4h': { kind: 'silence', hours: 4 },
  'snat-silence-24h': { kind: 'silence', hours: 24 },
  'snat-unsilence': { kind: 'unsilence' },
} as const;
export type IncidentActionId = keyof typeof INCIDENT_ACTIONS;

const actionIds = Object.keys(INCIDENT_ACTIONS) as [IncidentActionId, ...IncidentActionId[]];

const payloadSchema = z.object({
  type: z.literal('block_actions', { error: 'expected a block_actions interaction' }),
  user: z.object({ id: z.string().min(1).max(64), username: z.string().max(200).optional(), name: z.string().max(200).optional() }),
  actions: z
    .array(
      z.object({
        action_id: z.enum(actionIds, { error: `expected one of ${actionIds.join(', ')}` }),
        value: z.string().refine((value) => targetOfIncident(value) !== null, { error: 'expected an incident key (<target resource ID>#<number>)' }),
      }),
    )
    .min(1, { error: 'expected the pressed button' }),
});

export interface IncidentInteraction {
  actionId: IncidentActionId;
  incident: IncidentKey;
  targetId: string;
  /** How the person is named in state and messages: their display name, else their Slack user ID. */
  user: { id: string; label: string };
}

/** The form body Slack sent, already verified; 415 / 400 problem details for anything else. */
export function parseInteraction(rawBody: Uint8Array, contentType: string | null): IncidentInteraction {
  if ((contentType ?? '').split(';')[0]!.trim().toLowerCase() !== 'application/x-www-form-urlencoded') {
    throw new HttpError(415, 'unsupported-media-type', 'Send the interaction as Slack does: application/x-www-form-urlencoded with a `payload` field.');
  }
  const payload = new URLSearchParams(Buffer.from(rawBody).toString('utf8')).get('payload');
  if (payload === null) throw new HttpError(400, 'invalid-request', 'The form has no `payload` field.', { errors: [{ field: 'payload', message: 'required', code: 'invalid_type' }] });
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    throw new HttpError(400, 'malformed-json', 'The `payload` field is not valid JSON.');
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) throw new HttpError(400, 'invalid-request', 'The interaction payload is not one of our buttons.', { errors: fieldErrors(parsed.error) });
  const { user, actions } = parsed.data;
  const action = actions[0]!;
  return {
    actionId: action.action_id,
    incident: action.value,
    targetId: targetOfIncident(action.value)!,
    user: { id: user.id, label: user.name?.trim() || user.username?.trim() || user.id },
  };
}
