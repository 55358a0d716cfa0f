import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReadFailure, TargetAlertDecision, TargetAlertState } from '../../src/alerting/alert-state.js';
import { decideReadFailure } from '../../src/alerting/decide-read-failure.js';
import { decideTargetAlerts } from '../../src/alerting/decide-target-alerts.js';
import type { AlertSignal, Level, TargetEvaluation } from '../../src/snat/evaluation.js';
import { ALERT_RULES, TARGET, TARGET_ID, at, evaluationWith } from './lifecycle-fixtures.js';

const level = fc.constantFrom<Level | null>(null, 'warning', 'critical');
const signalArbitrary: fc.Arbitrary<AlertSignal> = fc.record({
  condition: fc.constantFrom('SNAT_UTILIZATION', 'SNAT_EXHAUSTION', 'ALLOCATION_DRIFT'),
  node: fc.constantFrom('10.0.0.1', '10.0.0.2', '10.0.0.3', '*'),
  sustained: level,
  current: level,
  held: level,
  unknown: fc.boolean(),
});

type Input = { evaluation: TargetEvaluation } | { failure: ReadFailure };
const inputArbitrary: fc.Arbitrary<Input> = fc.oneof(
  { weight: 6, arbitrary: fc.array(signalArbitrary, { maxLength: 6 }).map((signals) => ({ evaluation: evaluationWith(signals) })) },
  { weight: 1, arbitrary: fc.constant({ evaluation: evaluationWith([], 'no-metrics') }) },
  { weight: 1, arbitrary: fc.constantFrom<ReadFailure['kind']>('forbidden', 'not-found', 'throttled', 'failed').map((kind) => ({ failure: { kind } })) },
);
const tickArbitrary = fc.record({ stepMinutes: fc.integer({ min: 0, max: 300 }), input: inputArbitrary });

const firingSet = (state: TargetAlertState | null) =>
  Object.entries(state?.alerts ?? {})
    .filter(([, alert]) => alert.state === 'firing')
    .map(([key, alert]) => `${key}:${alert.severity}`)
    .sort()
    .join(',');

function decide(state: TargetAlertState | null, input: Input, minute: number): TargetAlertDecision {
  return 'evaluation' in input
    ? decideTargetAlerts(state, input.evaluation, ALERT_RULES, at(minute))
    : decideReadFailure(state, input.failure, TARGET, ALERT_RULES, at(minute));
}

describe('decideTargetAlerts (properties)', () => {
  it('should never notify twice per tick, nor without news before the repeat interval, nor lose an announced alert', () => {
    fc.assert(
      fc.property(fc.array(tickArbitrary, { minLength: 1, maxLength: 40 }), (ticks) => {
        let state: TargetAlertState | null = null;
        let minute = 0;
        let lastSent: { minute: number; firing: string } | null = null;
        const announced = new Set<string>();
        const ids = new Set<string>();
        for (const { stepMinutes, input } of ticks) {
          minute += stepMinutes;
          const decision = decide(state, input, minute);
          const notification = decision.notification;

          // One decision, at most one notification, for this target only, numbered in order.
          expect(notification === null).toBe(decision.reason === 'do-not-notify' || decision.reason === 'group-interval-pending');
          expect(decision.state.sequence).toBe((state?.sequence ?? 0) + (notification ? 1 : 0));
          if (notification) {
            expect(notification.target.id).toBe(TARGET_ID);
            expect(ids.has(notification.id)).toBe(false);
            ids.add(notification.id);
          }

          // Nothing changed since the last message and the repeat interval has not elapsed: silence.
          const unchanged = lastSent !== null && firingSet(decision.state) === lastSent.firing && firingSet(decision.state) !== '';
          if (unchanged && minute - lastSent!.minute < ALERT_RULES.repeatIntervalMinutes) expect(notification).toBeNull();
          if (firingSet(decision.state) === '' && !state?.notified) expect(notification).toBeNull();

          // Without data nothing resolves: every firing alert is still firing.
          const blind = 'failure' in input || input.evaluation.noData === 'no-metrics';
          const unknownKeys = new Set('evaluation' in input ? input.evaluation.signals.filter((s) => s.unknown).map((s) => `${s.node}|${s.condition}`) : []);
          for (const [key, alert] of Object.entries(state?.alerts ?? {})) {
            if (alert.state === 'firing' && (blind || unknownKeys.has(key))) expect(decision.state.alerts[key]?.state).toBe('firing');
          }

          for (const alert of notification?.firing ?? []) announced.add(alert.key);
          for (const alert of notification?.resolved ?? []) announced.delete(alert.key);
          if (notification) lastSent = { minute, firing: firingSet(decision.state) };
          expect(JSON.parse(JSON.stringify(decision.state))).toEqual(decision.state);
          state = decision.state;
        }
        // Every alert on-call heard of is still open, or its end was announced.
        for (const key of announced) {
          const local = key.slice(TARGET_ID.length + 1);
          expect(state!.alerts[local]).toBeDefined();
        }
      }),
      { numRuns: 500 },
    );
  });
});
