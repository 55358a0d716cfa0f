// Vitest globalSetup: builds the bundles once per run (scripts/build.mjs, as `npm start` and Azure run
// them), so every test that starts the command line runs the installed binary (bin/snat-watch.js →
// dist/cli.js) instead of transpiling the sources again in each child process.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

export default async function setup(): Promise<void> {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  await promisify(execFile)(process.execPath, ['scripts/build.mjs'], { cwd: root });
}
