import { describe, expect, it } from 'vitest';
import type { TargetAlertDecision, TargetAlertState } from '../../src/alerting/alert-state.js';
import { decideReadFailure } from '../../src/alerting/decide-read-failure.js';
import { decideTargetAlerts } from '../../src/alerting/decide-target-alerts.js';
import type { Silence } from '../../src/alerting/silence.js';
import type { TargetEvaluation } from '../../src/snat/evaluation.js';
import { ALERT_RULES, TARGET, at, evaluationWith, signal } from './lifecycle-fixtures.js';
import { silenceOf } from './silence-fixtures.js';

type Step = [minute: number, evaluation: TargetEvaluation];

/** The lifecycle over a timeline with the silences as they stand (each run sees all of them, as the watch reads them). */
function timeline(steps: Step[], silences: Silence[], start: TargetAlertState | null = null): TargetAlertDecision[] {
  let state = start;
  return steps.map(([minute, evaluation]) => {
    const decision = decideTargetAlerts(state, evaluation, ALERT_RULES, at(minute), { silences });
    state = decision.state;
    return decision;
  });
}

const critical = (...nodes: string[]) => evaluationWith(nodes.map((node) => signal(node, 'critical')));
const sent = (decisions: TargetAlertDecision[]) => decisions.flatMap((d) => (d.notification ? [`${d.notification.reason}@${d.state.updatedAt.slice(11, 16)}`] : []));
const everyMinute = (from: number, to: number, evaluation: TargetEvaluation): Step[] => Array.from({ length: to - from + 1 }, (_, i) => [from + i, evaluation]);

describe('decideTargetAlerts with silences', () => {
  it('should send nothing while a silence covers the target, yet keep tracking its alerts as silenced', () => {
    const decisions = timeline(everyMinute(0, 59, critical('10.0.0.4')), [silenceOf(0, 60)]);
    expect(sent(decisions)).toEqual([]);
    expect(decisions[0]!.reason).toBe('silenced');
    const last = decisions.at(-1)!.state;
    expect(last.alerts['10.0.0.4|SNAT_UTILIZATION']).toMatchObject({ state: 'firing', severity: 'critical' });
    expect(last.silenced).toMatchObject({ until: at(60).toISOString(), since: at(0).toISOString() });
  });

  it('should send exactly one message when the silence expires with the condition still firing', () => {
    const decisions = timeline(everyMinute(0, 120, critical('10.0.0.4')), [silenceOf(0, 60)]);
    // 10:15 + 60 min: the first run after the silence; then the usual reminders (240 min) are not due yet.
    expect(sent(decisions)).toEqual(['silence-ended-still-firing@11:15']);
    const message = decisions[60]!.notification!;
    expect(message.firing.map((alert) => alert.change)).toEqual(['new']);
    expect(decisions[60]!.state.silenced).toBeUndefined();
  });

  it('should send the same one message when a person ends the silence early', () => {
    const ended = silenceOf(0, 240, {}, { minute: 30, by: 'alice' });
    const decisions = timeline(everyMinute(0, 90, critical('10.0.0.4')), [ended]);
    expect(sent(decisions)).toEqual(['silence-ended-still-firing@10:45']);
  });

  it('should say nothing when the silence ends after the incident resolved unannounced', () => {
    const decisions = timeline([...everyMinute(0, 10, critical('10.0.0.4')), ...everyMinute(11, 90, evaluationWith([]))], [silenceOf(0, 60)]);
    expect(sent(decisions)).toEqual([]);
    expect(decisions.at(-1)!.state).toMatchObject({ alerts: {}, notified: null });
    expect(decisions.at(-1)!.state.silenced).toBeUndefined();
  });

  it('should close an announced incident with one resolved message even while silenced, and nothing when the silence ends', () => {
    const opened = timeline([[0, critical('10.0.0.4')]], []);
    expect(sent(opened)).toEqual(['first-notification@10:15']);
    const decisions = timeline([...everyMinute(1, 20, critical('10.0.0.4')), ...everyMinute(21, 90, evaluationWith([]))], [silenceOf(1, 60)], opened[0]!.state);
    expect(sent(decisions)).toEqual(['all-resolved@10:36']);
  });

  it('should hold back an escalation and new nodes during the silence, then tell them in the one message after it', () => {
    const opened = timeline([[0, evaluationWith([signal('10.0.0.4', 'warning')])]], []);
    const decisions = timeline(
      [...everyMinute(1, 30, evaluationWith([signal('10.0.0.4', 'critical'), signal('10.0.0.5', 'warning')])), [31, evaluationWith([signal('10.0.0.4', 'critical'), signal('10.0.0.5', 'warning')])]],
      [silenceOf(1, 31)],
      opened[0]!.state,
    );
    expect(sent(decisions)).toEqual(['silence-ended-still-firing@10:46']);
    expect(decisions.at(-1)!.notification!.firing.map((alert) => `${alert.node}:${alert.change}`)).toEqual(['10.0.0.4:escalated', '10.0.0.5:new']);
  });

  it.each([
    { name: 'another target', matchers: { target: '/subscriptions/x/resourceGroups/y/providers/Microsoft.Network/loadBalancers/other' } },
    { name: 'another node', matchers: { node: '10.0.0.9' } },
    { name: 'another condition', matchers: { condition: 'SNAT_EXHAUSTION' as const } },
    { name: 'one of two firing nodes', matchers: { node: '10.0.0.4' } },
    { name: 'a silence not yet started', matchers: {}, from: 30 },
  ])('should not hold back a silence on $name', ({ matchers, from }) => {
    const decisions = timeline([[0, critical('10.0.0.4', '10.0.0.5')]], [silenceOf(from ?? 0, 60, matchers)]);
    expect(sent(decisions)).toEqual(['first-notification@10:15']);
  });

  it('should hold back when node silences between them cover every firing alert', () => {
    const decisions = timeline([[0, critical('10.0.0.4', '10.0.0.5')]], [silenceOf(0, 60, { node: '10.0.0.4' }), silenceOf(0, 30, { node: '10.0.0.5', condition: 'SNAT_UTILIZATION' })]);
    expect(decisions[0]!.reason).toBe('silenced');
    // The first of them to end ends the cover.
    expect(decisions[0]!.state.silenced?.until).toBe(at(30).toISOString());
  });

  it('should match the target by its name, case-insensitively', () => {
    const decisions = timeline([[0, critical('10.0.0.4')]], [silenceOf(0, 60, { target: 'KUBERNETES' })]);
    expect(decisions[0]!.reason).toBe('silenced');
  });

  it('should speak again at once when the silence is lifted (unsilence) while firing', () => {
    const lifted = silenceOf(0, 240, {}, { minute: 5, by: 'bob' });
    const decisions = timeline(everyMinute(0, 6, critical('10.0.0.4')), [lifted]);
    expect(sent(decisions)).toEqual(['silence-ended-still-firing@10:20']);
  });

  it('should hold back MONITORING_BLIND from unreadable runs under a silence on the target', () => {
    let state: TargetAlertState | null = null;
    const reasons: string[] = [];
    for (let minute = 0; minute < 5; minute += 1) {
      const decision = decideReadFailure(state, { kind: 'forbidden' }, TARGET, ALERT_RULES, at(minute), { silences: [silenceOf(0, 60)] });
      reasons.push(decision.reason);
      state = decision.state;
    }
    expect(reasons).toEqual(['do-not-notify', 'do-not-notify', 'silenced', 'silenced', 'silenced']);
    expect(state!.alerts['*|MONITORING_BLIND']).toMatchObject({ state: 'firing' });
  });
});
