// decideReadFailure: one target's alert lifecycle for a run in which it could not be read (403,
// 404, throttled past retries, any other failure). Its alerts are kept as they are (nothing is
// known, so nothing resolves); after `blindAfterRuns` such runs in a row MONITORING_BLIND fires.
import type { AlertRecord, AlertRules, LifecycleOptions, ReadFailure, ReadFailureKind, TargetAlertDecision, TargetAlertState, TargetRef } from './alert-state.js';
import { assertAlertRules, assertNow, assertTargetAlertState } from './assert-inputs.js';
import { BLIND_KEY, nextBlindRecord } from './blind.js';
import { finishTick } from './finish-tick.js';

const KINDS: readonly ReadFailureKind[] = ['forbidden', 'not-found', 'throttled', 'timeout', 'failed', 'no-data'];

/** Details end up in Slack: keep them short. */
const MAX_DETAIL_LENGTH = 200;

export function decideReadFailure(
  previous: TargetAlertState | null,
  failure: ReadFailure,
  target: TargetRef,
  rules: AlertRules,
  now: Date,
  options: LifecycleOptions = {},
): TargetAlertDecision {
  assertAlertRules(rules);
  assertNow(now);
  if (!target || typeof target.id !== 'string') throw new TypeError('decideReadFailure needs the target (id, name, kind)');
  if (!KINDS.includes(failure?.kind)) throw new TypeError(`failure.kind must be one of ${KINDS.join(', ')}, got ${String(failure?.kind)}`);
  if (previous !== null) assertTargetAlertState(previous, target.id);
  const nowIso = now.toISOString();

  const alerts: Record<string, AlertRecord> = {};
  for (const [key, alert] of Object.entries(previous?.alerts ?? {})) {
    if (key !== BLIND_KEY) alerts[key] = alert;
  }
  const failedRuns = (previous?.failedRuns ?? 0) + 1;
  const blind = nextBlindRecord(previous?.alerts[BLIND_KEY], failedRuns, rules, nowIso);
  if (blind) alerts[BLIND_KEY] = blind;
  const detail = typeof failure.detail === 'string' && failure.detail.trim() ? { detail: failure.detail.trim().slice(0, MAX_DETAIL_LENGTH) } : {};
  return finishTick(previous, { alerts, failedRuns, lastFailure: { kind: failure.kind, ...detail } }, target, rules, now, options);
}
