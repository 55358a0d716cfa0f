// Whether a silence holds a target's incident back: a silence on the whole target does; silences on
// one node or one condition do when, between them, they cover every firing alert (one alert left
// uncovered is news on-call must hear). Pure: the silences are passed in, `now` decides which are active.
import type { AlertRecord, TargetRef } from './alert-state.js';
import { activeSilenceFor, silenceEnd, type Silence } from './silence.js';

/** The silence holding the incident back (the one ending first, when several share the work), or null. */
export function silenceCovering(firing: readonly AlertRecord[], silences: readonly Silence[], target: TargetRef, now: Date): Silence | null {
  if (firing.length === 0 || silences.length === 0) return null;
  const whole = activeSilenceFor(silences, target, now);
  if (whole) return whole;
  let first: Silence | null = null;
  for (const alert of firing) {
    const covering = activeSilenceFor(silences, target, now, { node: alert.node, condition: alert.condition });
    if (!covering) return null;
    if (!first || silenceEnd(covering) < silenceEnd(first)) first = covering;
  }
  return first;
}

/** Until when the target's incident is silenced, or null: what the page and the root message show. */
export function silencedUntil(firing: readonly AlertRecord[], silences: readonly Silence[], target: TargetRef, now: Date): string | null {
  const silence = silenceCovering(firing, silences, target, now);
  return silence ? silenceEnd(silence) : null;
}
