// decideTargetAlerts: one target's alert lifecycle for one run in which it was read. Takes the
// previous state, the evaluation, the rules and `now`; returns the next state and at most one
// notification for the whole target (all its nodes grouped), with the reason. Pure: two runs
// deciding from the same state decide the same, and the store's ETag lets only one of them commit.
import { worseLevel } from '../snat/evaluate-levels.js';
import type { AlertSignal, TargetEvaluation } from '../snat/evaluation.js';
import type { AlertRecord, AlertRules, LifecycleOptions, TargetAlertDecision, TargetAlertState } from './alert-state.js';
import { localAlertKey } from './alert-key.js';
import { assertAlertRules, assertNow, assertTargetAlertState } from './assert-inputs.js';
import { BLIND_KEY, nextBlindRecord } from './blind.js';
import { finishTick } from './finish-tick.js';
import { nextRecord } from './next-record.js';

/**
 * Unknown data: a node without data keeps its alerts as they are (never resolved by silence). When
 * Azure returned no metrics for the whole target (`noData: 'no-metrics'`) the run counts as a
 * failed read of kind `no-data`, so lasting silence raises MONITORING_BLIND after
 * `blindAfterRuns` runs. Any run with data resets the count and resolves MONITORING_BLIND.
 * `options.silences`: every silence people set (the watch reads them once per run); those active
 * and matching hold notifications back while the state keeps tracking the alerts.
 */
export function decideTargetAlerts(
  previous: TargetAlertState | null,
  evaluation: TargetEvaluation,
  rules: AlertRules,
  now: Date,
  options: LifecycleOptions = {},
): TargetAlertDecision {
  assertAlertRules(rules);
  assertNow(now);
  if (!evaluation || typeof evaluation.targetId !== 'string') throw new TypeError('decideTargetAlerts needs a TargetEvaluation');
  if (previous !== null) assertTargetAlertState(previous, evaluation.targetId);
  const nowIso = now.toISOString();
  const noMetrics = evaluation.noData === 'no-metrics';

  const signals = new Map<string, AlertSignal>();
  for (const signal of evaluation.signals) {
    const key = localAlertKey(signal.node, signal.condition);
    const seen = signals.get(key);
    signals.set(key, seen ? mergeSignals(seen, signal) : signal);
  }
  const before = previous?.alerts ?? {};
  const alerts: Record<string, AlertRecord> = {};
  for (const key of new Set([...Object.keys(before), ...signals.keys()])) {
    if (key === BLIND_KEY) continue;
    const signal = signals.get(key);
    const identity = before[key] ?? signal!;
    const next = nextRecord(before[key], signal, noMetrics, { condition: identity.condition, node: identity.node }, nowIso);
    if (next) alerts[key] = next;
  }

  const failedRuns = noMetrics ? (previous?.failedRuns ?? 0) + 1 : 0;
  const blind = nextBlindRecord(before[BLIND_KEY], failedRuns, rules, nowIso);
  if (blind) alerts[BLIND_KEY] = blind;
  return finishTick(
    previous,
    { alerts, failedRuns, lastFailure: noMetrics ? { kind: 'no-data' } : null },
    { id: evaluation.targetId, name: evaluation.targetName, kind: evaluation.kind },
    rules,
    now,
    options,
  );
}

/** Two readings of one key (never from evaluateTarget, but possible from a hand-made evaluation): the more cautious wins. */
function mergeSignals(a: AlertSignal, b: AlertSignal): AlertSignal {
  return {
    ...a,
    sustained: worseLevel(a.sustained, b.sustained),
    current: worseLevel(a.current, b.current),
    held: worseLevel(a.held, b.held),
    unknown: a.unknown || b.unknown,
  };
}
