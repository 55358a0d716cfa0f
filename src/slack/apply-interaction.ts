// What a verified button press does, recorded before Slack gets its answer so the very next watch
// run honours it: Acknowledge records on the target's open incident (ETag-guarded, with an
// `incident-update` for the root message in the same commit); Silence 1 h / 4 h / 24 h creates a
// silence on the target and marks the incident silenced; Unsilence ends the target's active silences.
// A button of an incident that is no longer the target's open one changes nothing and says why.
import { acknowledgeIncident, ACKNOWLEDGE_TEXT } from '../alerting/acknowledge.js';
import type { TargetAlertState, TargetRef } from '../alerting/alert-state.js';
import { isSilenceActive, silenceEnd } from '../alerting/silence.js';
import { parseResourceId, targetKindOf } from '../azure/resource-id.js';
import { HttpError } from '../http/http-error.js';
import type { Runtime } from '../runtime.js';
import { formatUtc } from '../snat/format.js';
import { incidentUpdatePayload } from './incident-update-payload.js';
import { INCIDENT_ACTIONS, type IncidentInteraction } from './interaction-payload.js';

export type InteractionOutcome = 'acknowledged' | 'already-acknowledged' | 'silenced' | 'unsilenced' | 'nothing-to-unsilence' | 'no-open-incident' | 'other-incident';

export interface InteractionResult {
  outcome: InteractionOutcome;
  /** One line for the person who pressed (Slack's ephemeral answer, the terminal). */
  text: string;
}

type Stores = Pick<Runtime, 'alertStates' | 'silences'>;

/** Two runs and a person may write one target at once: a lost ETag race is retried from a fresh read. */
const MAX_ATTEMPTS = 4;

export async function applyInteraction(runtime: Stores, interaction: IncidentInteraction, now: Date): Promise<InteractionResult> {
  const target = targetRefOf(interaction.targetId);
  const action = INCIDENT_ACTIONS[interaction.actionId];
  if (action.kind === 'acknowledge') return acknowledge(runtime, interaction, target, now);
  if (action.kind === 'silence') return silence(runtime, interaction, target, action.hours, now);
  return unsilence(runtime, interaction, target, now);
}

async function acknowledge(runtime: Stores, interaction: IncidentInteraction, target: TargetRef, now: Date): Promise<InteractionResult> {
  return withState(runtime, target.id, (state) => {
    const result = acknowledgeIncident(state, interaction.incident, interaction.user.label, now);
    const text = result.outcome === 'already-acknowledged' && result.acknowledged
      ? `Already acknowledged by ${result.acknowledged.by} at ${formatUtc(result.acknowledged.at)}.`
      : ACKNOWLEDGE_TEXT[result.outcome];
    if (result.outcome !== 'acknowledged') return { done: { outcome: result.outcome, text } };
    const next = result.state!;
    const update = incidentUpdatePayload({ target, state: next, silencedUntil: next.silenced?.until ?? null, text: `Acknowledged by ${interaction.user.label}.` });
    return { next, messages: update ? [update] : [], done: { outcome: 'acknowledged', text } };
  });
}

async function silence(runtime: Stores, interaction: IncidentInteraction, target: TargetRef, hours: number, now: Date): Promise<InteractionResult> {
  const open = openIncidentProblem((await runtime.alertStates.get(target.id)).value, interaction);
  if (open) return open;
  const created = await runtime.silences.create(
    { matchers: { target: target.id }, endsAt: new Date(now.getTime() + hours * 3_600_000).toISOString(), createdBy: `${interaction.user.label} (${interaction.user.id})`, comment: 'from Slack' },
    now,
  );
  const text = `Silenced for ${hours} h, until ${formatUtc(created.endsAt)}: no messages about this target until then.`;
  return withState(runtime, target.id, (state) => {
    const problem = openIncidentProblem(state, interaction);
    if (problem || !state) return { done: problem ?? { outcome: 'no-open-incident', text: ACKNOWLEDGE_TEXT['no-open-incident'] } };
    const next: TargetAlertState = { ...state, silenced: { silenceId: created.id, until: created.endsAt, since: state.silenced?.since ?? now.toISOString() }, updatedAt: now.toISOString() };
    const update = incidentUpdatePayload({ target, state: next, silencedUntil: created.endsAt, text: `Silenced by ${interaction.user.label} until ${formatUtc(created.endsAt)}.` });
    return { next, messages: update ? [update] : [], done: { outcome: 'silenced', text } };
  });
}

async function unsilence(runtime: Stores, interaction: IncidentInteraction, target: TargetRef, now: Date): Promise<InteractionResult> {
  const ids = new Set([target.id.toLowerCase(), target.name.toLowerCase()]);
  const active = (await runtime.silences.list(now)).filter((s) => isSilenceActive(s, now) && ids.has(s.matchers.target.toLowerCase()));
  if (active.length === 0) return { outcome: 'nothing-to-unsilence', text: 'Nothing to end: no silence covers this target now.' };
  for (const s of active) await runtime.silences.end(s.id, `${interaction.user.label} (${interaction.user.id})`, now);
  const text = `Ended ${active.length === 1 ? 'the silence' : `${active.length} silences`} (until ${formatUtc(silenceEnd(active[0]!))}); the next run speaks again if it is still firing.`;
  // The lifecycle sends "the silence ended; still firing" on its next run; the root loses its "silenced until" now.
  return withState(runtime, target.id, (state) => {
    if (!state?.notified?.incident) return { done: { outcome: 'unsilenced', text } };
    const update = incidentUpdatePayload({ target, state, silencedUntil: null, text: `Silence ended by ${interaction.user.label}.` });
    return { next: { ...state, updatedAt: now.toISOString() }, messages: update ? [update] : [], done: { outcome: 'unsilenced', text } };
  });
}

function openIncidentProblem(state: TargetAlertState | null, interaction: IncidentInteraction): InteractionResult | null {
  if (!state?.notified) return { outcome: 'no-open-incident', text: ACKNOWLEDGE_TEXT['no-open-incident'] };
  if (state.notified.incident !== interaction.incident) return { outcome: 'other-incident', text: ACKNOWLEDGE_TEXT['other-incident'] };
  return null;
}

type Step = { done: InteractionResult; next?: TargetAlertState; messages?: unknown[] };

/** Read, decide, commit with the ETag read; on a lost race, decide again from what won. */
async function withState(runtime: Stores, targetId: string, decide: (state: TargetAlertState | null) => Step): Promise<InteractionResult> {
  for (let attempt = 1; ; attempt += 1) {
    const read = await runtime.alertStates.get(targetId);
    const step = decide(read.value);
    if (!step.next) return step.done;
    const commit = await runtime.alertStates.commit(targetId, step.next, read.etag, step.messages ?? []);
    if (commit === 'committed') return step.done;
    if (attempt >= MAX_ATTEMPTS) throw new HttpError(503, 'storage-unavailable', 'The target\'s state kept changing under us; press the button again.', { headers: { 'retry-after': '1' } });
  }
}

function targetRefOf(targetId: string): TargetRef {
  const kind = targetKindOf(targetId);
  if (!kind) throw new HttpError(400, 'invalid-request', 'The button names no load balancer or NAT gateway.', { errors: [{ field: 'actions[0].value', message: 'expected an incident of a load balancer or NAT gateway', code: 'custom' }] });
  return { id: targetId, name: parseResourceId(targetId).name, kind };
}
