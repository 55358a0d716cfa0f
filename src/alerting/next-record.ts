// One alert's step through `pending → firing → resolved` (no record = ok), given what the
// evaluation saw for its key this run.
import type { AlertSignal, Level } from '../snat/evaluation.js';
import { levelRank, worseLevel } from '../snat/evaluate-levels.js';
import type { AlertRecord, AlertKind } from './alert-state.js';

/**
 * The record after this run, or undefined for ok.
 * - No usable data (`signal.unknown`, or no signal while the whole target has no metrics): the
 *   record is kept exactly as it is. Silence never resolves an alert; persistent silence turns
 *   into MONITORING_BLIND instead (see decideTargetAlerts).
 * - Fires when the level was sustained for the `for` duration inside the window; a firing alert
 *   escalates only on a sustained level and clears only when even the hysteresis band is left.
 * - No signal while the target has data: the node is gone or the condition is clear, so it resolves.
 * - A resolved record is not returned: finishTick keeps it until the target's next message says so.
 */
export function nextRecord(
  previous: AlertRecord | undefined,
  signal: AlertSignal | undefined,
  holdWithoutSignal: boolean,
  key: { condition: AlertKind; node: string },
  nowIso: string,
): AlertRecord | undefined {
  const live = previous && previous.state !== 'resolved' ? previous : undefined;
  if (signal?.unknown || (!signal && holdWithoutSignal)) return live;
  const sustained = signal?.sustained ?? null;
  const current = signal?.current ?? null;

  if (!live) {
    // A resolution not yet announced that fires again simply continues the alert on-call knows.
    if (sustained && previous) return { ...previous, state: 'firing', severity: sustained, resolvedAt: null };
    if (sustained) return { ...key, state: 'firing', severity: sustained, since: nowIso, firingSince: nowIso, resolvedAt: null, notifiedSeverity: null };
    // …and stays a resolution until the alert truly fires again.
    if (current && !previous) return { ...key, state: 'pending', severity: current, since: nowIso, firingSince: null, resolvedAt: null, notifiedSeverity: null };
    return undefined;
  }
  if (live.state === 'pending') {
    if (sustained) return { ...live, state: 'firing', severity: sustained, firingSince: nowIso };
    // A pending alert was never announced: when it does not hold, it simply goes back to ok.
    return current ? { ...live, severity: current } : undefined;
  }
  const level = worseLevel(sustained, capAt(signal?.held ?? null, live.severity));
  if (level === null) return { ...live, state: 'resolved', resolvedAt: nowIso };
  return { ...live, severity: level };
}

/** Hysteresis keeps a level, it never raises one. */
function capAt(level: Level | null, cap: Level): Level | null {
  return level !== null && levelRank(level) > levelRank(cap) ? cap : level;
}
