import { describe, expect, it } from 'vitest';
import type { ReadFailure, TargetAlertDecision, TargetAlertState } from '../../src/alerting/alert-state.js';
import { decideReadFailure } from '../../src/alerting/decide-read-failure.js';
import { decideTargetAlerts } from '../../src/alerting/decide-target-alerts.js';
import type { TargetEvaluation } from '../../src/snat/evaluation.js';
import { ALERT_RULES, TARGET, at, evaluationWith, signal } from './lifecycle-fixtures.js';

type Step = [minute: number, input: TargetEvaluation | ReadFailure];

function timeline(steps: Step[]): TargetAlertDecision[] {
  let state: TargetAlertState | null = null;
  return steps.map(([minute, input]) => {
    const decision =
      'signals' in input
        ? decideTargetAlerts(state, input, ALERT_RULES, at(minute))
        : decideReadFailure(state, input, TARGET, ALERT_RULES, at(minute));
    state = decision.state;
    return decision;
  });
}

describe('decideReadFailure', () => {
  it.each([
    { name: 'forbidden', failure: { kind: 'forbidden', detail: 'HTTP 403 AuthorizationFailed' } },
    { name: 'not found', failure: { kind: 'not-found' } },
    { name: 'throttled', failure: { kind: 'throttled', detail: 'HTTP 429 after 4 retries' } },
    { name: 'failed', failure: { kind: 'failed' } },
  ] as Array<{ name: string; failure: ReadFailure }>)('should go blind after 3 $name runs in a row, and clear on the next good read', ({ failure }) => {
    const decisions = timeline([[0, failure], [1, failure], [2, failure], [3, failure], [4, evaluationWith([])]]);
    expect(decisions.map((decision) => decision.reason)).toEqual(['do-not-notify', 'do-not-notify', 'first-notification', 'do-not-notify', 'all-resolved']);
    expect(decisions[1]!.state.alerts['*|MONITORING_BLIND']).toMatchObject({ state: 'pending' });
    expect(decisions[2]!.notification).toMatchObject({ severity: 'warning', blind: { failedRuns: 3, failure } });
    expect(decisions[2]!.notification!.firing.map((alert) => alert.condition)).toEqual(['MONITORING_BLIND']);
    expect(decisions[4]!.notification!.resolved.map((alert) => alert.condition)).toEqual(['MONITORING_BLIND']);
  });

  it('should start counting again after a good read', () => {
    const forbidden: ReadFailure = { kind: 'forbidden' };
    const decisions = timeline([[0, forbidden], [1, forbidden], [2, evaluationWith([])], [3, forbidden], [4, forbidden]]);
    expect(decisions.every((decision) => decision.notification === null)).toBe(true);
    expect(decisions[4]!.state.failedRuns).toBe(2);
  });

  it('should keep firing alerts as they are while the target cannot be read', () => {
    const failed: ReadFailure = { kind: 'failed' };
    const decisions = timeline([[0, evaluationWith([signal('10.0.0.4', 'critical')])], [10, failed], [20, failed], [30, failed]]);
    const last = decisions[3]!;
    expect(last.state.alerts['10.0.0.4|SNAT_UTILIZATION']).toMatchObject({ state: 'firing', severity: 'critical' });
    // Blind joins the open incident as news, in the same single message for the target.
    expect(last.reason).toBe('new-alerts');
    expect(last.notification!.firing.map((alert) => alert.condition)).toEqual(['SNAT_UTILIZATION', 'MONITORING_BLIND']);
  });

  it('should keep failure details short', () => {
    const [decision] = timeline([[0, { kind: 'failed', detail: `x${' y'.repeat(500)}` }]]);
    expect(decision!.state.lastFailure!.detail!.length).toBeLessThanOrEqual(200);
  });

  it.each([
    { name: 'an unknown failure kind', failure: { kind: 'teapot' } as unknown as ReadFailure, error: /failure.kind must be one of/ },
    { name: 'no failure', failure: undefined as unknown as ReadFailure, error: /failure.kind must be one of/ },
  ])('should refuse $name with a clear error', ({ failure, error }) => {
    expect(() => decideReadFailure(null, failure, TARGET, ALERT_RULES, at(0))).toThrow(error);
  });
});
