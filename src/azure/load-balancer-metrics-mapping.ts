// Load balancer metrics onto the pipeline's shape: per backend, a series per (protocol, frontend
// IP), IsAwaitingRemoval folded into a flag, and new and failed connections summed over frontend
// IPs. It reads series already on the minute grid (metrics-grid.ts GroupSeries), whatever parsed them.
import type { BackendSeries, LoadBalancerMetrics } from '../snat/model.js';
import {
  byIp, dim, minuteGrid, points, splitStates, stampsOf,
  type GridSeries, type MetricsAssembler, type MetricsWindow, type Values,
} from './metrics-grid.js';

/** One (protocol, frontend IP) of a backend: values of the active series and of the awaiting-removal one. */
interface PortValues {
  protocol: string;
  frontendIp: string;
  used?: Values;
  allocated?: Values;
  removingUsed?: Values;
  removingAllocated?: Values;
}

interface BackendValues {
  ports: Map<string, PortValues>;
  states: Array<{ state: string; values: Values }>;
}

/**
 * Groups (series in metric-groups.ts order): 0 = UsedSnatPorts (Maximum) and AllocatedSnatPorts (Average) by backend, frontend IP, protocol and
 * IsAwaitingRemoval; 1 = SnatConnectionCount by backend, frontend IP and state (no protocol dimension).
 */
export function loadBalancerAssembler(targetId: string, window: MetricsWindow): MetricsAssembler<LoadBalancerMetrics> {
  const grid = minuteGrid(window);
  const backends = new Map<string, BackendValues>();
  const backend = (ip: string) => {
    let entry = backends.get(ip);
    if (!entry) backends.set(ip, (entry = { ports: new Map(), states: [] }));
    return entry;
  };
  const perBackend = (list: readonly GridSeries[] | undefined, each: (entry: BackendValues, series: GridSeries) => void) => {
    for (const series of list ?? []) {
      const ip = dim(series, 'BackendIPAddress');
      if (ip) each(backend(ip), series);
    }
  };
  const perPort = (list: readonly GridSeries[] | undefined, key: 'used' | 'allocated') =>
    perBackend(list, (entry, s) => {
      const protocol = (dim(s, 'ProtocolType') ?? 'TCP').toUpperCase();
      const frontendIp = dim(s, 'FrontendIPAddress') ?? '';
      const removing = (dim(s, 'IsAwaitingRemoval') ?? '').toLowerCase() === 'true';
      const portKey = `${protocol}|${frontendIp}`;
      let port = entry.ports.get(portKey);
      if (!port) entry.ports.set(portKey, (port = { protocol, frontendIp }));
      const slot = removing ? (key === 'used' ? 'removingUsed' : 'removingAllocated') : key;
      port[slot] = mergeValues(port[slot], s.values);
    });
  return {
    take(groupIndex, series) {
      if (groupIndex === 0) {
        perPort(series?.[0], 'used');
        perPort(series?.[1], 'allocated');
      } else {
        perBackend(series?.[0], (entry, s) => entry.states.push({ state: (dim(s, 'ConnectionState') ?? '').toLowerCase(), values: s.values }));
      }
    },
    build() {
      const stamps = stampsOf(grid);
      const series: BackendSeries[] = byIp([...backends.entries()]).map(([backendIp, entry]) => {
        const split = splitStates(entry.states, 'failed', grid.length);
        const ports = [...entry.ports.values()];
        return {
          backendIp,
          ports: ports.map((port) => ({
            protocol: port.protocol,
            frontendIp: port.frontendIp,
            used: points(stamps, activeFirst(port.used, port.removingUsed)),
            allocated: points(stamps, activeFirst(port.allocated, port.removingAllocated)),
          })),
          newConnections: points(stamps, split.all),
          failedConnections: points(stamps, split.matching),
          awaitingRemoval: lastReported(ports.flatMap((p) => [p.removingUsed, p.removingAllocated])) > lastReported(ports.flatMap((p) => [p.used, p.allocated])),
        };
      });
      return { kind: 'loadBalancer', targetId, from: window.from.toISOString(), to: window.to.toISOString(), backends: series };
    },
  };
}

/** Two answers for one series (should not happen): the first value of each minute wins. */
function mergeValues(known: Values | undefined, next: Values): Values {
  return known ? known.map((value, m) => value ?? next[m] ?? null) : next;
}

/** A minute reported by the active series, else by the awaiting-removal one (a node changes state once). */
function activeFirst(active: Values | undefined, removing: Values | undefined): Values | undefined {
  if (!removing) return active;
  if (!active) return removing;
  return active.map((value, m) => value ?? removing[m] ?? null);
}

/** The last minute index with a value in any of the lists; -1 when none. */
function lastReported(list: ReadonlyArray<Values | undefined>): number {
  let last = -1;
  for (const values of list) {
    if (!values) continue;
    for (let m = values.length - 1; m > last; m--) {
      if (values[m] !== null && values[m] !== undefined) {
        last = m;
        break;
      }
    }
  }
  return last;
}

