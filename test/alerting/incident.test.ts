import { describe, expect, it } from 'vitest';
import type { TargetAlertState } from '../../src/alerting/alert-state.js';
import { decideTargetAlerts } from '../../src/alerting/decide-target-alerts.js';
import { incidentKeyOf, targetOfIncident } from '../../src/alerting/incident.js';
import type { TargetEvaluation } from '../../src/snat/evaluation.js';
import { ALERT_RULES, TARGET_ID, at, evaluationWith, signal } from './lifecycle-fixtures.js';

function notifications(steps: Array<[minute: number, evaluation: TargetEvaluation]>, start: TargetAlertState | null = null) {
  let state = start;
  return steps.flatMap(([minute, evaluation]) => {
    const decision = decideTargetAlerts(state, evaluation, ALERT_RULES, at(minute));
    state = decision.state;
    return decision.notification ? [decision.notification] : [];
  });
}

describe('incident keys', () => {
  it('should name an incident by its first notification and keep the name until it resolves, then open a new one', () => {
    const hot = evaluationWith([signal('10.0.0.4', 'warning')]);
    const worse = evaluationWith([signal('10.0.0.4', 'critical')]);
    const calm = evaluationWith([signal('10.0.0.4', null)]);
    const sent = notifications([[0, hot], [1, worse], [2, calm], [10, hot]]);
    expect(sent.map((n) => [n.reason, n.incident.key, n.incident.openedAt])).toEqual([
      ['first-notification', `${TARGET_ID}#1`, at(0).toISOString()],
      ['severity-raised', `${TARGET_ID}#1`, at(0).toISOString()],
      ['all-resolved', `${TARGET_ID}#1`, at(0).toISOString()],
      ['first-notification', `${TARGET_ID}#4`, at(10).toISOString()],
    ]);
  });

  it('should start a key for an incident stored before incidents had keys, at its next notification', () => {
    const legacy: TargetAlertState = {
      version: 1,
      targetId: TARGET_ID,
      alerts: { '10.0.0.4|SNAT_UTILIZATION': { condition: 'SNAT_UTILIZATION', node: '10.0.0.4', state: 'firing', severity: 'warning', since: at(0).toISOString(), firingSince: at(0).toISOString(), resolvedAt: null, notifiedSeverity: 'warning' } },
      failedRuns: 0,
      lastFailure: null,
      notified: { at: at(0).toISOString(), severity: 'warning' },
      sequence: 7,
      updatedAt: at(0).toISOString(),
    };
    const [raised, resolved] = notifications([[1, evaluationWith([signal('10.0.0.4', 'critical')])], [2, evaluationWith([signal('10.0.0.4', null)])]], legacy);
    expect(raised!.incident.key).toBe(`${TARGET_ID}#8`);
    expect(resolved!.incident.key).toBe(`${TARGET_ID}#8`);
  });

  it('should read the target back from a key, and nothing from text that is not one', () => {
    expect(targetOfIncident(incidentKeyOf(TARGET_ID, 12))).toBe(TARGET_ID);
    expect(targetOfIncident('kubernetes')).toBeNull();
    expect(targetOfIncident(`${TARGET_ID}#x`)).toBeNull();
  });
});
