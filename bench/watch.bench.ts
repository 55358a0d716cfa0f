// One real watch run over a large estate, as on-call's timer would run it: runWatch with the real SDK
// clients, DefaultAzureCredential through the simulated managed-identity endpoint, Azurite for state
// and a local Slack receiver. Only the pipeline's process is measured: the simulated Azure
// (src/local/simulated-azure/serve.ts), Azurite and the Slack receiver run in other processes, on
// the other core where there are two, so their CPU never counts.
//
// A warm-up run reads the topology, creates the tables, fires every alert and drains the outbox to
// Slack; the measured runs that follow are the steady state (topology cached, alerts already sent).
// Settings (environment): BENCH_LOAD_BALANCERS (1000), BENCH_NODES (100), BENCH_RUNS (2 measured
// runs), BENCH_WINDOW_MINUTES (SNAT_WINDOW_MINUTES, the app's default when unset), BENCH_CPU_PROFILE
// (a directory: one extra run is profiled there; its figures are not reported as measured),
// BENCH_WORKER_FLAGS (extra Node flags for the measured process, e.g. --max-semi-space-size=32).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { startAzurite } from '../src/local/azurite.js';
import { startSlackReceiver } from '../test/support/slack-receiver.js';
import { summarizeCpuProfile } from './cpu-profile.js';
import { report, type RunFigure } from './measure.js';
import { startSimulation, startWorker } from './watch-processes.js';
import type { RunFigures } from './watch-worker.js';

const loadBalancers = wholeNumber('BENCH_LOAD_BALANCERS', 1_000);
const nodes = wholeNumber('BENCH_NODES', 100);
const measuredRuns = wholeNumber('BENCH_RUNS', 2);
const windowMinutes = process.env.BENCH_WINDOW_MINUTES;
const profileDir = process.env.BENCH_CPU_PROFILE;
const MAX_WARMUPS = 3;
const MINUTE_MS = 60_000;

const HOUR_MS = 60 * MINUTE_MS;
// The simulation's clock stops at the minute it starts, no earlier than now: runs before it see every
// minute of their window. They end at hh:59 of the hour before, so no window crosses an hour and every
// run writes one hourly rollup per target (a window reaching into the previous hour writes two:
// 2 more Table requests per target, in a quarter of real runs).
const lastRunAt = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - MINUTE_MS;
const twoCores = cpus().length >= 2 && spawnSync('taskset', ['--version']).status === 0;
// This process (the Slack receiver) and what it starts (the simulation, Azurite) go to core 1; the
// measured pipeline to core 0.
if (twoCores) spawnSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)]);

const cleanups: Array<() => Promise<void> | void> = [];
try {
  const sim = await startSimulation({ loadBalancers, nodes });
  cleanups.push(() => sim.stop());
  const azurite = await startAzurite();
  cleanups.push(() => azurite.stop());
  const slack = await startSlackReceiver();
  cleanups.push(() => slack.close());
  const worker = await startWorker({
    caPath: sim.ready.caPath,
    env: sim.ready.env,
    flags: (process.env.BENCH_WORKER_FLAGS ?? '').split(/\s+/).filter(Boolean),
    core: twoCores ? 0 : undefined,
    source: profileDir !== undefined,
  });
  cleanups.push(() => worker.stop());

  await worker.ask({
    kind: 'init',
    settings: {
      ...sim.ready.env,
      SNAT_TARGETS: sim.ready.targetIds.join(','),
      SLACK_WEBHOOK_URL: slack.url,
      AzureWebJobsStorage: azurite.connectionString,
      SNAT_TABLE_PREFIX: 'benchwatch',
      ...(windowMinutes ? { SNAT_WINDOW_MINUTES: windowMinutes } : {}),
    },
  });

  let at = lastRunAt - (MAX_WARMUPS + measuredRuns + (profileDir ? 1 : 0) - 1) * MINUTE_MS;
  const run = async (profile?: string) => {
    const before = await sim.requests();
    const slackBefore = slack.requests.length;
    const figures = (await worker.ask({ kind: 'run', at: new Date(at).toISOString(), ...(profile ? { profile } : {}) })) as unknown as RunFigures;
    const after = await sim.requests();
    at += MINUTE_MS;
    return {
      ...figures,
      calls: { metrics: after.metrics - before.metrics, arm: after.arm - before.arm, token: after.token - before.token, slack: slack.requests.length - slackBefore },
      metricsByNames: Object.fromEntries(Object.entries(after.metricsByNames).map(([names, count]) => [names, count - (before.metricsByNames[names] ?? 0)])),
    };
  };

  const warmups = [];
  for (let attempt = 0; attempt < MAX_WARMUPS; attempt++) {
    const warmup = await run();
    warmups.push(warmup);
    if (warmup.pending === 0) break;
  }
  if (warmups.at(-1)!.pending > 0) throw new Error(`the outbox still holds ${warmups.at(-1)!.pending} messages after ${MAX_WARMUPS} warm-up runs`);
  const measured = [];
  for (let index = 0; index < measuredRuns; index++) measured.push(await run());

  let profiled: string | undefined;
  if (profileDir) {
    mkdirSync(profileDir, { recursive: true });
    const path = join(profileDir, `watch-${loadBalancers}x${nodes}-${Date.now()}.cpuprofile`);
    await run(path);
    profiled = path;
  }

  const size = `${loadBalancers.toLocaleString('en-US')} LBs × ${nodes} nodes, window ${windowMinutes ?? 'default'} min`;
  const figures: RunFigure[] = [
    ...warmups.map((figures, index) => runFigure(`watch warm-up ${index + 1} (${size})`, figures)),
    ...measured.map((figures, index) => runFigure(`watch steady ${index + 1} (${size})`, figures)),
  ];
  process.stderr.write(`${JSON.stringify({ warmups, measured }, null, 1)}\n`);
  if (profiled) {
    const { areas, functions } = summarizeCpuProfile(JSON.parse(readFileSync(profiled, 'utf8')));
    process.stderr.write(`CPU profile of one more steady run: ${profiled}\n${areas.map(([area, ms]) => `  ${String(ms).padStart(7)} ms  ${area}`).join('\n')}\n`);
    process.stderr.write(`${functions.map(([name, ms]) => `  ${String(ms).padStart(7)} ms  ${name}`).join('\n')}\n`);
  }
  report(figures);
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup();
}

type Measured = RunFigures & { calls: Record<'metrics' | 'arm' | 'token' | 'slack', number> };

function runFigure(name: string, figures: Measured): RunFigure {
  return {
    name,
    summary:
      `${figures.calls.metrics} metrics calls, ${figures.calls.arm} ARM reads, ${sum(Object.values(figures.tableCalls))} Table requests, ${figures.calls.slack} Slack posts; ` +
      `wall ${seconds(figures.wallInMs)}, CPU ${seconds(figures.cpuInMs)} (metrics calls ${seconds(figures.metricsCpuInMs)}, rest ${seconds(figures.cpuInMs - figures.metricsCpuInMs)}); ` +
      `peak RSS ${figures.peakRssInMb} MB (${figures.rssBeforeInMb} MB at start), heap ${figures.peakHeapUsedInMb} MB`,
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function seconds(ms: number): string {
  return `${(ms / 1_000).toFixed(2)} s`;
}

function wholeNumber(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a whole number above 0, got "${text}"`);
  return value;
}
