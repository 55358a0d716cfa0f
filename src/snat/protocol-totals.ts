// A node's ports per protocol: the sums over its frontend IPs, minute by minute. Azure allocates and
// counts SNAT ports per backend instance per frontend IP, and TCP and UDP separately, so a node with
// two outbound IPs on the default allocation has 512 + 512 = 1,024 TCP ports
// (https://learn.microsoft.com/azure/load-balancer/load-balancer-outbound-connections#preallocatedports).
import type { BackendSeries, FrontendPortSeries, MinutePoint } from './model.js';

export interface ProtocolTotals {
  /** `TCP`, `UDP` (uppercase). */
  protocol: string;
  /** UsedSnatPorts summed over the node's frontend IPs, per minute. */
  used: MinutePoint[];
  /** AllocatedSnatPorts summed over the node's frontend IPs, per minute. */
  allocated: MinutePoint[];
  /** The per-frontend series the sums come from. */
  frontends: FrontendPortSeries[];
}

/** TCP first (the protocol nearly every workload uses), then the others by name. */
export function protocolTotals(series: BackendSeries | undefined): ProtocolTotals[] {
  const byProtocol = new Map<string, FrontendPortSeries[]>();
  for (const port of series?.ports ?? []) {
    if (!port) continue;
    const protocol = String(port.protocol ?? '').toUpperCase() || 'TCP';
    const list = byProtocol.get(protocol) ?? [];
    // One frontend reported twice (a backend merged from two answers): one series, its minutes' peaks.
    const known = list.findIndex((other) => other.frontendIp === port.frontendIp);
    if (known === -1) list.push({ ...port, protocol });
    else {
      const other = list[known]!;
      list[known] = { ...other, used: [...(other.used ?? []), ...(port.used ?? [])], allocated: [...(other.allocated ?? []), ...(port.allocated ?? [])] };
    }
    byProtocol.set(protocol, list);
  }
  return [...byProtocol.entries()]
    .sort(([a], [b]) => (a === 'TCP' ? -1 : b === 'TCP' ? 1 : a.localeCompare(b)))
    .map(([protocol, frontends]) => ({
      protocol,
      used: sumOverFrontends(frontends.map((f) => f.used)),
      allocated: sumOverFrontends(frontends.map((f) => f.allocated)),
      frontends,
    }));
}

/**
 * Per minute, the sum over the frontends. A minute is known only when every frontend that reported
 * in the series has a value then: a sum with a missing part (512 of a node's 1,024 ports) would read
 * as a false spike or a false drift, so it is a gap instead. One frontend: its own series, uncopied.
 */
export function sumOverFrontends(list: ReadonlyArray<readonly MinutePoint[] | undefined>): MinutePoint[] {
  const reporting = list.filter((points): points is readonly MinutePoint[] => (points ?? []).some((point) => isFiniteNumber(point?.value)));
  if (reporting.length === 0) return (list.find((points) => (points?.length ?? 0) > 0) as MinutePoint[] | undefined) ?? [];
  if (reporting.length === 1) return reporting[0] as MinutePoint[];
  const sums = new Map<string, { value: number; parts: number }>();
  for (const points of reporting) {
    // A minute reported twice by one frontend counts once, at its peak (as samplesOf does).
    const own = new Map<string, number>();
    for (const point of points) {
      if (!point || typeof point.at !== 'string' || !isFiniteNumber(point.value)) continue;
      own.set(point.at, Math.max(own.get(point.at) ?? point.value, point.value));
    }
    for (const [at, value] of own) {
      const entry = sums.get(at) ?? { value: 0, parts: 0 };
      entry.value += value;
      entry.parts += 1;
      sums.set(at, entry);
    }
  }
  const stamps = new Set<string>();
  for (const points of reporting) for (const point of points) if (point && typeof point.at === 'string') stamps.add(point.at);
  return [...stamps].sort().map((at) => {
    const entry = sums.get(at);
    return { at, value: entry && entry.parts === reporting.length ? entry.value : null };
  });
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
