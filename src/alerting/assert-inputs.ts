// Clear errors for inputs the lifecycle cannot work with: rules that make no sense, an invalid
// `now`, or a stored state that is not ours (another target, another version, hand-edited JSON).
import type { AlertRules, TargetAlertState } from './alert-state.js';

export function assertAlertRules(rules: AlertRules): void {
  const problems: string[] = [];
  for (const name of ['repeatIntervalMinutes', 'blindAfterRuns', 'groupIntervalMinutes'] as const) {
    const value = rules?.[name];
    const least = name === 'groupIntervalMinutes' ? 0 : 1;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < least) problems.push(`${name} must be a whole number of at least ${least}, got ${String(value)}`);
  }
  if (problems.length > 0) throw new RangeError(`Invalid alert rules: ${problems.join('; ')}`);
}

export function assertNow(now: Date): void {
  if (!(now instanceof Date) || !Number.isFinite(now.getTime())) throw new RangeError('now must be a valid Date');
}

/**
 * Checks a stored per-target state before it is used: TypeError naming the first problem. The
 * state store can call it on what it read, so a corrupt row is reported rather than acted on.
 */
export function assertTargetAlertState(value: unknown, targetId?: string): asserts value is TargetAlertState {
  const state = value as Partial<TargetAlertState> | null;
  const problem =
    typeof state !== 'object' || state === null ? 'it is not an object'
    : state.version !== 1 ? `version ${String(state.version)} is not 1`
    : typeof state.targetId !== 'string' ? 'targetId is missing'
    : targetId !== undefined && state.targetId.toLowerCase() !== targetId.toLowerCase() ? `it belongs to ${state.targetId}, not ${targetId}`
    : typeof state.alerts !== 'object' || state.alerts === null || Array.isArray(state.alerts) ? 'alerts is not an object'
    : !Object.values(state.alerts).every(isRecord) ? 'an alert record is malformed'
    : !Number.isInteger(state.failedRuns) || (state.failedRuns ?? -1) < 0 ? 'failedRuns is not a count'
    : !Number.isInteger(state.sequence) || (state.sequence ?? -1) < 0 ? 'sequence is not a count'
    : state.notified !== null && (typeof state.notified !== 'object' || !Number.isFinite(Date.parse(state.notified?.at ?? ''))) ? 'notified is malformed'
    : null;
  if (problem) throw new TypeError(`Stored alert state is unusable: ${problem}`);
}

function isRecord(value: unknown): boolean {
  const record = value as Record<string, unknown> | null;
  return (
    typeof record === 'object' && record !== null &&
    typeof record.condition === 'string' && typeof record.node === 'string' &&
    (record.state === 'pending' || record.state === 'firing' || record.state === 'resolved') &&
    (record.severity === 'warning' || record.severity === 'critical') &&
    typeof record.since === 'string'
  );
}
