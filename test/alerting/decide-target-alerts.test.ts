import { describe, expect, it } from 'vitest';
import type { TargetAlertState } from '../../src/alerting/alert-state.js';
import { decideTargetAlerts } from '../../src/alerting/decide-target-alerts.js';
import { evaluateTarget } from '../../src/snat/evaluate-target.js';
import type { TargetEvaluation } from '../../src/snat/evaluation.js';
import { NOW, RULES, backend, lbMetrics, lbTopology } from '../snat/evaluate-fixtures.js';
import { ALERT_RULES, TARGET_ID, at, evaluationWith, signal, unknownSignal } from './lifecycle-fixtures.js';

/** Runs the lifecycle over a timeline of (minute, evaluation) and returns every decision. */
function timeline(steps: Array<[minute: number, evaluation: TargetEvaluation]>, start: TargetAlertState | null = null) {
  let state = start;
  return steps.map(([minute, evaluation]) => {
    const decision = decideTargetAlerts(state, evaluation, ALERT_RULES, at(minute));
    state = decision.state;
    return decision;
  });
}

const firing = (state: TargetAlertState) =>
  Object.values(state.alerts).filter((alert) => alert.state === 'firing').map((alert) => `${alert.node}:${alert.severity}`).sort();

describe('decideTargetAlerts', () => {
  it('should fire in one run when the for duration is met inside the window, grouping every node in one notification', () => {
    const [decision] = timeline([[0, evaluationWith([signal('10.0.0.4', 'critical'), signal('10.0.0.5', 'warning'), signal('10.0.0.6', 'critical')])]]);
    expect(decision!.reason).toBe('first-notification');
    expect(decision!.notification).toMatchObject({ sequence: 1, id: `${TARGET_ID}#1`, severity: 'critical', reason: 'first-notification' });
    expect(decision!.notification!.firing.map((alert) => `${alert.node}:${alert.severity}:${alert.change}`)).toEqual([
      '10.0.0.4:critical:new',
      '10.0.0.6:critical:new',
      '10.0.0.5:warning:new',
    ]);
    expect(decision!.notification!.firing[0]!.key).toBe(`${TARGET_ID}|10.0.0.4|SNAT_UTILIZATION`);
  });

  it('should fire from real metrics: five critical minutes in the window fire on the first run', () => {
    const used = [100, 100, 100, 950, 950, 950, 950, 950];
    const evaluation = evaluateTarget(lbTopology(), lbMetrics([backend('10.0.0.4', { used })]), RULES, NOW);
    const decision = decideTargetAlerts(null, evaluation, ALERT_RULES, NOW);
    expect(decision.notification).toMatchObject({ reason: 'first-notification', severity: 'critical' });
  });

  it('should keep an alert pending until the for duration is met, without a word', () => {
    const decisions = timeline([
      [0, evaluationWith([signal('10.0.0.4', null, { current: 'critical' })])],
      [1, evaluationWith([signal('10.0.0.4', 'critical')])],
    ]);
    expect(decisions[0]).toMatchObject({ reason: 'do-not-notify', notification: null });
    expect(decisions[0]!.state.alerts['10.0.0.4|SNAT_UTILIZATION']).toMatchObject({ state: 'pending', severity: 'critical' });
    expect(decisions[1]!.reason).toBe('first-notification');
  });

  it('should forget a pending alert that does not hold, without a resolved message', () => {
    const decisions = timeline([
      [0, evaluationWith([signal('10.0.0.4', null, { current: 'warning' })])],
      [1, evaluationWith([])],
    ]);
    expect(decisions[1]).toMatchObject({ reason: 'do-not-notify', notification: null });
    expect(decisions[1]!.state.alerts).toEqual({});
  });

  it.each([
    { name: 'one minute later', minute: 1, reason: 'do-not-notify' },
    { name: 'just before the repeat interval', minute: 239, reason: 'do-not-notify' },
    { name: 'at the repeat interval', minute: 240, reason: 'repeat-interval-elapsed' },
    { name: 'long after the repeat interval', minute: 1_000, reason: 'repeat-interval-elapsed' },
  ])('should say $reason about an unchanged incident $name', ({ minute, reason }) => {
    const still = evaluationWith([signal('10.0.0.4', 'warning')]);
    const decisions = timeline([[0, still], [minute, still]]);
    expect(decisions[1]!.reason).toBe(reason);
    expect(decisions[1]!.notification !== null).toBe(reason !== 'do-not-notify');
  });

  it('should count the repeat interval from the last notification, not the first', () => {
    const still = evaluationWith([signal('10.0.0.4', 'warning')]);
    const decisions = timeline([[0, still], [240, still], [300, still], [480, still]]);
    expect(decisions.map((decision) => decision.reason)).toEqual(['first-notification', 'repeat-interval-elapsed', 'do-not-notify', 'repeat-interval-elapsed']);
    expect(decisions.map((decision) => decision.notification?.sequence ?? null)).toEqual([1, 2, null, 3]);
  });

  it('should notify at once when the target escalates from warning to critical', () => {
    const decisions = timeline([
      [0, evaluationWith([signal('10.0.0.4', 'warning')])],
      [1, evaluationWith([signal('10.0.0.4', 'critical')])],
      [2, evaluationWith([signal('10.0.0.4', 'critical')])],
    ]);
    expect(decisions.map((decision) => decision.reason)).toEqual(['first-notification', 'severity-raised', 'do-not-notify']);
    expect(decisions[1]!.notification!.firing[0]).toMatchObject({ severity: 'critical', change: 'escalated' });
  });

  it('should not escalate on a spike that is not sustained', () => {
    const decisions = timeline([
      [0, evaluationWith([signal('10.0.0.4', 'warning')])],
      [1, evaluationWith([signal('10.0.0.4', 'warning', { current: 'critical', held: 'critical' })])],
    ]);
    expect(decisions[1]!.reason).toBe('do-not-notify');
    expect(firing(decisions[1]!.state)).toEqual(['10.0.0.4:warning']);
  });

  it('should hold news about more nodes for the group interval, then send it once', () => {
    const one = evaluationWith([signal('10.0.0.4', 'warning')]);
    const two = evaluationWith([signal('10.0.0.4', 'warning'), signal('10.0.0.5', 'warning')]);
    const decisions = timeline([[0, one], [2, two], [4, two], [5, two], [6, two]]);
    expect(decisions.map((decision) => decision.reason)).toEqual([
      'first-notification',
      'group-interval-pending',
      'group-interval-pending',
      'new-alerts',
      'do-not-notify',
    ]);
    expect(decisions[3]!.notification!.firing.map((alert) => [alert.node, alert.change])).toEqual([
      ['10.0.0.4', null],
      ['10.0.0.5', 'new'],
    ]);
  });

  it.each([
    { name: 'still above the threshold', next: signal('10.0.0.4', 'warning'), state: 'firing' },
    { name: 'in the hysteresis band', next: signal('10.0.0.4', null, { current: null, held: 'warning' }), state: 'firing' },
    { name: 'below threshold − hysteresis', next: null, state: 'resolved' },
  ])('should keep or clear a firing alert $name', ({ next, state }) => {
    const decisions = timeline([
      [0, evaluationWith([signal('10.0.0.4', 'warning')])],
      [1, evaluationWith(next ? [next] : [])],
    ]);
    expect(decisions[1]!.reason).toBe(state === 'resolved' ? 'all-resolved' : 'do-not-notify');
    if (state === 'resolved') {
      expect(decisions[1]!.notification!.resolved.map((alert) => alert.node)).toEqual(['10.0.0.4']);
      expect(decisions[1]!.state.alerts).toEqual({});
    } else {
      expect(decisions[1]!.state.alerts['10.0.0.4|SNAT_UTILIZATION']!.state).toBe(state);
    }
  });

  it('should resolve after recovery on real metrics, with one resolved message listing what cleared', () => {
    const run = (used: number[]) => evaluateTarget(lbTopology(), lbMetrics([backend('10.0.0.4', { used })]), RULES, NOW);
    const decisions = timeline([
      [0, run([950, 950, 950, 950, 950])],
      [10, run([950, 950, 800, 500, 300])],
      [11, run([300, 300, 300, 300, 300])],
    ]);
    expect(decisions.map((decision) => decision.reason)).toEqual(['first-notification', 'all-resolved', 'do-not-notify']);
    expect(decisions[1]!.notification).toMatchObject({ severity: 'resolved', firing: [] });
    expect(decisions[1]!.notification!.resolved.map((alert) => alert.node)).toEqual(['10.0.0.4']);
    expect(decisions[1]!.state.notified).toBeNull();
    expect(decisions[2]!.state.alerts).toEqual({});
  });

  it('should stay quiet when some alerts clear while others still fire', () => {
    const decisions = timeline([
      [0, evaluationWith([signal('10.0.0.4', 'warning'), signal('10.0.0.5', 'warning')])],
      [1, evaluationWith([signal('10.0.0.4', 'warning')])],
    ]);
    expect(decisions[1]!.reason).toBe('do-not-notify');
    expect(decisions[1]!.state.alerts['10.0.0.5|SNAT_UTILIZATION']!.state).toBe('resolved');
  });

  it('should list alerts that cleared quietly in the next message of the target', () => {
    const both = evaluationWith([signal('10.0.0.4', 'warning'), signal('10.0.0.5', 'warning')]);
    const one = evaluationWith([signal('10.0.0.4', 'warning')]);
    const decisions = timeline([[0, both], [1, one], [2, one], [240, one], [241, one]]);
    expect(decisions.map((decision) => decision.reason)).toEqual(['first-notification', 'do-not-notify', 'do-not-notify', 'repeat-interval-elapsed', 'do-not-notify']);
    expect(decisions[3]!.notification!.resolved.map((alert) => alert.node)).toEqual(['10.0.0.5']);
    expect(decisions[3]!.state.alerts['10.0.0.5|SNAT_UTILIZATION']).toBeUndefined();
  });

  it('should not re-open a quietly cleared alert on a single high minute', () => {
    const decisions = timeline([
      [0, evaluationWith([signal('10.0.0.4', 'warning'), signal('10.0.0.5', 'warning')])],
      [1, evaluationWith([signal('10.0.0.4', 'warning')])],
      [2, evaluationWith([signal('10.0.0.4', 'warning'), signal('10.0.0.5', null, { current: 'warning' })])],
    ]);
    expect(decisions[2]!.state.alerts['10.0.0.5|SNAT_UTILIZATION']!.state).toBe('resolved');
  });

  it.each([
    { name: 'the node has no data', evaluation: evaluationWith([unknownSignal('10.0.0.4')]) },
    { name: 'the whole target returned no metrics', evaluation: evaluationWith([], 'no-metrics') },
  ])('should not resolve a firing alert when $name', ({ evaluation }) => {
    const decisions = timeline([
      [0, evaluationWith([signal('10.0.0.4', 'critical')])],
      [1, evaluation],
      [2, evaluation],
    ]);
    expect(decisions.slice(1).map((decision) => decision.reason)).toEqual(['do-not-notify', 'do-not-notify']);
    expect(firing(decisions[2]!.state)).toEqual(['10.0.0.4:critical']);
  });

  it('should turn lasting silence into MONITORING_BLIND, and clear it when data returns', () => {
    const silent = evaluationWith([], 'no-metrics');
    const decisions = timeline([[0, silent], [1, silent], [2, silent], [3, silent], [4, evaluationWith([])]]);
    expect(decisions.map((decision) => decision.reason)).toEqual(['do-not-notify', 'do-not-notify', 'first-notification', 'do-not-notify', 'all-resolved']);
    expect(decisions[2]!.notification).toMatchObject({ blind: { failedRuns: 3, failure: { kind: 'no-data' } } });
    expect(decisions[4]!.notification!.resolved.map((alert) => alert.condition)).toEqual(['MONITORING_BLIND']);
    expect(decisions[4]!.state.failedRuns).toBe(0);
  });

  it('should resolve the alerts of a node that left the pool while the target has data', () => {
    const decisions = timeline([
      [0, evaluationWith([signal('10.0.0.4', 'critical')])],
      [1, evaluationWith([signal('10.0.0.9', null, { current: 'warning' })])],
    ]);
    expect(decisions[1]!.reason).toBe('all-resolved');
    expect(decisions[1]!.notification!.resolved.map((alert) => alert.node)).toEqual(['10.0.0.4']);
    expect(decisions[1]!.state.alerts['10.0.0.9|SNAT_UTILIZATION']).toMatchObject({ state: 'pending' });
  });

  it('should stay quiet when an incident announced as critical calms down and climbs back', () => {
    const decisions = timeline([
      [0, evaluationWith([signal('10.0.0.4', 'critical')])],
      [1, evaluationWith([signal('10.0.0.4', 'warning', { held: 'warning' })])],
      [9, evaluationWith([signal('10.0.0.4', 'critical')])],
    ]);
    expect(decisions.map((decision) => decision.reason)).toEqual(['first-notification', 'do-not-notify', 'do-not-notify']);
    expect(firing(decisions[1]!.state)).toEqual(['10.0.0.4:warning']);
  });

  it('should continue, not re-announce, an alert that fires again before its clearing was announced', () => {
    const decisions = timeline([
      [0, evaluationWith([signal('10.0.0.4', 'critical'), signal('10.0.0.5', 'warning')])],
      [1, evaluationWith([signal('10.0.0.5', 'warning')])],
      [2, evaluationWith([signal('10.0.0.4', 'critical'), signal('10.0.0.5', 'warning')])],
    ]);
    expect(decisions.map((decision) => decision.reason)).toEqual(['first-notification', 'do-not-notify', 'do-not-notify']);
    expect(decisions[2]!.state.alerts['10.0.0.4|SNAT_UTILIZATION']).toMatchObject({ state: 'firing', notifiedSeverity: 'critical', since: at(0).toISOString() });
  });

  it('should decide the same for two runs started at the same moment from the same state', () => {
    const [first] = timeline([[0, evaluationWith([signal('10.0.0.4', 'warning')])]]);
    const next = evaluationWith([signal('10.0.0.4', 'critical')]);
    const a = decideTargetAlerts(first!.state, next, ALERT_RULES, at(1));
    const b = decideTargetAlerts(first!.state, next, ALERT_RULES, at(1));
    expect(a).toEqual(b);
    expect(a.notification!.id).toBe(`${TARGET_ID}#2`);
  });

  it('should keep the state plain JSON', () => {
    const [decision] = timeline([[0, evaluationWith([signal('10.0.0.4', 'critical'), unknownSignal('10.0.0.5')])]]);
    expect(JSON.parse(JSON.stringify(decision!.state))).toEqual(decision!.state);
  });

  it.each([
    { name: 'another target', previous: { ...timeline([[0, evaluationWith([])]])[0]!.state, targetId: '/subscriptions/x/other' }, error: /belongs to/ },
    { name: 'another version', previous: { ...timeline([[0, evaluationWith([])]])[0]!.state, version: 2 }, error: /version 2/ },
    { name: 'a malformed alert', previous: { ...timeline([[0, evaluationWith([])]])[0]!.state, alerts: { x: { state: 'odd' } } }, error: /malformed/ },
  ])('should refuse a stored state of $name with a clear error', ({ previous, error }) => {
    expect(() => decideTargetAlerts(previous as TargetAlertState, evaluationWith([]), ALERT_RULES, at(1))).toThrow(error);
  });

  it.each([
    { name: 'a zero repeat interval', rules: { ...ALERT_RULES, repeatIntervalMinutes: 0 }, field: 'repeatIntervalMinutes' },
    { name: 'a fractional blind count', rules: { ...ALERT_RULES, blindAfterRuns: 1.5 }, field: 'blindAfterRuns' },
  ])('should refuse rules with $name', ({ rules, field }) => {
    expect(() => decideTargetAlerts(null, evaluationWith([]), rules, at(0))).toThrow(new RegExp(field));
  });
});
