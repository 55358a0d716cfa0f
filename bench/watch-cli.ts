// npm run bench:watch -- --targets N --nodes M [--fanout] [--json]
// Runs the watch over the simulated estate and prints, for one steady-state run, one JSON line:
// {"targets","nodes","mode","metricsCalls","resourceGraphCalls","armCalls","tableRequests","cpuMs",
//  "peakRssMb","wallMs","batches","batchCpuMsP95","batchPeakRssMb","targetsUnread","naive":{…}}
// (issue 11). `naive` is the naive per-resource reader over the same estate in the same process,
// right after the measured run. Without --json a readable summary goes to stderr as well.
// Modes: `single` (one instance runs every batch; bench/watch-single.ts) and `fanout` (the timer plans,
// worker processes watch the queued batches; bench/watch-fanout.ts, which measures no naive reader).
import { parseArgs } from 'node:util';
import { runFanoutBench } from './watch-fanout.js';
import { runSingle, type WatchBenchOptions, type WatchBenchResult } from './watch-single.js';

type Mode = 'single' | 'fanout';

const MODES: Record<Mode, (options: WatchBenchOptions) => Promise<WatchBenchResult>> = {
  single: runSingle,
  fanout: async (options) => (await runFanoutBench({ targets: options.targets, nodes: options.nodes, workers: 2 })) as unknown as WatchBenchResult,
};

const { values } = parseArgs({
  options: {
    targets: { type: 'string', default: '1000' },
    nodes: { type: 'string', default: '100' },
    window: { type: 'string' },
    fanout: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

const options: WatchBenchOptions = {
  targets: wholeNumber('targets', values.targets!),
  nodes: wholeNumber('nodes', values.nodes!),
  ...(values.window ? { windowMinutes: wholeNumber('window', values.window) } : {}),
};
const mode: Mode = values.fanout ? 'fanout' : 'single';
const result = await MODES[mode](options);
if (!values.json) process.stderr.write(`${summary(result)}\n`);
process.stdout.write(`${JSON.stringify(result)}\n`);

function summary(r: WatchBenchResult): string {
  return [
    `watch ${r.mode}, ${r.targets} targets × ${r.nodes} nodes, steady run: ${r.metricsCalls} metrics calls, ${r.resourceGraphCalls} Resource Graph, ${r.armCalls} ARM, ${r.tableRequests} Table requests;`,
    `  CPU ${r.cpuMs} ms, wall ${r.wallMs} ms, peak RSS ${r.peakRssMb} MB, ${r.batches} batches, ${r.targetsUnread} targets unread`,
    r.naive ? `naive per-resource reader, same estate: ${r.naive.metricsCalls} calls, CPU ${r.naive.cpuMs} ms, wall ${r.naive.wallMs} ms, ${r.naive.targetsUnread} unread` : '',
  ].join('\n');
}

function wholeNumber(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`--${name} must be a whole number above 0, got "${text}"`);
  return value;
}
