// MONITORING_BLIND: a target that could not be judged for several runs in a row (403, 404,
// throttled past retries, or no metrics at all) is an alert of its own, so silence is never taken
// for health. It fires after `blindAfterRuns` failed runs and resolves on the next good read.
import type { AlertRecord, AlertRules } from './alert-state.js';
import { localAlertKey } from './alert-key.js';

export const BLIND_KEY = localAlertKey('*', 'MONITORING_BLIND');

export function nextBlindRecord(
  previous: AlertRecord | undefined,
  failedRuns: number,
  rules: Pick<AlertRules, 'blindAfterRuns'>,
  nowIso: string,
): AlertRecord | undefined {
  const live = previous && previous.state !== 'resolved' ? previous : undefined;
  if (failedRuns === 0) return live?.state === 'firing' ? { ...live, state: 'resolved', resolvedAt: nowIso } : undefined;
  if (failedRuns >= rules.blindAfterRuns) {
    if (live?.state === 'firing') return live;
    // Blind again before its clearing was announced: the alert on-call knows simply continues.
    if (previous?.state === 'resolved') return { ...previous, state: 'firing', resolvedAt: null };
    return {
      condition: 'MONITORING_BLIND',
      node: '*',
      state: 'firing',
      severity: 'warning',
      since: live?.since ?? nowIso,
      firingSince: nowIso,
      resolvedAt: null,
      notifiedSeverity: null,
    };
  }
  // An announced blind alert whose clearing is not yet announced stays cleared until it fires again.
  if (previous?.state === 'resolved') return undefined;
  return live ?? { condition: 'MONITORING_BLIND', node: '*', state: 'pending', severity: 'warning', since: nowIso, firingSince: null, resolvedAt: null, notifiedSeverity: null };
}
