// Cold import of the function app's bundle: what a Functions worker pays on every cold start before
// the first invocation. Each sample is a fresh Node process that imports the bundle once and reports
// the time from just before `import()` to its end (process.hrtime); the figure is the median.
//   npm run bench:import                       # builds, then 15 samples of dist/index.js
//   node scripts/measure-import.mjs [--runs N] [BUNDLE …]   # several bundles: samples interleaved
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 15;
if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`--runs: expected a whole number ≥ 1`);
const bundles = (args.length > 0 ? args : ['dist/index.js']).map((path) => resolve(path));

// Wall time, and the CPU time of the process meanwhile (steadier on a shared machine: waiting for a core does not count).
const probe = `const c = process.cpuUsage(); const t = process.hrtime.bigint(); await import(process.argv[1]); const w = Number(process.hrtime.bigint() - t) / 1e6; const u = process.cpuUsage(c); process.stdout.write(JSON.stringify([w, (u.user + u.system) / 1e3]));`;
const samples = new Map(bundles.map((bundle) => [bundle, []]));
// Interleaved, so a machine that gets busier or quieter during the measurement shifts every bundle alike.
for (let run = 0; run < runs; run++) {
  for (const bundle of bundles) {
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', probe, pathToFileURL(bundle).href], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`importing ${bundle} failed:\n${child.stderr}`);
    samples.get(bundle).push(JSON.parse(child.stdout));
  }
}
for (const [bundle, pairs] of samples) {
  const [wall, cpu] = [0, 1].map((index) => summary(pairs.map((pair) => pair[index])));
  console.log(`${bundle}: wall median ${wall.median} ms (min ${wall.min}, p90 ${wall.p90}); CPU median ${cpu.median} ms (min ${cpu.min}); ${runs} fresh processes`);
}

function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(0);
  return { median: at(0.5), min: at(0), p90: at(0.9) };
}
