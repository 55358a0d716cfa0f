// Why a node's SNAT ports are in use, by Little's law: ports in use = new connections per minute ×
// minutes each port is held, so the holding time is used ÷ rate. Short holds at a high rate are one
// connection per request (pool connections); holds close to the idle timeout at a low rate are idle
// connections pinning ports (lower the idle timeout). Anything else is said as numbers and `unknown`.
// Only nodes at or above warning, or with failed connections, are judged: a quiet node's ratio of
// two small numbers says nothing, and its verdict must never steer a fix. Pure, plain numbers in.
import { LB_IDLE_TIMEOUT_MINUTES, SHORT_LIVED_IDLE_TIMEOUT_MINUTES } from './limits.js';
import { formatCount, formatDecimal, formatMinutes } from './format.js';

/**
 * Churn: the node opens, every this many minutes, new connections amounting to its whole allocation
 * (equivalently half of it every 5 min). A pool opens connections only as it grows or recycles them,
 * so it turns its ports over in tens of minutes or hours; one connection per request turns them
 * over in minutes. At or above warning it also bounds the hold: used ÷ rate ≤ allocation ÷ rate ≤ 10 min.
 */
export const CHURN_TURNOVER_MINUTES = 10;

/**
 * Idle pinning: the mean hold is at least this share of the idle timeout. An idle connection holds
 * its port until exactly the idle timeout (https://learn.microsoft.com/azure/nat-gateway/nat-gateway-resource#tcp-idle-timeout,
 * https://learn.microsoft.com/azure/aks/load-balancer-standard#configure-the-load-balancer-idle-timeout),
 * so a mean at half of it or more means most port-minutes belong to connections left open idle.
 */
export const IDLE_HOLD_SHARE = 0.5;

export type PoolingVerdict =
  /** Below warning and no failed connection: not judged. */
  | 'not-judged'
  /** Short holds, high rate: one connection per request. Fix: POOL_CONNECTIONS. */
  | 'connection-churn'
  /** Holds close to the idle timeout, low rate: idle connections pin ports. Fix: LOWER_IDLE_TIMEOUT. */
  | 'idle-connections'
  /** Judged, but the numbers fit neither pattern (or are missing): `reason` says which. */
  | 'unknown';

export type UnknownReason =
  | 'no-connection-counts'
  | 'no-ports-in-use'
  | 'no-new-connections'
  | 'no-allocation'
  | 'idle-timeout-at-minimum'
  | 'between-patterns';

export interface PoolingInput {
  /** Mean ports in use over the window (L of Little's law). */
  used: number | null;
  /** Ports the node has. */
  allocated: number | null;
  /** Mean new connections per minute over the window that got a port (failed ones never hold one). */
  newConnectionsPerMinute: number | null;
  /** The egress idle timeout: the outbound rule's (AKS default 30 min). */
  idleTimeoutMinutes: number;
  /** The node's level of use (null: below warning). */
  level: 'warning' | 'critical' | null;
  failedConnections: number;
}

export interface PoolingDiagnosis {
  verdict: PoolingVerdict;
  /** Set for `unknown` only. */
  reason: UnknownReason | null;
  used: number | null;
  allocated: number | null;
  newConnectionsPerMinute: number | null;
  /** used ÷ rate: minutes each port is held on average (Little's law); null without both. */
  holdMinutes: number | null;
  /** allocated ÷ rate: minutes in which the node opens as many connections as it has ports. */
  turnoverMinutes: number | null;
  idleTimeoutMinutes: number;
  /** For `idle-connections`: the idle timeout to set, and the ports that would then be held at this rate. */
  suggestedIdleTimeoutMinutes: number | null;
  portsAfter: number | null;
  /** The numbers and the verdict in one sentence (empty when not judged). */
  summary: string;
}

export function diagnosePooling(input: PoolingInput): PoolingDiagnosis {
  const { used, allocated, idleTimeoutMinutes: idle } = input;
  const rate = input.newConnectionsPerMinute === null ? null : Math.max(0, input.newConnectionsPerMinute);
  const holdMinutes = used !== null && used > 0 && rate !== null && rate > 0 ? used / rate : null;
  const turnoverMinutes = allocated !== null && allocated > 0 && rate !== null && rate > 0 ? allocated / rate : null;
  const base = { used, allocated, newConnectionsPerMinute: rate, holdMinutes, turnoverMinutes, idleTimeoutMinutes: idle, suggestedIdleTimeoutMinutes: null, portsAfter: null };
  const unknown = (reason: UnknownReason): PoolingDiagnosis => ({ ...base, verdict: 'unknown', reason, summary: unknownText(reason, base) });

  if (input.level === null && input.failedConnections <= 0) return { ...base, verdict: 'not-judged', reason: null, summary: '' };
  if (rate === null) return unknown('no-connection-counts');
  if (used === null || used <= 0) return unknown('no-ports-in-use');
  if (rate === 0) return unknown('no-new-connections');
  if (turnoverMinutes === null) return unknown('no-allocation');
  if (turnoverMinutes <= CHURN_TURNOVER_MINUTES) {
    return { ...base, verdict: 'connection-churn', reason: null, summary: churnText(rate, used, allocated!, holdMinutes!, turnoverMinutes) };
  }
  if (holdMinutes! >= IDLE_HOLD_SHARE * idle) {
    if (idle <= SHORT_LIVED_IDLE_TIMEOUT_MINUTES) return unknown('idle-timeout-at-minimum');
    const suggested = SHORT_LIVED_IDLE_TIMEOUT_MINUTES;
    const portsAfter = Math.ceil(rate * suggested);
    return { ...base, verdict: 'idle-connections', reason: null, suggestedIdleTimeoutMinutes: suggested, portsAfter, summary: idleText(rate, used, holdMinutes!, idle, suggested, portsAfter) };
  }
  return unknown('between-patterns');
}

type Numbers = Pick<PoolingDiagnosis, 'used' | 'allocated' | 'newConnectionsPerMinute' | 'holdMinutes' | 'turnoverMinutes' | 'idleTimeoutMinutes'>;

const hold = (minutes: number) => (minutes < 1 ? `${formatDecimal(minutes * 60)} s` : minutes < 60 ? `${formatDecimal(minutes)} min` : formatMinutes(minutes));

function churnText(rate: number, used: number, allocated: number, holdMinutes: number, turnover: number): string {
  return (
    `opens ${formatCount(rate)} new connections a minute and holds each port about ${hold(holdMinutes)} ` +
    `(${formatCount(used)} ports in use ÷ ${formatCount(rate)}/min): it opens its whole allocation of ${formatCount(allocated)} ports' worth every ${hold(turnover)}, one connection per request`
  );
}

function idleText(rate: number, used: number, holdMinutes: number, idle: number, suggested: number, portsAfter: number): string {
  return (
    `holds each port about ${hold(holdMinutes)} (${formatCount(used)} ports in use ÷ ${formatCount(rate)} new connections a minute), ` +
    `close to the ${formatCount(idle)}-min idle timeout: idle connections pin its ports. ` +
    `With a ${formatCount(suggested)}-min idle timeout and TCP reset, ${formatCount(rate)} connections a minute hold at most about ${formatCount(portsAfter)} ports`
  );
}

function unknownText(reason: UnknownReason, numbers: Numbers): string {
  const { used, newConnectionsPerMinute: rate, holdMinutes, turnoverMinutes, idleTimeoutMinutes: idle } = numbers;
  switch (reason) {
    case 'no-connection-counts':
      return 'has no connection counts this window: pooling cannot be judged';
    case 'no-ports-in-use':
      return 'reports no ports in use: pooling cannot be judged';
    case 'no-new-connections':
      return `holds ${formatCount(used ?? 0)} ports and opened no new connection in the window: every port is held longer than the window, by long-lived or idle connections`;
    case 'no-allocation':
      return `opens ${formatCount(rate ?? 0)} new connections a minute, holding each port about ${hold(holdMinutes ?? 0)}; its allocation is unknown, so churn cannot be judged`;
    case 'idle-timeout-at-minimum':
      return (
        `holds each port about ${hold(holdMinutes ?? 0)} at ${formatCount(rate ?? 0)} new connections a minute, with the idle timeout already at ${formatCount(idle)} min ` +
        `(the minimum is ${LB_IDLE_TIMEOUT_MINUTES.min}): long-lived connections hold the ports, neither pooling nor the idle timeout explains it`
      );
    case 'between-patterns':
      return (
        `holds each port about ${hold(holdMinutes ?? 0)} at ${formatCount(rate ?? 0)} new connections a minute (allocation turned over every ${hold(turnoverMinutes ?? 0)}): ` +
        `neither one connection per request (turnover ≤ ${CHURN_TURNOVER_MINUTES} min) nor idle connections (hold ≥ ${formatDecimal(IDLE_HOLD_SHARE * idle)} min of the ${formatCount(idle)}-min idle timeout); the diagnosis is unknown`
      );
  }
}
