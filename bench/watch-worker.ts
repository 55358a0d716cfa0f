// The process bench/watch.bench.ts measures: it builds the runtime with createRuntime, exactly as the
// app does, and runs runWatch when told, one JSON command per stdin line, one JSON answer per stdout
// line. It is spawned with NODE_EXTRA_CA_CERTS (the simulated Azure's certificate) and the managed
// identity endpoint in its environment, and with --expose-gc so every run starts from a settled heap.
//   {"kind":"init","settings":{…}}            → {"kind":"ready"}
//   {"kind":"run","at":ISO,"profile"?:PATH}   → {"kind":"run", …RunFigures}
//   {"kind":"naive","at":ISO}                 → {"kind":"naive", …NaiveFigures}: the naive per-resource
//                                               reader over the same targets (bench/naive-metrics-reader.ts)
import { createInterface } from 'node:readline';
import { createRuntime, type Runtime } from '../src/runtime.js';
import { runWatch } from '../src/watch/run-watch.js';
import { startCpuProfile } from './cpu-profile.js';
import { readNaively } from './naive-metrics-reader.js';
import { countTableCalls, instrumentMetrics, measureMemory, type MetricsMeter } from './watch-meters.js';

export interface RunFigures {
  at: string;
  targets: number;
  batches: number;
  statuses: Record<string, number>;
  delivered: number;
  pending: number;
  wallInMs: number;
  /** process.cpuUsage over the run, user + system. */
  cpuInMs: number;
  /** CPU while at least one metrics call was in flight: the SDK's request, JSON parse and deserialisation. */
  metricsCpuInMs: number;
  /** Wall time with at least one metrics call in flight. */
  metricsWallInMs: number;
  metricsCalls: number;
  /** Targets whose metrics (or topology) could not be read: reported unreadable. */
  targetsUnread: number;
  /** Table Storage requests by TableClient operation (listEntities: pages not counted). */
  tableCalls: Record<string, number>;
  /** VmHWM over the run (reset before it), or the sampled peak where /proc cannot be reset. */
  peakRssInMb: number;
  rssMethod: 'vmhwm' | 'sampled';
  /** Sampled every 5 ms and at every metrics answer. */
  peakHeapUsedInMb: number;
  heapUsedBeforeInMb: number;
  rssBeforeInMb: number;
  profile?: string;
}

const quietLog = { log: () => {}, warn: () => {}, error: () => {} };
let runtime: Runtime | undefined;
let meter: MetricsMeter | undefined;
let now = new Date();
const tables = countTableCalls();

for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as { kind: 'init'; settings: Record<string, string> } | { kind: 'run' | 'naive'; at: string; profile?: string };
  if (command.kind === 'init') {
    runtime = await createRuntime({ env: command.settings, now: () => now });
    meter = instrumentMetrics(runtime);
    answer({ kind: 'ready' });
  } else if (command.kind === 'naive') {
    if (!runtime) throw new Error('naive before init');
    now = new Date(command.at);
    answer({ kind: 'naive', ...(await naiveRun(runtime)) });
  } else {
    if (!runtime || !meter) throw new Error('run before init');
    now = new Date(command.at);
    answer({ kind: 'run', ...(await measuredRun(runtime, meter, command.profile)) });
  }
}

async function measuredRun(runtime: Runtime, meter: MetricsMeter, profilePath: string | undefined): Promise<RunFigures> {
  (globalThis as { gc?: () => void }).gc?.();
  const memory = measureMemory(meter);
  const profile = profilePath ? await startCpuProfile() : undefined;
  meter.reset();
  tables.reset();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const report = await runWatch(runtime, quietLog);
  const wallInMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  if (profile && profilePath) await profile.stop(profilePath);
  const peaks = memory.stop();
  const statuses: Record<string, number> = {};
  for (const outcome of report.outcomes) statuses[outcome.status] = (statuses[outcome.status] ?? 0) + 1;
  return {
    at: report.at,
    targets: report.targets,
    batches: report.batches,
    statuses,
    delivered: report.delivery.delivered,
    pending: report.delivery.pending,
    wallInMs: Math.round(wallInMs),
    cpuInMs: Math.round((used.user + used.system) / 1_000),
    metricsCpuInMs: Math.round(meter.cpuInMicroseconds / 1_000),
    metricsWallInMs: Math.round(meter.wallInMs),
    metricsCalls: meter.calls,
    targetsUnread: statuses.unreadable ?? 0,
    tableCalls: Object.fromEntries(Object.entries(tables.counts).filter(([, count]) => count > 0)),
    ...peaks,
    ...(profilePath ? { profile: profilePath } : {}),
  };
}

/** The naive reader over the targets the watch reads, on the topology it has cached (no ARM reads). */
async function naiveRun(runtime: Runtime) {
  const watched = await runtime.targets.get(now);
  const { reads } = await runtime.topology.get(watched.ids, now);
  const targets = reads.flatMap((read) => (read.ok ? [read.value] : []));
  const window = { from: new Date(now.getTime() - runtime.config.SNAT_WINDOW_MINUTES * 60_000), to: now };
  (globalThis as { gc?: () => void }).gc?.();
  return readNaively(runtime, targets, window);
}

function answer(message: object): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}
