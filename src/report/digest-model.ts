// The daily digest's shape: what the digest pipeline (src/digest) builds and the Slack message
// (src/slack/digest-message*) renders. It lives below both so an adapter never reaches up into a
// pipeline (DESIGN.md §9: shapes shared by a pipeline and an adapter live below both). Types and
// the few constants that define them; no logic.
import type { TargetRef } from '../alerting/alert-state.js';
import type { NodeEvaluation } from '../snat/evaluation.js';
import type { TargetCluster } from '../snat/target-names.js';

/** Why a target stands where it does; the first that applies, in this order. `quiet` is one short line. */
export type DigestStanding = 'failing' | 'critical' | 'warning' | 'at-risk' | 'missing-data' | 'quiet';
export const DIGEST_STANDINGS: readonly DigestStanding[] = ['failing', 'critical', 'warning', 'at-risk', 'missing-data', 'quiet'];

/** The two days a digest compares. */
export interface DigestWindow {
  /** The last 24 h: from ≤ minute < to (ISO, minute-aligned). */
  from: string;
  to: string;
  /** The 24 h before: previousFrom ≤ minute < from. */
  previousFrom: string;
  /** The UTC day the digest is for (`to`'s date): one digest per day. */
  day: string;
}

export interface DayStats {
  /** Highest per-minute utilization of the worst node; null when no minute had data. */
  peak: number | null;
  /** 95th percentile (nearest rank) of the per-minute worst-node utilization. */
  p95: number | null;
  failed: number;
  /** The most nodes at or above warning in any one minute. */
  maxAboveWarning: number;
  /** Minutes with utilization data, out of a day's 1,440. */
  minutesWithData: number;
  /** The 24 hourly peaks, oldest first; null for an hour without data. */
  hourlyPeaks: Array<number | null>;
  hoursWithoutData: number;
}

/** none: every minute; minor: a short gap; minutes-missing / hours-missing: said in words; no-data: nothing at all. */
export type CoverageGap = 'none' | 'minor' | 'minutes-missing' | 'hours-missing' | 'no-data';

export interface Coverage {
  minutesWithData: number;
  minutes: number;
  hoursWithoutData: number;
  gap: CoverageGap;
  /** The sentence the digest prints; null when nothing is worth saying. */
  statement: string | null;
}

/** Risks that strike later: at the autoscaler max, during an upgrade's surge, or per destination. */
export const COMING_RISK_CODES = ['TIER_CLIFF', 'SCALE_EXCEEDS_CAPACITY', 'SURGE_EXCEEDS_CAPACITY', 'DESTINATION_LIMIT'] as const;
export type ComingRiskCode = (typeof COMING_RISK_CODES)[number];

export interface ComingRisk {
  code: ComingRiskCode;
  severity: 'info' | 'warning' | 'critical';
  message: string;
}

export interface DigestRecommendation {
  title: string;
  /** The exact Azure CLI commands; empty for a change made in the workload (pooling). */
  commands: string[];
  addresses: ComingRiskCode[];
}

/** The target's worst node at the last check (its evaluation lists nodes worst first); `*` for a NAT gateway, whose metrics have no per-node dimension. */
export type DigestWorstNode = Pick<NodeEvaluation, 'node' | 'status' | 'used' | 'allocated' | 'utilization' | 'failedConnections'> & {
  /** The Kubernetes node name beside the IP, when the topology knew it. */
  nodeName?: string | null;
};

export interface DigestTarget {
  target: TargetRef;
  /** The AKS cluster the target belongs to, named before it ("aks-shop-prod · load balancer kubernetes"); absent or null when none. */
  cluster?: TargetCluster | null;
  standing: DigestStanding;
  day: DayStats;
  previousDay: DayStats;
  /** Against the 24 h before; null when that day had no data to compare with. */
  change: { peakPoints: number | null; failed: number | null };
  coverage: Coverage;
  /** Null when the last snapshot has no evaluation (never read, or unreadable). */
  worstNode: DigestWorstNode | null;
  /** For a target with failed connections in the day: the plan's first fix, with its command. */
  topFix: { title: string; commands: string[] } | null;
  risks: ComingRisk[];
  recommendations: DigestRecommendation[];
  /** Statements about the latest snapshot: stale, unreadable, alerts open. */
  notes: string[];
  lastRecordedAt: string;
}

export interface DigestThresholds {
  warningThreshold: number;
  criticalThreshold: number;
}

export interface Digest {
  window: DigestWindow;
  thresholds: DigestThresholds;
  /** Ranked: every target that is not quiet first, by failures, peak, coming risks; then the quiet ones the same way. */
  targets: DigestTarget[];
  counts: Record<DigestStanding, number>;
}
