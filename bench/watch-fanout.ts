// The watch fanned out, measured (issue 11, mode "fanout"): the simulated Azure, Azurite (tables and
// queues) and a Slack receiver in their own processes, one planning process (the snatWatch timer's
// planFanout) and WORKERS batch-worker processes taking the queued batches one at a time, each batch's
// CPU and peak RSS measured on its own (bench/watch-fanout-process.ts). A warm-up run reads the
// topology, fires the alerts and drains the outbox; the measured run after it is the steady state.
// runFanoutBench is what `npm run bench:watch -- --fanout` calls; standalone:
//   node --import tsx bench/watch-fanout.ts --targets 200 --nodes 20 [--workers 2]
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startAzurite } from '../src/local/azurite.js';
import { startSlackReceiver } from '../test/support/slack-receiver.js';
import { bundleBenchEntry, startSimulation, startWorker } from './watch-processes.js';

const MINUTE_MS = 60_000;

export interface FanoutBenchOptions {
  targets: number;
  nodes: number;
  /** Batch-worker processes (default 2: this machine's cores). */
  workers?: number;
}

interface BatchFigure {
  cpuMs: number;
  wallMs: number;
  peakRssMb: number;
  tableRequests: number;
  targets: number;
  unread: number;
}

export async function runFanoutBench(options: FanoutBenchOptions): Promise<Record<string, number | string>> {
  const cleanups: Array<() => Promise<void> | void> = [];
  try {
    const sim = await startSimulation({ loadBalancers: options.targets, nodes: options.nodes });
    cleanups.push(() => sim.stop());
    const azurite = await startAzurite();
    cleanups.push(() => azurite.stop());
    const slack = await startSlackReceiver();
    cleanups.push(() => slack.close());
    const bundle = await bundleBenchEntry('bench/watch-fanout-process.ts');
    cleanups.push(bundle.remove);
    const settings = {
      ...sim.ready.env,
      SNAT_TARGETS: sim.ready.targetIds.join(','),
      SLACK_WEBHOOK_URL: slack.url,
      AzureWebJobsStorage: azurite.connectionString,
      SNAT_TABLE_PREFIX: 'benchfanout',
      SNAT_FANOUT: 'on',
      SNAT_FANOUT_QUEUE: 'bench-batches',
      SNAT_ATTRIBUTION: 'off',
    };
    const start = async () => {
      const child = await startWorker({ caPath: sim.ready.caPath, env: sim.ready.env, flags: [], core: undefined, source: false, bundled: bundle.path, what: 'a fan-out bench process' });
      cleanups.push(child.stop);
      await child.ask({ kind: 'init', settings });
      return child;
    };
    const planner = await start();
    const workers = await Promise.all(Array.from({ length: options.workers ?? 2 }, start));

    // The simulation's clock stops at the minute it starts: the runs end one minute before the hour, as bench/watch.bench.ts's.
    const lastRunAt = Math.floor(Date.now() / (60 * MINUTE_MS)) * 60 * MINUTE_MS - MINUTE_MS;
    const run = async (at: number) => {
      const before = await sim.requests();
      const planning = planner.ask({ kind: 'plan', at: new Date(at).toISOString() });
      const batches = (await Promise.all(workers.map((worker) => worker.ask({ kind: 'work', idleInMs: 1_500 })))).flatMap((answer) => answer.batches as BatchFigure[]);
      const plan = (await planning) as unknown as BatchFigure & { result: { batches: number; unread: number; pending: number } };
      const after = await sim.requests();
      return { plan, batches, metricsCalls: after.metrics - before.metrics, armCalls: after.arm - before.arm };
    };
    await run(lastRunAt - MINUTE_MS);
    const steady = await run(lastRunAt);

    const cpu = steady.batches.map((b) => b.cpuMs).sort((a, b) => a - b);
    return {
      targets: options.targets,
      nodes: options.nodes,
      mode: 'fanout',
      metricsCalls: steady.metricsCalls,
      // Resource Graph calls as the simulated Azure counts them (the workers' topology refreshes).
      resourceGraphCalls: 0,
      armCalls: steady.armCalls,
      tableRequests: steady.plan.tableRequests + steady.batches.reduce((sum, b) => sum + b.tableRequests, 0),
      cpuMs: steady.plan.cpuMs + cpu.reduce((sum, n) => sum + n, 0),
      peakRssMb: Math.max(steady.plan.peakRssMb, ...steady.batches.map((b) => b.peakRssMb)),
      wallMs: steady.plan.wallMs,
      batches: steady.batches.length,
      batchCpuMsP95: cpu[Math.min(cpu.length - 1, Math.ceil(cpu.length * 0.95) - 1)] ?? 0,
      batchPeakRssMb: Math.max(0, ...steady.batches.map((b) => b.peakRssMb)),
      // Settled unreadable or failed, by the planner or a batch, plus any target no batch covered.
      targetsUnread: steady.plan.result.unread + steady.batches.reduce((sum, b) => sum + b.unread, 0) + Math.max(0, options.targets - steady.plan.result.unread - steady.batches.reduce((sum, b) => sum + b.targets, 0)),
      plannerCpuMs: steady.plan.cpuMs,
      plannerPeakRssMb: steady.plan.peakRssMb,
      workers: workers.length,
    };
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { targets: { type: 'string', default: '200' }, nodes: { type: 'string', default: '20' }, workers: { type: 'string', default: '2' } } });
  const whole = (name: string, value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`--${name} must be a whole number above 0, got ${value}`);
    return n;
  };
  const figures = await runFanoutBench({ targets: whole('targets', values.targets!), nodes: whole('nodes', values.nodes!), workers: whole('workers', values.workers!) });
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}
