// npm run bench: runs every bench/*.bench.ts in its own Node process pinned to one core
// (taskset -c 0 where it exists), so benchmarks never share a heap or a JIT, and prints the
// figures each reports, with the machine they were measured on.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { cpus, platform, release } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Figure, RunFigure } from './measure.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const benches = readdirSync(new URL('.', import.meta.url)).filter((file) => file.endsWith('.bench.ts')).sort();
const pinned = spawnSync('taskset', ['--version']).status === 0;

console.log(`Node ${process.version}, ${platform()} ${release()}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores)${pinned ? ', pinned to core 0' : ''}\n`);
let failed = false;
for (const bench of benches) {
  const command = [process.execPath, '--import', 'tsx', `bench/${bench}`];
  const run = spawnSync(pinned ? 'taskset' : command[0]!, pinned ? ['-c', '0', ...command] : command.slice(1), { cwd: root, encoding: 'utf8' });
  const line = run.stdout.split('\n').find((text) => text.startsWith('{"figures"'));
  if (run.status !== 0 || !line) {
    failed = true;
    console.error(`${bench} failed (exit ${run.status}):\n${run.stderr}`);
    continue;
  }
  console.log(bench);
  for (const figure of (JSON.parse(line) as { figures: Array<Figure | RunFigure> }).figures) {
    if ('summary' in figure) {
      console.log(`  ${figure.name}\n    ${figure.summary}`);
      continue;
    }
    console.log(
      `  ${figure.name.padEnd(36)} ${figure.opsPerSecond.toLocaleString('en-US').padStart(9)} ops/s   p50 ${String(figure.p50InMicroseconds).padStart(6)} µs   p99 ${String(figure.p99InMicroseconds).padStart(6)} µs   (${figure.samples.toLocaleString('en-US')} samples)`,
    );
  }
}
process.exitCode = failed ? 1 : 0;
