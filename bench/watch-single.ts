// Single-instance mode of `npm run bench:watch`: the simulated Azure, Azurite and a Slack receiver
// in other processes (core 1 where there are two), the watch in a measured worker process (core 0),
// built as the app is (bench/watch-processes.ts). Warm-up runs read the topology, fill the kept
// metric series and drain the first alerts; the next run, a simulated minute later, is measured. Calls
// are counted by route by the simulated Azure, Table requests in the worker.
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { startAzurite } from '../src/local/azurite.js';
import { startSlackReceiver } from '../test/support/slack-receiver.js';
import type { NaiveFigures } from './naive-metrics-reader.js';
import { startSimulation, startWorker, type RequestCounts } from './watch-processes.js';
import type { RunFigures } from './watch-worker.js';

export interface WatchBenchOptions {
  targets: number;
  nodes: number;
  /** SNAT_WINDOW_MINUTES; the app's default when unset. */
  windowMinutes?: number;
}

export interface WatchBenchResult {
  targets: number;
  nodes: number;
  mode: 'single' | 'fanout';
  metricsCalls: number;
  resourceGraphCalls: number;
  armCalls: number;
  tableRequests: number;
  cpuMs: number;
  peakRssMb: number;
  wallMs: number;
  batches: number;
  /** Per-batch figures exist in fan-out mode only (batches share one process here). */
  batchCpuMsP95: number | null;
  batchPeakRssMb: number | null;
  targetsUnread: number;
  /** Single mode only: the naive per-resource reader over the same estate. */
  naive?: { metricsCalls: number; cpuMs: number; wallMs: number; targetsUnread: number };
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const MAX_WARMUPS = 3;

export async function runSingle(options: WatchBenchOptions): Promise<WatchBenchResult> {
  const twoCores = cpus().length >= 2 && spawnSync('taskset', ['--version']).status === 0;
  if (twoCores) spawnSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)]);
  // Runs end at hh:59 of the hour before now (the simulation serves no minute after its clock), so no
  // window crosses an hour: one hourly rollup per target per run.
  let at = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - MINUTE_MS - (MAX_WARMUPS + 1) * MINUTE_MS;
  const cleanups: Array<() => Promise<void> | void> = [];
  try {
    const sim = await startSimulation({ loadBalancers: options.targets, nodes: options.nodes });
    cleanups.push(() => sim.stop());
    const azurite = await startAzurite();
    cleanups.push(() => azurite.stop());
    const slack = await startSlackReceiver();
    cleanups.push(() => slack.close());
    const worker = await startWorker({ caPath: sim.ready.caPath, env: sim.ready.env, flags: [], core: twoCores ? 0 : undefined, source: false });
    cleanups.push(() => worker.stop());
    await worker.ask({
      kind: 'init',
      settings: {
        ...sim.ready.env,
        SNAT_TARGETS: sim.ready.targetIds.join(','),
        SLACK_WEBHOOK_URL: slack.url,
        AzureWebJobsStorage: azurite.connectionString,
        SNAT_TABLE_PREFIX: 'benchwatch',
        ...(options.windowMinutes ? { SNAT_WINDOW_MINUTES: String(options.windowMinutes) } : {}),
      },
    });

    const run = async () => {
      const before = await sim.requests();
      const figures = (await worker.ask({ kind: 'run', at: new Date(at).toISOString() })) as unknown as RunFigures;
      const calls = delta(before, await sim.requests());
      at += MINUTE_MS;
      return { figures, calls };
    };
    for (let warmup = 0; warmup < MAX_WARMUPS; warmup++) if ((await run()).figures.pending === 0) break;
    const { figures, calls } = await run();

    at -= MINUTE_MS;
    const before = await sim.requests();
    const naive = (await worker.ask({ kind: 'naive', at: new Date(at).toISOString() })) as unknown as NaiveFigures;
    const naiveCalls = delta(before, await sim.requests());

    return {
      targets: options.targets,
      nodes: options.nodes,
      mode: 'single',
      metricsCalls: calls.metrics,
      resourceGraphCalls: resourceGraph(calls.byRoute),
      armCalls: calls.arm,
      tableRequests: Object.values(figures.tableCalls).reduce((sum, count) => sum + count, 0),
      cpuMs: figures.cpuInMs,
      peakRssMb: figures.peakRssInMb,
      wallMs: figures.wallInMs,
      batches: figures.batches,
      batchCpuMsP95: null,
      batchPeakRssMb: null,
      targetsUnread: figures.targetsUnread,
      naive: { metricsCalls: naiveCalls.metrics, cpuMs: naive.cpuMs, wallMs: naive.wallMs, targetsUnread: naive.targetsUnread },
    };
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

function delta(before: RequestCounts, after: RequestCounts) {
  const byRoute: Record<string, number> = {};
  for (const [route, count] of Object.entries(after.byRoute)) byRoute[route] = count - (before.byRoute[route] ?? 0);
  return { metrics: after.metrics - before.metrics, arm: after.arm - before.arm, byRoute };
}

/** Resource Graph queries, under whatever route name the simulated Azure gives them (none yet in this branch). */
function resourceGraph(byRoute: Record<string, number>): number {
  return Object.entries(byRoute).filter(([route]) => /resource-?graph/i.test(route)).reduce((sum, [, count]) => sum + count, 0);
}
