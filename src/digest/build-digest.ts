// The daily capacity digest as data: per target, the last 24 h against the 24 h before, the
// coming risks and what to do about them, and a standing that names why the target is (or is not)
// worth reading. Targets are ranked by risk: failed connections, then peak, then coming risks.
// Pure: the snapshots and rollups come in, `now` comes in, nothing is read.
import { DIGEST_STANDINGS, type Digest, type DigestStanding, type DigestTarget, type DigestThresholds, type DigestWorstNode } from '../report/digest-model.js';
import type { HourlyRollup, TargetSnapshot } from '../watch/target-snapshot.js';
import { planOutlook } from './coming-risks.js';
import { coverageOf, hasMaterialGap, type Coverage } from './coverage.js';
import { dayStats, minutesOf, type DayStats } from './day-stats.js';
import { digestWindow, type DigestWindow } from './digest-window.js';
import { snapshotIssues, snapshotNotes } from './snapshot-notes.js';
import { clusterOf } from '../snat/target-names.js';

export { DIGEST_STANDINGS, type Digest, type DigestStanding, type DigestTarget };


export interface DigestTargetInput {
  snapshot: TargetSnapshot;
  /** Hourly rollups of (at least) the last 48 h; minutes outside the two days are ignored. */
  hours: readonly HourlyRollup[];
}

export type BuildDigestOptions = DigestThresholds;


export function buildDigest(inputs: readonly DigestTargetInput[], now: Date, options: BuildDigestOptions): Digest {
  const window = digestWindow(now);
  assertThresholds(options);
  if (!Array.isArray(inputs)) throw new TypeError('buildDigest needs an array of { snapshot, hours }');
  const targets = inputs.map((input) => digestTarget(input, window, now, options)).sort(byRisk);
  const counts = Object.fromEntries(DIGEST_STANDINGS.map((standing) => [standing, 0])) as Record<DigestStanding, number>;
  for (const target of targets) counts[target.standing]++;
  return { window, thresholds: { ...options }, targets, counts };
}

function digestTarget(input: DigestTargetInput, window: DigestWindow, now: Date, options: BuildDigestOptions): DigestTarget {
  const { snapshot } = input;
  if (!snapshot?.target?.id) throw new TypeError('every digest input needs a snapshot with its target');
  const minutes = minutesOf(input.hours ?? []);
  const day = dayStats(minutes, window.from);
  const previousDay = dayStats(minutes, window.previousFrom);
  const coverage = coverageOf(day);
  const { risks, recommendations } = planOutlook(snapshot.plan);
  const notes = snapshotNotes(snapshot, now);
  const compared = previousDay.minutesWithData > 0;
  return {
    target: snapshot.target,
    cluster: clusterOf(snapshot.topology),
    standing: standingOf(day, coverage, risks.length, snapshotIssues(snapshot, now).length > 0, options),
    day,
    previousDay,
    change: {
      peakPoints: compared && day.peak !== null && previousDay.peak !== null ? (day.peak - previousDay.peak) * 100 : null,
      failed: compared ? day.failed - previousDay.failed : null,
    },
    coverage,
    worstNode: worstNodeOf(snapshot),
    topFix: day.failed > 0 ? topFixOf(snapshot) : null,
    risks,
    recommendations,
    notes,
    lastRecordedAt: snapshot.recordedAt,
  };
}

/** The worst node at the last check: evaluations list nodes worst first. */
function worstNodeOf(snapshot: TargetSnapshot): DigestWorstNode | null {
  const node = snapshot.evaluation?.nodes?.[0];
  if (!node) return null;
  const { status, used, allocated, utilization, failedConnections } = node;
  const nodeName = node.kind === 'backend' ? node.nodeName : null;
  return { node: node.node, status, used, allocated, utilization, failedConnections, ...(nodeName ? { nodeName } : {}) };
}

/** What to do about failures: the plan's first recommendation for the live topology, commands and all. */
function topFixOf(snapshot: TargetSnapshot): DigestTarget['topFix'] {
  const first = snapshot.plan?.recommendations?.[0];
  return first ? { title: first.title, commands: [...first.commands] } : null;
}

function standingOf(day: DayStats, coverage: Coverage, risks: number, snapshotIssue: boolean, options: BuildDigestOptions): DigestStanding {
  if (day.failed > 0) return 'failing';
  if (day.peak !== null && day.peak >= options.criticalThreshold) return 'critical';
  if (day.peak !== null && day.peak >= options.warningThreshold) return 'warning';
  if (risks > 0) return 'at-risk';
  if (hasMaterialGap(coverage) || snapshotIssue) return 'missing-data';
  return 'quiet';
}

function byRisk(a: DigestTarget, b: DigestTarget): number {
  return (
    Number(a.standing === 'quiet') - Number(b.standing === 'quiet') ||
    b.day.failed - a.day.failed ||
    (b.day.peak ?? -1) - (a.day.peak ?? -1) ||
    b.risks.length - a.risks.length ||
    compare(a.target.name.toLowerCase(), b.target.name.toLowerCase()) ||
    compare(a.target.id.toLowerCase(), b.target.id.toLowerCase())
  );
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function assertThresholds(options: BuildDigestOptions): void {
  const { warningThreshold: warning, criticalThreshold: critical } = options ?? ({} as BuildDigestOptions);
  if (!(warning > 0 && critical <= 1 && warning < critical)) {
    throw new RangeError(`buildDigest needs 0 < warningThreshold < criticalThreshold ≤ 1, got ${warning} and ${critical}`);
  }
}
