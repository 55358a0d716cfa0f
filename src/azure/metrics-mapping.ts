// Maps batch-metrics results onto the pipeline's shapes. Pure. Defends against the SDK quirks of
// DOMAIN §9: MetricsClient names metrics by their human `localizedValue` ("Used SNAT Ports") and
// echoes dimension names lowercased, so metrics are matched by the `id` suffix (then name, then
// request order) and dimensions case-insensitively, connection states too (`Failed` / `failed`).
// Points sit on a per-minute grid over the window; missing, NaN and non-numeric values are null.
import type { Metric, MetricsQueryResult, MetricValue, TimeSeriesElement } from '@azure/monitor-query-metrics';
import type { BackendSeries, LoadBalancerMetrics, MinutePoint, NatGatewayMetrics } from '../snat/model.js';

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
  const values: Values = new Array(grid.length).fill(null);
  const start = grid[0];
  if (start === undefined) return values;
  for (const point of data ?? []) {
    const at = point.timeStamp instanceof Date ? point.timeStamp.getTime() : Date.parse(String(point.timeStamp));
    const index = (at - start) / MINUTE_MS;
    if (!Number.isInteger(index) || index < 0 || index >= grid.length) continue;
    const value = point[aggregation];
    values[index] = typeof value === 'number' && Number.isFinite(value) ? value : null;
  }
  return values;
}

export function mapLoadBalancerMetrics(targetId: string, window: MetricsWindow, ports: MetricsQueryResult | undefined, connections: MetricsQueryResult | undefined): LoadBalancerMetrics {
  const grid = minuteGrid(window);
  const backends = new Map<string, { used?: Values; allocated?: Values; states: Array<{ state: string; values: Values }> }>();
  const backend = (ip: string) => {
    let entry = backends.get(ip);
    if (!entry) backends.set(ip, (entry = { states: [] }));
    return entry;
  };
  const perBackend = (metric: Metric | undefined, each: (ip: string, series: TimeSeriesElement) => void) => {
    for (const series of usable(metric)) {
      const ip = dimension(series, 'BackendIPAddress');
      if (ip) each(ip, series);
    }
  };
  perBackend(findMetric(ports, 'UsedSnatPorts', 0), (ip, s) => void (backend(ip).used = valuesOnGrid(grid, s.data, 'maximum')));
  perBackend(findMetric(ports, 'AllocatedSnatPorts', 1), (ip, s) => void (backend(ip).allocated = valuesOnGrid(grid, s.data, 'average')));
  perBackend(findMetric(connections, 'SnatConnectionCount', 0), (ip, s) =>
    backend(ip).states.push({ state: (dimension(s, 'ConnectionState') ?? '').toLowerCase(), values: valuesOnGrid(grid, s.data, 'total') }),
  );
  const empty = () => new Array<number | null>(grid.length).fill(null);
  const series: BackendSeries[] = [...backends.entries()].sort(([a], [b]) => compareIps(a, b)).map(([backendIp, entry]) => {
    const split = splitStates(entry.states, 'failed', grid.length);
    return {
      backendIp,
      used: points(grid, entry.used ?? empty()),
      allocated: points(grid, entry.allocated ?? empty()),
      newConnections: points(grid, split.all),
      failedConnections: points(grid, split.matching),
    };
  });
  return { kind: 'loadBalancer', targetId, from: window.from.toISOString(), to: window.to.toISOString(), backends: series };
}

export function mapNatGatewayMetrics(targetId: string, window: MetricsWindow, connections: MetricsQueryResult | undefined, health: MetricsQueryResult | undefined): NatGatewayMetrics {
  const grid = minuteGrid(window);
  const states = usable(findMetric(connections, 'SNATConnectionCount', 0)).map((s) => ({
    state: (dimension(s, 'ConnectionState') ?? '').toLowerCase(),
    values: valuesOnGrid(grid, s.data, 'total'),
  }));
  const attempted = states.filter((s) => s.state === 'attempted');
  const failed = splitStates(states, 'failed', grid.length);
  const summed = (name: string, index: number, aggregation: Aggregation) =>
    sumSeries(usable(findMetric(health, name, index)).map((s) => valuesOnGrid(grid, s.data, aggregation)), grid.length);
  return {
    kind: 'natGateway',
    targetId,
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    failedConnections: points(grid, failed.matching),
    attemptedConnections: points(grid, sumSeries(attempted.map((s) => s.values), grid.length)),
    activeConnections: points(grid, summed('TotalConnectionCount', 0, 'total')),
    droppedPackets: points(grid, summed('PacketDropCount', 1, 'total')),
    datapathAvailability: points(grid, averageSeries(usable(findMetric(health, 'DatapathAvailability', 2)).map((s) => valuesOnGrid(grid, s.data, 'average')), grid.length)),
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

/** ISO strings of the grid, made once per grid (thousands of points share them). */
const stampCache = new WeakMap<readonly number[], string[]>();

function points(grid: readonly number[], values: Values): MinutePoint[] {
  let stamps = stampCache.get(grid);
  if (!stamps) stampCache.set(grid, (stamps = grid.map((at) => new Date(at).toISOString())));
  const out = new Array<MinutePoint>(stamps.length);
  for (let m = 0; m < stamps.length; m++) out[m] = { at: stamps[m]!, value: values[m] ?? null };
  return out;
}

function compareIps(a: string, b: string): number {
  const key = (ip: string) => ip.split('.').map((part) => part.padStart(3, '0')).join('.');
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}
