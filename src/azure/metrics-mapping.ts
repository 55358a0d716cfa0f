// Maps batch-metrics results onto the pipeline's shapes. Pure. Defends against the SDK quirks of
// DOMAIN §9: MetricsClient names metrics by their human `localizedValue` ("Used SNAT Ports") and
// echoes dimension names lowercased, so metrics are matched by the `id` suffix (then name, then
// request order) and dimensions case-insensitively, connection states too (`Failed` / `failed`).
// Points sit on a per-minute grid over the window; missing, NaN and non-numeric values are null.
// A target's metrics are assembled one group answer at a time, so the watch run can drop each
// answer (the SDK's largest objects by far) before it asks for the next.
import type { Metric, MetricsQueryResult, MetricValue, TimeSeriesElement } from '@azure/monitor-query-metrics';
import type { BackendSeries, LoadBalancerMetrics, MinutePoint, NatGatewayMetrics, TargetMetrics } from '../snat/model.js';
import type { TargetKind } from './resource-id.js';

export interface MetricsWindow {
  from: Date;
  to: Date;
}

type Aggregation = 'average' | 'maximum' | 'total';
type Values = Array<number | null>;

const MINUTE_MS = 60_000;

/** Minute starts from the window's first minute up to (excluding) its end. */
export function minuteGrid(window: MetricsWindow): number[] {
  const grid: number[] = [];
  for (let at = Math.floor(window.from.getTime() / MINUTE_MS) * MINUTE_MS; at < window.to.getTime(); at += MINUTE_MS) grid.push(at);
  return grid;
}

/** The metric `name` of a result, matched by id suffix, then name, then its position in the request. */
export function findMetric(result: MetricsQueryResult | undefined, name: string, requestIndex: number): Metric | undefined {
  const metrics = result?.metrics ?? [];
  const lower = name.toLowerCase();
  return (
    metrics.find((metric) => (metric.id ?? '').toLowerCase().endsWith(`/metrics/${lower}`)) ??
    metrics.find((metric) => (metric.name ?? '').toLowerCase() === lower) ??
    (metrics.length > requestIndex && !metrics[requestIndex]?.id ? metrics[requestIndex] : undefined)
  );
}

export function dimension(series: TimeSeriesElement, name: string): string | undefined {
  const lower = name.toLowerCase();
  return series.metadatavalues?.find((entry) => (entry.name ?? '').toLowerCase() === lower)?.value;
}

/** A series' values on the grid; a metric that reported an error yields no values at all. */
export function valuesOnGrid(grid: readonly number[], data: readonly MetricValue[] | undefined, aggregation: Aggregation): Values {
  const length = grid.length;
  const values: Values = new Array(length).fill(null);
  const start = grid[0];
  if (start === undefined || !data) return values;
  for (let i = 0; i < data.length; i++) {
    const point = data[i]!;
    const at = point.timeStamp instanceof Date ? point.timeStamp.getTime() : Date.parse(String(point.timeStamp));
    const index = (at - start) / MINUTE_MS;
    if (!Number.isInteger(index) || index < 0 || index >= length) continue;
    const value = point[aggregation];
    values[index] = typeof value === 'number' && Number.isFinite(value) ? value : null;
  }
  return values;
}

/**
 * One target's metrics, built from the answers of its metric groups (metricGroupsOf(kind), in that
 * order) taken one at a time: `take` keeps only values on the grid, never the SDK's objects.
 */
export interface MetricsAssembler<T extends TargetMetrics = TargetMetrics> {
  take(groupIndex: number, result: MetricsQueryResult | undefined): void;
  build(): T;
}

export function metricsAssembler(kind: TargetKind, targetId: string, window: MetricsWindow): MetricsAssembler {
  return kind === 'loadBalancer' ? loadBalancerAssembler(targetId, window) : natGatewayAssembler(targetId, window);
}

export function mapLoadBalancerMetrics(targetId: string, window: MetricsWindow, ports: MetricsQueryResult | undefined, connections: MetricsQueryResult | undefined): LoadBalancerMetrics {
  const assembler = loadBalancerAssembler(targetId, window);
  assembler.take(0, ports);
  assembler.take(1, connections);
  return assembler.build();
}

export function mapNatGatewayMetrics(targetId: string, window: MetricsWindow, connections: MetricsQueryResult | undefined, health: MetricsQueryResult | undefined): NatGatewayMetrics {
  const assembler = natGatewayAssembler(targetId, window);
  assembler.take(0, connections);
  assembler.take(1, health);
  return assembler.build();
}

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
function loadBalancerAssembler(targetId: string, window: MetricsWindow): MetricsAssembler<LoadBalancerMetrics> {
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

/** Groups: 0 = SNATConnectionCount by state, 1 = TotalConnectionCount, PacketDropCount, DatapathAvailability. */
function natGatewayAssembler(targetId: string, window: MetricsWindow): MetricsAssembler<NatGatewayMetrics> {
  const grid = minuteGrid(window);
  const length = grid.length;
  let states: Array<{ state: string; values: Values }> = [];
  let health: { active: Values; dropped: Values; availability: Values } | undefined;
  return {
    take(groupIndex, result) {
      if (groupIndex === 0) {
        states = usable(findMetric(result, 'SNATConnectionCount', 0)).map((s) => ({
          state: (dimension(s, 'ConnectionState') ?? '').toLowerCase(),
          values: valuesOnGrid(grid, s.data, 'total'),
        }));
        return;
      }
      const each = (name: string, index: number, aggregation: Aggregation) => usable(findMetric(result, name, index)).map((s) => valuesOnGrid(grid, s.data, aggregation));
      health = {
        active: sumSeries(each('TotalConnectionCount', 0, 'total'), length),
        dropped: sumSeries(each('PacketDropCount', 1, 'total'), length),
        availability: averageSeries(each('DatapathAvailability', 2, 'average'), length),
      };
    },
    build() {
      const stamps = stampsOf(grid);
      const attempted = states.filter((s) => s.state === 'attempted');
      const failed = splitStates(states, 'failed', length);
      return {
        kind: 'natGateway',
        targetId,
        from: window.from.toISOString(),
        to: window.to.toISOString(),
        failedConnections: points(stamps, failed.matching),
        attemptedConnections: points(stamps, sumSeries(attempted.map((s) => s.values), length)),
        activeConnections: points(stamps, health?.active),
        droppedPackets: points(stamps, health?.dropped),
        datapathAvailability: points(stamps, health?.availability),
      };
    },
  };
}

/**
 * Connection counts split by state: `all` sums every state; `matching` is the wanted state's count,
 * 0 where other states reported and it did not (no series means no such events), null where no
 * state reported at all.
 */
function splitStates(states: ReadonlyArray<{ state: string; values: Values }>, wanted: string, length: number): { all: Values; matching: Values } {
  const all = sumSeries(states.map((s) => s.values), length);
  const wantedValues = sumSeries(states.filter((s) => s.state === wanted).map((s) => s.values), length);
  return { all, matching: all.map((total, m) => wantedValues[m] ?? (total === null ? null : 0)) };
}

function sumSeries(list: readonly Values[], length: number): Values {
  if (list.length === 1) return list[0]!;
  const out: Values = new Array(length).fill(null);
  for (const values of list) {
    for (let m = 0; m < length; m++) {
      const value = values[m];
      if (value !== null && value !== undefined) out[m] = (out[m] ?? 0) + value;
    }
  }
  return out;
}

function averageSeries(list: readonly Values[], length: number): Values {
  const sums = sumSeries(list, length);
  return sums.map((sum, m) => (sum === null ? null : sum / list.filter((values) => values[m] !== null).length));
}

/** Timeseries of a metric that answered; none for a metric-level error (errorCode other than Success). */
function usable(metric: Metric | undefined): TimeSeriesElement[] {
  if (!metric || (metric.errorCode && metric.errorCode.toLowerCase() !== 'success')) return [];
  return metric.timeseries ?? [];
}

/** ISO strings of a grid's minutes, made once per target (its thousands of points share them). */
function stampsOf(grid: readonly number[]): string[] {
  return grid.map((at) => new Date(at).toISOString());
}

/** Points on the grid; no values at all (the metric was not reported) is a null every minute. */
function points(stamps: readonly string[], values: Values | undefined): MinutePoint[] {
  const out = new Array<MinutePoint>(stamps.length);
  for (let m = 0; m < stamps.length; m++) out[m] = { at: stamps[m]!, value: values?.[m] ?? null };
  return out;
}

/** Entries in IP order (10.0.0.9 before 10.0.0.10), each sort key made once, not per comparison. */
function byIp<T>(entries: ReadonlyArray<[string, T]>): Array<[string, T]> {
  const keyed = entries.map((entry) => ({ key: entry[0].split('.').map((part) => part.padStart(3, '0')).join('.'), entry }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map(({ entry }) => entry);
}
