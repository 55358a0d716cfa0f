// The processes around the measured one: the simulated Azure (serve.ts) and the watch worker, each
// answering JSON lines on stdout to commands on stdin.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

interface Ready {
  url: string;
  env: Record<string, string>;
  targetIds: string[];
  caPath: string;
}

export interface RequestCounts {
  token: number;
  arm: number;
  metrics: number;
  /** Every route the simulated Azure counted, by its name (routes added later included). */
  byRoute: Record<string, number>;
  metricsByNames: Record<string, number>;
}

/** The simulated Azure in its own process; `requests()` asks it what it served so far. */
export async function startSimulation(options: { loadBalancers: number; nodes: number }) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/local/simulated-azure/serve.ts', '--scenario', 'estate', '--load-balancers', String(options.loadBalancers), '--nodes', String(options.nodes)],
    { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const nextLine = lineQueue(child, 'the simulated Azure');
  const ready = JSON.parse(await nextLine()) as Ready;
  return {
    ready,
    async requests(): Promise<RequestCounts> {
      child.stdin!.write('requests\n');
      return (JSON.parse(await nextLine()) as { requests: RequestCounts }).requests;
    },
    stop: () => stopChild(child),
  };
}

export interface StartWorkerOptions {
  /** The simulated Azure's CA: the SDK trusts it only through NODE_EXTRA_CA_CERTS at process start. */
  caPath: string;
  /** The simulation's settings (IDENTITY_ENDPOINT and IDENTITY_HEADER go to the environment). */
  env: Record<string, string>;
  flags: readonly string[];
  /** Pinned to this core with taskset. */
  core: number | undefined;
  /** Run the TypeScript sources through tsx (profiles then name source files) instead of the bundle. */
  source: boolean;
  /** A bundle made once for several processes (bundleBenchEntry); the worker's own is made otherwise. */
  bundled?: string;
  /** Names the process in errors. */
  what?: string;
}

/**
 * The measured process. It runs an esbuild bundle made as scripts/build.mjs makes the app's (what
 * production runs; tsx alone adds ~90 MB of RSS), unless asked for the sources.
 */
export async function startWorker(options: StartWorkerOptions) {
  const bundle = options.source || options.bundled ? undefined : await bundleBenchEntry('bench/watch-worker.ts');
  const entry = options.bundled ? [options.bundled] : bundle ? [bundle.path] : ['--import', 'tsx', 'bench/watch-worker.ts'];
  const command = [process.execPath, '--expose-gc', ...options.flags, ...entry];
  const pinned = options.core !== undefined;
  const child = spawn(pinned ? 'taskset' : command[0]!, pinned ? ['-c', String(options.core), ...command] : command.slice(1), {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, NODE_EXTRA_CA_CERTS: options.caPath, IDENTITY_ENDPOINT: options.env.IDENTITY_ENDPOINT, IDENTITY_HEADER: options.env.IDENTITY_HEADER },
  });
  const nextLine = lineQueue(child, options.what ?? 'the watch worker');
  return {
    async ask(command: object): Promise<Record<string, unknown>> {
      child.stdin!.write(`${JSON.stringify(command)}\n`);
      return JSON.parse(await nextLine()) as Record<string, unknown>;
    },
    async stop() {
      await stopChild(child);
      bundle?.remove();
    },
  };
}

/** A bench entry bundled as production runs the app (tsx alone adds ~90 MB of RSS). */
export async function bundleBenchEntry(entry: string): Promise<{ path: string; remove(): void }> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'snat-watch-bench-')), `${basename(entry, '.ts')}.mjs`);
  await build({
    entryPoints: [join(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    banner: { js: "import { createRequire as __benchCreateRequire } from 'node:module'; const require = __benchCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  return { path: outfile, remove: () => rmSync(dirname(outfile), { recursive: true, force: true }) };
}

/** The JSON lines of a child's stdout, queued so none is lost between questions. */
function lineQueue(child: ChildProcess, what: string): () => Promise<string> {
  // Anything else on stdout (--trace-gc, say) is passed through to stderr.
  const queued: string[] = [];
  const waiting: Array<{ resolve: (line: string) => void; reject: (error: Error) => void }> = [];
  let ended: Error | undefined;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (!line.startsWith('{')) return void process.stderr.write(`${line}\n`);
    const next = waiting.shift();
    if (next) next.resolve(line);
    else queued.push(line);
  });
  child.once('exit', (code, signal) => {
    ended = new Error(`${what} exited (${code ?? signal}) before answering`);
    for (const next of waiting.splice(0)) next.reject(ended);
  });
  return () => {
    const line = queued.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (ended) return Promise.reject(ended);
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.stdin?.end();
  child.kill('SIGTERM');
  await exited;
}
