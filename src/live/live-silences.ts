// The silences of the live view: which silences sit on a target, and which one (if any) keeps an
// open alert quiet and until when. Pure: the silences, the target and `now` in.
import type { AlertKind, TargetRef } from '../alerting/alert-state.js';
import { activeSilenceFor, isSilenceActive, silenceEnd, silenceOnTarget, type Silence } from '../alerting/silence.js';
import type { LiveAlert, LiveSilence } from './live-view-schema.js';

/** The target's silences not over yet, soonest end first. */
export function liveSilencesOf(silences: readonly Silence[], target: TargetRef, now: Date): LiveSilence[] {
  return silences
    .filter((silence) => silenceOnTarget(silence, target) && Date.parse(silenceEnd(silence)) > now.getTime())
    .sort((a, b) => Date.parse(silenceEnd(a)) - Date.parse(silenceEnd(b)))
    .map((silence) => ({
      id: silence.id,
      node: silence.matchers.node ?? null,
      condition: silence.matchers.condition ?? null,
      state: isSilenceActive(silence, now) ? 'active' : 'pending',
      startsAt: silence.startsAt,
      endsAt: silenceEnd(silence),
      createdBy: silence.createdBy,
      comment: silence.comment,
    }));
}

/** The active silence covering the alert, the longest-lasting one, as the live view shows it. */
export function alertSilence(
  silences: readonly Silence[],
  target: TargetRef,
  now: Date,
  alert: { node: string; nodeName: string | null; condition: AlertKind },
): LiveAlert['silenced'] {
  const silence = activeSilenceFor(silences, target, now, alert);
  return silence ? { id: silence.id, until: silenceEnd(silence), by: silence.createdBy } : null;
}
