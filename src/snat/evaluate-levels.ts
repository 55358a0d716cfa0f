// Thresholds applied to a utilization series: the level of the latest minute, the level held for the
// `for` duration inside the window (so a single run can fire), and the level not yet cleared by
// hysteresis (so a node hovering at the threshold does not flap).
import type { EvaluationRules, Level, NodeStatus } from './evaluation.js';
import { trailingCount, type Sample } from './series.js';

/** Ratios like 768/1024 must meet 0.75 despite floating point. */
const EPSILON = 1e-9;

export interface LevelReading {
  sustained: Level | null;
  current: Level | null;
  held: Level | null;
}

type Thresholds = Pick<EvaluationRules, 'warningThreshold' | 'criticalThreshold' | 'clearHysteresis' | 'forMinutes'>;

export function levelOf(ratio: number | null, rules: Pick<EvaluationRules, 'warningThreshold' | 'criticalThreshold'>): Level | null {
  if (ratio === null) return null;
  if (ratio + EPSILON >= rules.criticalThreshold) return 'critical';
  if (ratio + EPSILON >= rules.warningThreshold) return 'warning';
  return null;
}

export function readLevels(ratios: readonly Sample[], rules: Thresholds): LevelReading {
  const last = ratios.at(-1)?.value ?? null;
  const sustainedAt = (threshold: number) =>
    trailingCount(ratios, (ratio) => ratio + EPSILON >= threshold) >= rules.forMinutes;
  const sustained = sustainedAt(rules.criticalThreshold) ? 'critical' : sustainedAt(rules.warningThreshold) ? 'warning' : null;
  const held =
    last === null
      ? null
      : levelOf(last, {
          warningThreshold: rules.warningThreshold - rules.clearHysteresis,
          criticalThreshold: rules.criticalThreshold - rules.clearHysteresis,
        });
  return { sustained, current: levelOf(last, rules), held };
}

const LEVEL_RANK: Record<Level, number> = { warning: 1, critical: 2 };

export function levelRank(level: Level | null): number {
  return level === null ? 0 : LEVEL_RANK[level];
}

/** The worse of two levels (null = below warning). */
export function worseLevel(a: Level | null, b: Level | null): Level | null {
  return levelRank(a) >= levelRank(b) ? a : b;
}

/** Worst first: critical, warning, unknown, ok. Unknown outranks ok: no data is never good news. */
const STATUS_RANK: Record<NodeStatus, number> = { ok: 0, unknown: 1, warning: 2, critical: 3 };

export function statusRank(status: NodeStatus): number {
  return STATUS_RANK[status];
}
