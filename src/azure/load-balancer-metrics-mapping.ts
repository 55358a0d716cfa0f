// Load balancer metrics onto the pipeline's shape: per backend, a series per (protocol, frontend
// IP), IsAwaitingRemoval folded into a flag, and new and failed connections summed over frontend
// IPs. Only values on the grid are kept, never the SDK's objects (metrics-mapping.ts).
import type { Metric, TimeSeriesElement } from '@azure/monitor-query-metrics';
import type { BackendSeries, LoadBalancerMetrics } from '../snat/model.js';
import {
  byIp, dimension, findMetric, minuteGrid, points, splitStates, stampsOf, usable, valuesOnGrid,
  type Aggregation, type MetricsAssembler, type MetricsWindow, type Values,
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
 * Groups: 0 = UsedSnatPorts and AllocatedSnatPorts by backend, frontend IP, protocol and
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
  const perBackend = (metric: Metric | undefined, each: (entry: BackendValues, series: TimeSeriesElement) => void) => {
    for (const series of usable(metric)) {
      const ip = dimension(series, 'BackendIPAddress');
      if (ip) each(backend(ip), series);
    }
  };
  const perPort = (metric: Metric | undefined, key: 'used' | 'allocated', aggregation: Aggregation) =>
    perBackend(metric, (entry, s) => {
      const protocol = (dimension(s, 'ProtocolType') ?? 'TCP').toUpperCase();
      const frontendIp = dimension(s, 'FrontendIPAddress') ?? '';
      const removing = (dimension(s, 'IsAwaitingRemoval') ?? '').toLowerCase() === 'true';
      const portKey = `${protocol}|${frontendIp}`;
      let port = entry.ports.get(portKey);
      if (!port) entry.ports.set(portKey, (port = { protocol, frontendIp }));
      const slot = removing ? (key === 'used' ? 'removingUsed' : 'removingAllocated') : key;
      port[slot] = mergeValues(port[slot], valuesOnGrid(grid, s.data, aggregation));
    });
  return {
    take(groupIndex, result) {
      if (groupIndex === 0) {
        perPort(findMetric(result, 'UsedSnatPorts', 0), 'used', 'maximum');
        perPort(findMetric(result, 'AllocatedSnatPorts', 1), 'allocated', 'average');
      } else {
        perBackend(findMetric(result, 'SnatConnectionCount', 0), (entry, s) =>
          entry.states.push({ state: (dimension(s, 'ConnectionState') ?? '').toLowerCase(), values: valuesOnGrid(grid, s.data, 'total') }),
        );
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

