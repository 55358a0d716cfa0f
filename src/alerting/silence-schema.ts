// The silences API's contract (GET/POST /api/silences, DELETE /api/silences/{id}), in zod so the
// endpoint, the types and the OpenAPI document come from one source. The shape only: whether the
// target is watched and whether the end is sane depend on state and the clock (silence-request.ts).
import { z } from 'zod';
import type { AlertKind } from './alert-state.js';
import { silenceEnd, type Silence } from './silence.js';

/** Kept here (not imported from the live view) so the domain depends on nothing above it. */
export const silenceConditions = ['SNAT_UTILIZATION', 'SNAT_EXHAUSTION', 'ALLOCATION_DRIFT', 'DATAPATH_DEGRADED', 'MONITORING_BLIND'] as const satisfies readonly AlertKind[];
type Missing<All, Listed> = Exclude<All, Listed> extends never ? true : never;
const everyConditionListed: Missing<AlertKind, (typeof silenceConditions)[number]> = true;
void everyConditionListed;

/** The longest silence: a month of quiet is a decision to stop watching, not a silence. */
export const MAX_SILENCE_DAYS = 30;
export const MAX_CREATED_BY_LENGTH = 100;
export const MAX_COMMENT_LENGTH = 1_000;
/** "30m", "4h", "2d": a whole number of minutes, hours or days. */
export const DURATION_PATTERN = /^([1-9]\d{0,5})([mhd])$/;

const expected = (text: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : text);
const isoTime = (what: string) => z.iso.datetime({ offset: true, error: expected(`expected ${what} as an ISO 8601 time with a zone, e.g. 2026-12-01T18:00:00Z`) });

export const silenceMatchersSchema = z.strictObject({
  target: z
    .string({ error: expected('expected a watched target\'s resource ID or name') })
    .trim()
    .min(1, { error: 'expected a watched target\'s resource ID or name' })
    .max(1024, { error: 'expected a target name or resource ID of at most 1,024 characters' })
    .describe('A watched target\'s ARM resource ID, or its name when only one watched target has it. Stored as the resource ID.'),
  node: z
    .string({ error: expected('expected a backend IP or Kubernetes node name') })
    .trim()
    .min(1, { error: 'expected a backend IP or Kubernetes node name' })
    .max(253, { error: 'expected a backend IP or node name of at most 253 characters' })
    .optional()
    .describe('One node of the target: its backend IP or Kubernetes node name. Absent: every node.'),
  condition: z.enum(silenceConditions, { error: `expected one of ${silenceConditions.join(', ')}` }).optional().describe('Absent: every condition.'),
}, { error: expected('expected an object: { target, node?, condition? }') });

export const silenceRequestSchema = z.strictObject(
  {
    matchers: silenceMatchersSchema,
    startsAt: isoTime('startsAt').optional().describe('Default: now.'),
    endsAt: isoTime('endsAt').optional().describe(`When the silence ends: after now, at most ${MAX_SILENCE_DAYS} days away. Give this or \`duration\`.`),
    duration: z
      .string({ error: expected('expected a duration such as 30m, 4h or 2d') })
      .regex(DURATION_PATTERN, { error: 'expected a duration such as 30m, 4h or 2d (whole minutes, hours or days)' })
      .optional()
      .describe('Instead of `endsAt`: how long from `startsAt` (or now), e.g. "1h", "30m", "2d".'),
    createdBy: z
      .string({ error: expected('expected who sets the silence') })
      .trim()
      .min(1, { error: 'expected who sets the silence' })
      .max(MAX_CREATED_BY_LENGTH, { error: `expected at most ${MAX_CREATED_BY_LENGTH} characters` }),
    comment: z.string({ error: 'expected text' }).trim().max(MAX_COMMENT_LENGTH, { error: `expected at most ${MAX_COMMENT_LENGTH.toLocaleString('en-US')} characters` }).optional().describe('Why: shown on the page and in the API.'),
  },
  { error: 'expected a JSON object: { matchers, endsAt or duration, createdBy, comment? }' },
);
export type SilenceRequest = z.output<typeof silenceRequestSchema>;
export type SilenceRequestInput = z.input<typeof silenceRequestSchema>;

export const silenceStates = ['pending', 'active', 'ended', 'expired'] as const;
export type SilenceState = (typeof silenceStates)[number];

const time = z.string().describe('ISO 8601, UTC.');
export const silenceSchema = z.strictObject({
  id: z.string().describe('A UUID.'),
  matchers: z.strictObject({ target: z.string(), node: z.string().optional(), condition: z.enum(silenceConditions).optional() }),
  startsAt: time,
  endsAt: time,
  createdBy: z.string(),
  comment: z.string(),
  createdAt: time,
  endedAt: time.nullable().describe('Set when someone ended it before `endsAt`.'),
  endedBy: z.string().nullable(),
  state: z.enum(silenceStates).describe('`pending`: starts later; `active`: in force; `ended`: someone ended it; `expired`: past `endsAt`.'),
});
export type SilenceJson = z.output<typeof silenceSchema>;

export const silenceListSchema = z.strictObject({ silences: z.array(silenceSchema).describe('Soonest end first.') });

export function silenceState(silence: Silence, now: Date): SilenceState {
  const at = now.getTime();
  if (at >= Date.parse(silenceEnd(silence))) return silence.endedAt !== null && Date.parse(silence.endedAt) < Date.parse(silence.endsAt) ? 'ended' : 'expired';
  return Date.parse(silence.startsAt) > at ? 'pending' : 'active';
}

export function silenceJson(silence: Silence, now: Date): SilenceJson {
  const { matchers } = silence;
  return {
    ...silence,
    matchers: { target: matchers.target, ...(matchers.node === undefined ? {} : { node: matchers.node }), ...(matchers.condition === undefined ? {} : { condition: matchers.condition }) },
    state: silenceState(silence, now),
  };
}
