import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acknowledgeIncident } from '../../src/alerting/acknowledge.js';
import type { TargetAlertDecision, TargetAlertState } from '../../src/alerting/alert-state.js';
import { decideTargetAlerts } from '../../src/alerting/decide-target-alerts.js';
import { alertPayload } from '../../src/slack/alert-payload.js';
import type { Level } from '../../src/snat/evaluation.js';
import { ALERT_RULES, TARGET_ID, at, evaluationWith, signal } from './lifecycle-fixtures.js';

const warningOn = (...nodes: string[]) => evaluationWith(nodes.map((node) => signal(node, 'warning')));

/** A warning incident opened at minute 0 and acknowledged by `by` at `minute`. */
function acknowledgedAt(minute: number, by = 'alice'): TargetAlertState {
  const opened = decideTargetAlerts(null, warningOn('10.0.0.4'), ALERT_RULES, at(0)).state;
  const result = acknowledgeIncident(opened, `${TARGET_ID}#1`, by, at(minute));
  expect(result.outcome).toBe('acknowledged');
  return result.state!;
}

function run(state: TargetAlertState, steps: Array<[minute: number, evaluation: ReturnType<typeof evaluationWith>]>): TargetAlertDecision[] {
  let current = state;
  return steps.map(([minute, evaluation]) => {
    const decision = decideTargetAlerts(current, evaluation, ALERT_RULES, at(minute));
    current = decision.state;
    return decision;
  });
}

describe('acknowledgeIncident', () => {
  it('should record who acknowledged, when, and at which severity on the open incident', () => {
    const state = acknowledgedAt(3, 'alice');
    expect(state.notified).toMatchObject({ incident: `${TARGET_ID}#1`, acknowledged: { by: 'alice', at: at(3).toISOString(), severity: 'warning' } });
  });

  it('should stop the reminders: a whole day at warning after an acknowledgement sends nothing', () => {
    const minutes = Array.from({ length: 24 * 60 / 15 }, (_, i) => 15 * (i + 1));
    const decisions = run(acknowledgedAt(3), minutes.map((minute) => [minute, warningOn('10.0.0.4')]));
    expect(decisions.filter((d) => d.notification !== null)).toEqual([]);
    // The reminders that would have gone out are named for the log.
    expect(decisions.filter((d) => d.reason === 'acknowledged').map((d) => d.state.updatedAt)).toContain(at(240).toISOString());
  });

  it('should still send reminders without an acknowledgement (the same timeline, unacknowledged)', () => {
    const opened = decideTargetAlerts(null, warningOn('10.0.0.4'), ALERT_RULES, at(0)).state;
    const decisions = run(opened, [[240, warningOn('10.0.0.4')]]);
    expect(decisions[0]!.reason).toBe('repeat-interval-elapsed');
  });

  it('should hold back nodes joining at the acknowledged severity', () => {
    const decisions = run(acknowledgedAt(3), [[10, warningOn('10.0.0.4', '10.0.0.5')], [20, warningOn('10.0.0.4', '10.0.0.5')]]);
    expect(decisions.map((d) => d.notification)).toEqual([null, null]);
  });

  it('should notify when the severity rises above the acknowledged one, and the acknowledgement then no longer holds', () => {
    const decisions = run(acknowledgedAt(3), [
      [10, evaluationWith([signal('10.0.0.4', 'critical')])],
      [10 + 240, evaluationWith([signal('10.0.0.4', 'critical')])],
    ]);
    expect(decisions[0]!.notification).toMatchObject({ reason: 'severity-raised', severity: 'critical', incident: { key: `${TARGET_ID}#1`, acknowledged: null } });
    expect(decisions[0]!.state.notified?.acknowledged).toBeUndefined();
    // Unacknowledged at critical: reminders resume.
    expect(decisions[1]!.reason).toBe('repeat-interval-elapsed');
  });

  it('should show the acknowledgement on the root while it holds, and keep it through a silent calm-down', () => {
    const critical = decideTargetAlerts(null, evaluationWith([signal('10.0.0.4', 'critical')]), ALERT_RULES, at(0)).state;
    const acked = acknowledgeIncident(critical, `${TARGET_ID}#1`, 'bob', at(1)).state!;
    // Critical acknowledged; back down to warning, then a new node joins at warning: held back too.
    const decisions = run(acked, [[5, evaluationWith([signal('10.0.0.4', 'warning', { held: 'warning' })])], [300, warningOn('10.0.0.4', '10.0.0.6')]]);
    expect(decisions.map((d) => d.notification)).toEqual([null, null]);
    // When everything clears, the resolved message goes out and the root shows resolved.
    const [resolved] = run(decisions[1]!.state, [[301, evaluationWith([])]]);
    expect(resolved!.notification).toMatchObject({ reason: 'all-resolved' });
    expect(alertPayload(resolved!.notification!, { text: 'x', blocks: [] }).incident!.status).toMatchObject({ phase: 'resolved', acknowledged: null });
  });

  it('should fill the payload status with who acknowledged while the acknowledgement holds', () => {
    // A silence that ends while firing is the one message an acknowledged warning incident still gets.
    const acked = acknowledgedAt(3, 'carol');
    const silenced = { ...acked, silenced: { silenceId: 's', until: at(60).toISOString(), since: at(5).toISOString() } };
    const [decision] = run(silenced, [[61, warningOn('10.0.0.4')]]);
    expect(decision!.reason).toBe('silence-ended-still-firing');
    expect(alertPayload(decision!.notification!, { text: 'x', blocks: [] }).incident!.status.acknowledged).toEqual({ by: 'carol', at: at(3).toISOString() });
  });

  it.each([
    { name: 'an older incident of the target', key: `${TARGET_ID}#0`, outcome: 'other-incident' },
    { name: 'another target', key: `${TARGET_ID}x#1`, outcome: 'other-incident' },
  ])('should refuse a stale button: $name', ({ key, outcome }) => {
    const opened = decideTargetAlerts(null, warningOn('10.0.0.4'), ALERT_RULES, at(0)).state;
    const result = acknowledgeIncident(opened, key, 'alice', at(1));
    expect(result.outcome).toBe(outcome);
    expect(result.state).toBe(opened);
  });

  it('should refuse when the incident already resolved', () => {
    const opened = decideTargetAlerts(null, warningOn('10.0.0.4'), ALERT_RULES, at(0)).state;
    const resolved = decideTargetAlerts(opened, evaluationWith([]), ALERT_RULES, at(5)).state;
    expect(acknowledgeIncident(resolved, `${TARGET_ID}#1`, 'alice', at(6)).outcome).toBe('no-open-incident');
    expect(acknowledgeIncident(null, `${TARGET_ID}#1`, 'alice', at(6)).outcome).toBe('no-open-incident');
  });

  it('should keep the first acknowledgement when a second person presses the button', () => {
    const first = acknowledgedAt(3, 'alice');
    const second = acknowledgeIncident(first, `${TARGET_ID}#1`, 'bob', at(4));
    expect(second).toMatchObject({ outcome: 'already-acknowledged', acknowledged: { by: 'alice' } });
  });

  it('should hold for any timeline at or below the acknowledged severity, and always speak above it (property)', () => {
    const level = fc.constantFrom<Level | null>(null, 'warning', 'critical');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 500 }), level, level), { minLength: 1, maxLength: 25 }), (ticks) => {
        let state = acknowledgedAt(1);
        let minute = 1;
        let acknowledged = true;
        for (const [step, a, b] of ticks) {
          minute += step;
          const signals = [signal('10.0.0.4', a), signal('10.0.0.5', b)].filter((s) => s.sustained !== null);
          const decision = decideTargetAlerts(state, evaluationWith(signals), ALERT_RULES, at(minute));
          const reason = decision.reason;
          if (acknowledged && state.notified) {
            // While acknowledged: no reminder and no joins; only an escalation or the end speaks.
            expect(['repeat-interval-elapsed', 'new-alerts']).not.toContain(reason);
          }
          if (decision.notification?.reason === 'severity-raised') expect(decision.state.notified?.acknowledged).toBeUndefined();
          if (decision.notification) acknowledged = decision.state.notified?.acknowledged !== undefined;
          state = decision.state;
        }
      }),
      { numRuns: 200 },
    );
  });
});
