// The planner's side of Little's law: ports a node holds to its busiest destination = new
// connections per minute × minutes each port is held, where a port is held for the connection's
// life plus the platform's hold after close (a load balancer keeps it 240 s after FIN, a NAT gateway
// 65 s before reuse to the same destination), or until the idle timeout for connections left open.
// Concurrent connections alone understate this for unpooled clients: 100 concurrent 100-ms calls
// are 60,000 new connections a minute, and each keeps its port minutes after the call ended.
import { LB_PORT_HOLD_AFTER_FIN_SECONDS, NAT_PORT_HOLD_AFTER_FIN_SECONDS } from './limits.js';
import type { WorkloadRequest } from './plan-schema.js';
import { formatCount as n, formatDecimal } from './format.js';

export interface PortHold {
  /** New connections per minute one node opens to its busiest destination. */
  perMinute: number;
  /** Seconds each holds its port: its life plus the hold after close, or the idle timeout. */
  holdSeconds: number;
  /** The connections stay open until the idle timeout ends them (connectionSeconds ≥ idle timeout). */
  endedByIdleTimeout: boolean;
  /** The rate came from peakConnectionsPerNode ÷ connectionSeconds (unpooled). */
  derived: boolean;
  /** perMinute × holdSeconds ÷ 60, rounded up. */
  ports: number;
  /** The model in words, with its numbers. */
  text: string;
}

/** The Little's-law port need, or null when the workload gives no rate (and none can be derived). */
export function portHoldOf(workload: WorkloadRequest | null, egress: { type: 'loadBalancer' | 'natGateway'; idleTimeoutMinutes: number }): PortHold | null {
  if (!workload) return null;
  const seconds = workload.connectionSeconds ?? 0;
  const concurrent = workload.peakConnectionsPerNode;
  const derived = workload.newConnectionsPerMinute === undefined && workload.pooled === false && concurrent !== undefined && seconds > 0;
  const rate = workload.newConnectionsPerMinute ?? (derived ? (concurrent! * 60) / seconds : undefined);
  if (rate === undefined) return null;
  const perMinute = rate * (workload.sameDestinationShare ?? 1);
  const idleSeconds = egress.idleTimeoutMinutes * 60;
  const endedByIdleTimeout = seconds >= idleSeconds;
  const afterClose = egress.type === 'natGateway' ? NAT_PORT_HOLD_AFTER_FIN_SECONDS : LB_PORT_HOLD_AFTER_FIN_SECONDS;
  const holdSeconds = endedByIdleTimeout ? idleSeconds : seconds + afterClose;
  // The tolerance keeps products like 60,000 × 240.1 ÷ 60 from rounding up past a whole number.
  const ports = Math.ceil((perMinute * holdSeconds) / 60 - 1e-9);
  const platform = egress.type === 'natGateway' ? 'a NAT gateway holds a port 65 s after FIN' : 'a load balancer holds a port 240 s after FIN';
  const why = endedByIdleTimeout
    ? `each stays open until the ${n(egress.idleTimeoutMinutes)}-min idle timeout ends it`
    : `each holds its port ${seconds > 0 ? `${formatSeconds(seconds)} open + ` : ''}${n(afterClose)} s after it closes (${platform})`;
  const source = derived ? `Unpooled, ${n(concurrent!)} concurrent calls of ${formatSeconds(seconds)} open ${n(rate)} new connections a minute` : `${n(rate)} new connections a minute`;
  const text = `${source}${perMinute !== rate ? ` (${n(perMinute)} to the busiest destination)` : ''}; ${why}: by Little's law ${n(perMinute)}/min × ${formatSeconds(holdSeconds)} holds ${n(ports)} ports per node`;
  return { perMinute, holdSeconds, endedByIdleTimeout, derived, ports, text };
}

function formatSeconds(seconds: number): string {
  if (seconds < 1) return `${n(seconds * 1000)} ms`;
  if (seconds < 120) return `${formatDecimal(seconds)} s`;
  return `${formatDecimal(seconds / 60)} min`;
}
