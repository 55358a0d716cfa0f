// One protocol of one backend judged against its own allocation: TCP and UDP have separate SNAT
// ports (https://learn.microsoft.com/azure/load-balancer/load-balancer-outbound-connections), so UDP
// at 900 of its 1,024 is a node at 88 % whatever TCP does. Used and allocated are the node's sums
// over its frontend IPs (protocol-totals.ts).
import type { EvaluationRules, Level } from './evaluation.js';
import { levelOf, readLevels, type LevelReading } from './evaluate-levels.js';
import type { ProtocolTotals } from './protocol-totals.js';
import { latest, samplesOf, type Sample, type WindowMs } from './series.js';

export interface ProtocolJudgement {
  protocol: string;
  used: Sample[];
  /** Reported allocations above 0 (Azure reports 0 for an instance being removed). */
  reported: Sample[];
  lastUsed: Sample | null;
  /** Latest reported allocation, rounded; null when Azure reported none. */
  reportedAllocated: number | null;
  /** Reported, else the model's. */
  allocated: number | null;
  utilization: number | null;
  /** Fresh data and an allocation to judge against. */
  judged: boolean;
  level: Level | null;
  /** The lifecycle's readings over the window; null when not judged. */
  reading: LevelReading | null;
}

export interface ProtocolContext {
  window: WindowMs;
  nowMs: number;
  modelAllocated: number | null;
  rules: EvaluationRules;
}

export function judgeProtocol(totals: ProtocolTotals, context: ProtocolContext): ProtocolJudgement {
  const { window, rules, modelAllocated } = context;
  const used = samplesOf(totals.used, window);
  const reported = samplesOf(totals.allocated, window).filter((sample) => sample.value > 0);
  const lastUsed = latest(used);
  const stale = lastUsed === null || lastUsed.atMs < context.nowMs - rules.staleAfterMinutes * 60_000;
  const last = latest(reported);
  const reportedAllocated = last === null ? null : Math.round(last.value);
  const allocated = reportedAllocated ?? modelAllocated;
  const utilization = ratioOrNull(lastUsed?.value ?? null, allocated);
  const judged = !stale && utilization !== null;
  return {
    protocol: totals.protocol,
    used,
    reported,
    lastUsed,
    reportedAllocated,
    allocated,
    utilization,
    judged,
    level: judged ? levelOf(utilization, rules) : null,
    reading: judged ? readLevels(utilizationSeries(used, reported, allocated), rules) : null,
  };
}

/** used / allocated per minute, against that minute's reported allocation when Azure gave one. */
function utilizationSeries(used: readonly Sample[], reported: readonly Sample[], fallback: number | null): Sample[] {
  // Both series usually cover the same minutes: then the same index is the same minute.
  const aligned = used.length === reported.length && used.every((sample, index) => sample.atMs === reported[index]!.atMs);
  const reportedByMinute = aligned ? null : new Map(reported.map((sample) => [sample.atMs, sample.value]));
  const ratios: Sample[] = [];
  for (let index = 0; index < used.length; index += 1) {
    const sample = used[index]!;
    const allocated = aligned ? reported[index]!.value : (reportedByMinute!.get(sample.atMs) ?? fallback);
    const ratio = ratioOrNull(sample.value, allocated);
    if (ratio !== null) ratios.push({ atMs: sample.atMs, value: ratio });
  }
  return ratios;
}

export function ratioOrNull(used: number | null, allocated: number | null): number | null {
  if (used === null || allocated === null || allocated <= 0) return null;
  return Math.max(0, used) / allocated;
}
