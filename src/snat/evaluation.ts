// What one watch run concluded about one target: per node (LB backend, or the NAT gateway itself)
// the numbers on-call needs, the findings in words, and the signals the alert lifecycle decides on.
// Every shape is plain JSON (no Date, no NaN, no Infinity): the live view and the digest store it.
import type { ForecastReason } from './forecast.js';
import type { NatGatewaySku } from './limits.js';
import type { PoolingDiagnosis } from './pooling-diagnosis.js';
import type { NodeAttribution } from '../attribution/attribution.js';

/** A threshold crossed: the warning level (75 % by default) or the critical one (90 %). */
export type Level = 'warning' | 'critical';

/** `unknown` = no usable data this run. Never shown as `ok`. */
export type NodeStatus = 'ok' | Level | 'unknown';

export type FindingSeverity = 'info' | Level;

export type FindingCode =
  /** Failed SNAT connections in the window: the node (or gateway) is out of ports now. */
  | 'SNAT_EXHAUSTION'
  /** Used / allocated at or above the warning or critical threshold. */
  | 'HIGH_SNAT_UTILIZATION'
  /** Azure's allocation differs from the model's, or the AKS profile from the LB outbound rule. */
  | 'ALLOCATION_DRIFT'
  /** Short port holds at a high rate on a node at risk: one connection per request (Little's law). */
  | 'NOT_POOLING'
  /** Port holds close to the idle timeout at a low rate on a node at risk: idle connections pin ports. */
  | 'IDLE_CONNECTIONS'
  /** NAT gateway datapath availability below 90 %. */
  | 'DATAPATH_DEGRADED'
  /** NAT gateway connections against its SKU's limits: a capacity indicator, never exhaustion. */
  | 'CONNECTION_CAPACITY'
  /** NAT gateway dropped packets in the window. */
  | 'PACKETS_DROPPED'
  /** Nodes (or the whole target) without usable metrics this run. */
  | 'NO_DATA'
  /** The model cannot say what Azure should allocate (e.g. a pool past the default table). */
  | 'MODEL_UNAVAILABLE'
  /** One frontend IP of a node past 75 % of that IP's allocation (Azure's HighSnatPortUsage); not the node's status. */
  | 'FRONTEND_HOT'
  /** Nodes Azure reports with IsAwaitingRemoval = true: shown, never alerted on. */
  | 'AWAITING_REMOVAL';

export interface Finding {
  code: FindingCode;
  severity: FindingSeverity;
  /** Backend IP, or `*` for the target as a whole. */
  node: string;
  /** One or two sentences an on-call engineer can act on. */
  message: string;
}

/** The alert conditions the lifecycle keys on (target + node + condition). */
export type AlertCondition = 'SNAT_UTILIZATION' | 'SNAT_EXHAUSTION' | 'ALLOCATION_DRIFT' | 'DATAPATH_DEGRADED';

/**
 * What the evaluation saw for one condition on one node, in the three readings the lifecycle needs.
 * Emitted only when one of them is set or the node has no data: a missing signal means "clear".
 */
export interface AlertSignal {
  condition: AlertCondition;
  node: string;
  /** The highest level held for the `for` duration inside the window: pending/ok → firing. */
  sustained: Level | null;
  /** The level of the latest minute: starts (or keeps) a pending alert. */
  current: Level | null;
  /** The highest level not yet cleared (latest ≥ threshold − hysteresis): keeps a firing alert. */
  held: Level | null;
  /** No usable data for this node this run: its alerts are kept exactly as they are. */
  unknown: boolean;
}

interface NodeEvaluationBase {
  /** Backend private IP, or `*` for a NAT gateway. */
  node: string;
  status: NodeStatus;
  /** Latest ports in use (LB: UsedSnatPorts Maximum summed over the node's frontend IPs; NAT: active connections). */
  used: number | null;
  /** Latest ports available (LB: Azure's AllocatedSnatPorts summed over the node's frontend IPs, else the model; NAT: pool size). */
  allocated: number | null;
  /** used / allocated, 0–1 (may exceed 1 briefly while Azure reallocates). */
  utilization: number | null;
  /** Failed SNAT connections summed over the window. */
  failedConnections: number;
  /** The recent trend of `used`, ports per minute (forecast.ts). */
  slopePerMinute: number | null;
  /**
   * At the recent trend; 0 when already full; null when not rising, unknown, the line fits poorly
   * or exhaustion lies beyond the forecast horizon (6 h): no guess is ever shown as a forecast.
   */
  minutesToExhaustion: number | null;
}

export interface BackendNodeEvaluation extends NodeEvaluationBase {
  kind: 'backend';
  /**
   * The protocol whose figures `used`, `allocated` and `utilization` are (`TCP`, `UDP`): each protocol
   * is judged against its own allocation and the node shows its worst.
   */
  protocol: string;
  /** IsAwaitingRemoval = true: the node is being removed; shown, never alerted on, not in the target's status. */
  awaitingRemoval: boolean;
  /** Why `minutesToExhaustion` is what it is (forecast.ts). */
  forecast: ForecastReason;
  /** Highest UsedSnatPorts (summed over frontends) in the window. */
  peakUsed: number | null;
  /** AllocatedSnatPorts as Azure reports it (latest, summed over the node's frontend IPs). */
  reportedAllocated: number | null;
  /** What the allocation model says Azure should allocate. */
  modelAllocated: number | null;
  /** Reported ≠ model on the latest minute. */
  allocationDrift: boolean;
  /** Mean new SNAT connections per minute over the window. */
  newConnectionsPerMinute: number | null;
  /** Why the node's ports are held (Little's law), judged only at or above warning or with failures. */
  pooling: PoolingDiagnosis;
  /** The Kubernetes node name (the VMSS instance's computer name), when the topology knows it. */
  nodeName?: string | null;
  /** Which pods opened the node's new connections (issue 12): only for nodes at or above warning. */
  attribution?: NodeAttribution;
}

/**
 * A NAT gateway, judged as one node `*`: its metrics have no per-VM dimension. `used` is its active
 * connections (TotalConnectionCount) and `allocated` its SKU's total-connection limit, a capacity
 * indicator: a port is reused across destinations, so connections above 64,512 × IPs are normal.
 */
export interface GatewayNodeEvaluation extends NodeEvaluationBase {
  kind: 'gateway';
  sku: NatGatewaySku;
  publicIps: number;
  /** SNAT ports: 64,512 per public IPv4 address. */
  ports: number;
  /** SNATConnectionCount summed over the window. */
  attemptedConnections: number | null;
  droppedPackets: number | null;
  /** Mean DatapathAvailability over the window, in percent. */
  datapathAvailability: number | null;
}

export type NodeEvaluation = BackendNodeEvaluation | GatewayNodeEvaluation;

export interface NodeCounts {
  total: number;
  critical: number;
  warning: number;
  unknown: number;
  ok: number;
  /** Nodes awaiting removal, counted here and not under their status; present only when there are some. */
  awaitingRemoval?: number;
}

export interface TargetEvaluation {
  targetId: string;
  targetName: string;
  kind: 'loadBalancer' | 'natGateway';
  evaluatedAt: string;
  window: { from: string; to: string };
  /** The worst node's status; `ok` only when every node has data and is below warning. */
  status: NodeStatus;
  /** Why nothing could be judged: no backend to watch, or no metrics at all. Null when any node had data. */
  noData: 'no-backends' | 'no-metrics' | null;
  counts: NodeCounts;
  /** Worst first: critical, warning, unknown, ok; then failures, utilization, time to exhaustion. */
  nodes: NodeEvaluation[];
  /** Worst first. */
  findings: Finding[];
  signals: AlertSignal[];
}

/** The thresholds evaluation applies; built from the settings by `watchRulesFromConfig`. */
export interface EvaluationRules {
  /** Ratio of allocated, e.g. 0.75. */
  warningThreshold: number;
  /** Ratio of allocated, e.g. 0.9. */
  criticalThreshold: number;
  /** A firing level clears only below threshold − this, e.g. 0.05. */
  clearHysteresis: number;
  /** Trailing minutes at or above a threshold, inside the window, before an alert fires. */
  forMinutes: number;
  /** A node whose latest point is older than this (against `now`) is unknown. */
  staleAfterMinutes: number;
}

/** What a target-kind evaluator returns; evaluateTarget sorts it and adds status and counts. */
export type TargetJudgement = Pick<TargetEvaluation, 'nodes' | 'findings' | 'signals' | 'noData'>;
