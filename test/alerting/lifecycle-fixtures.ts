// Evaluations reduced to what the lifecycle reads (signals and whether there was data), and a clock
// in whole minutes, so lifecycle tests read as timelines.
import type { AlertRules, TargetRef } from '../../src/alerting/alert-state.js';
import type { AlertCondition, AlertSignal, Level, TargetEvaluation } from '../../src/snat/evaluation.js';

export const TARGET_ID = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/mc_rg_aks/providers/Microsoft.Network/loadBalancers/kubernetes';
export const TARGET: TargetRef = { id: TARGET_ID, name: 'kubernetes', kind: 'loadBalancer' };
export const ALERT_RULES: AlertRules = { repeatIntervalMinutes: 240, blindAfterRuns: 3, groupIntervalMinutes: 5 };

const T0 = Date.parse('2024-05-01T10:15:00.000Z');

/** The clock `minute` minutes after the first run. */
export function at(minute: number): Date {
  return new Date(T0 + minute * 60_000);
}

/** A utilization signal: sustained (for met), current (latest minute) and held (hysteresis band). */
export function signal(
  node: string,
  sustained: Level | null,
  options: { current?: Level | null; held?: Level | null; condition?: AlertCondition } = {},
): AlertSignal {
  const current = options.current === undefined ? sustained : options.current;
  const held = options.held === undefined ? current : options.held;
  return { condition: options.condition ?? 'SNAT_UTILIZATION', node, sustained, current, held, unknown: false };
}

export function unknownSignal(node: string, condition: AlertCondition = 'SNAT_UTILIZATION'): AlertSignal {
  return { condition, node, sustained: null, current: null, held: null, unknown: true };
}

export function evaluationWith(signals: AlertSignal[], noData: TargetEvaluation['noData'] = null): TargetEvaluation {
  return {
    targetId: TARGET_ID,
    targetName: 'kubernetes',
    kind: 'loadBalancer',
    evaluatedAt: '2024-05-01T10:15:00.000Z',
    window: { from: '2024-05-01T10:00:00.000Z', to: '2024-05-01T10:15:00.000Z' },
    status: noData ? 'unknown' : 'ok',
    noData,
    counts: { total: 0, critical: 0, warning: 0, unknown: 0, ok: 0 },
    nodes: [],
    findings: [],
    signals,
  };
}
