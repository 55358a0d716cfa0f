// Table Storage requests per watch run, counted on the wire (bench/table-proxy.ts), over the
// simulated estate: the figure issue 11 asks for (≤ 1,200 for 1,000 targets in a steady run). The
// same processes as the watch bench (watch-processes.ts), with Azurite behind the counting proxy.
// The runs sit in the first minutes of an hour, so every 15-minute window reaches into the hour
// before: the worst case for the rollups (two hours per target).
// Settings: BENCH_LOAD_BALANCERS (1000), BENCH_NODES (2: the count does not depend on it), BENCH_RUNS (3 steady runs).
//   node --import tsx bench/table-requests.ts
import { startAzurite } from '../src/local/azurite.js';
import { startSlackReceiver } from '../test/support/slack-receiver.js';
import { startTableProxy } from './table-proxy.js';
import { startSimulation, startWorker } from './watch-processes.js';

const loadBalancers = wholeNumber('BENCH_LOAD_BALANCERS', 1_000);
const nodes = wholeNumber('BENCH_NODES', 2);
const steadyRuns = wholeNumber('BENCH_RUNS', 3);
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
// Runs from hh:03 of an hour that is at least 10 minutes old (the simulation answers no later than now).
let at = Math.floor((Date.now() - 10 * MINUTE_MS) / HOUR_MS) * HOUR_MS + 3 * MINUTE_MS;

const cleanups: Array<() => Promise<void> | void> = [];
try {
  const sim = await startSimulation({ loadBalancers, nodes });
  cleanups.push(() => sim.stop());
  const azurite = await startAzurite();
  cleanups.push(() => azurite.stop());
  const proxy = await startTableProxy(azurite.connectionString);
  cleanups.push(() => proxy.close());
  const slack = await startSlackReceiver();
  cleanups.push(() => slack.close());
  const worker = await startWorker({ caPath: sim.ready.caPath, env: sim.ready.env, flags: [], core: undefined, source: false });
  cleanups.push(() => worker.stop());
  await worker.ask({
    kind: 'init',
    settings: { ...sim.ready.env, SNAT_TARGETS: sim.ready.targetIds.join(','), SLACK_WEBHOOK_URL: slack.url, AzureWebJobsStorage: proxy.connectionString, SNAT_TABLE_PREFIX: 'benchtables' },
  });
  proxy.take();
  const rows: string[] = [];
  for (let run = 0; run < steadyRuns + 2; run++) {
    const figures = await worker.ask({ kind: 'run', at: new Date(at).toISOString() });
    const counts = proxy.take();
    const total = counts.batch + counts.read + counts.write;
    const kind = run < 2 ? `warm-up ${run + 1}` : `steady ${run - 1}`;
    rows.push(`| ${kind} | ${new Date(at).toISOString().slice(11, 16)} | ${figures.targets} | ${total} | ${counts.batch} | ${counts.read} | ${counts.write} | ${figures.pending} |`);
    at += MINUTE_MS;
  }
  console.log(`Table requests on the wire, ${loadBalancers.toLocaleString('en-US')} LBs × ${nodes} nodes\n`);
  console.log('| run | at (UTC) | targets | requests | transactions | GETs (entities, query pages) | other | outbox left |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|');
  console.log(rows.join('\n'));
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup();
}

function wholeNumber(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name}: expected a whole number ≥ 1, got ${process.env[name]}`);
  return value;
}
