// Azurite's table and queue services (the Azure Storage emulator, an npm dev dependency), started in
// memory on free 127.0.0.1 ports for the tests and the local host: tables hold the state, the queue
// carries fan-out batches (src/fanout/). Each service script is spawned with this Node binary, so each
// child's PID is the server's own: stopping them leaves no stray process behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { freePort } from './free-port.js';
import { tmpdir } from 'node:os';

/**
 * Azurite's well-known development account. Public by design: it only opens the local emulator.
 * https://learn.microsoft.com/azure/storage/common/storage-use-azurite#http-connection-strings
 */
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface StartAzuriteOptions {
  /** How long to wait for the service to answer, per port tried. */
  startTimeoutInMs?: number;
  /** A port another process grabbed between our probe and Azurite's listen is retried on a new one. */
  maxPortAttempts?: number;
  /** This port (restarting an instance where its clients expect it); a free one when absent. */
  port?: number;
  /** Keep the tables in this directory (they outlive a restart); in memory when absent. */
  location?: string;
  /** Start the queue service too (default true): the fan-out's batch queue and its poison queue. */
  queues?: boolean;
}

export interface AzuriteTables {
  /** An explicit connection string for `AzureWebJobsStorage` (the ports are not the defaults 10001/10002). */
  connectionString: string;
  tableEndpoint: string;
  /** Null when started with `queues: false`. */
  queueEndpoint: string | null;
  /** The table service's process. */
  pid: number;
  stop(): Promise<void>;
}

export async function startAzurite(options: StartAzuriteOptions = {}): Promise<AzuriteTables> {
  // Both at once: a second service must not double the start-up (tests restart Azurite mid-run).
  const [table, queue] = await Promise.allSettled([
    startService('table', options),
    options.queues === false ? Promise.resolve(null) : startService('queue', { ...options, port: undefined, location: options.location && `${options.location}-queues` }),
  ]).then(async ([table, queue]) => {
    if (table.status === 'fulfilled' && queue.status === 'fulfilled') return [table.value, queue.value] as const;
    await Promise.all([table, queue].map((started) => (started.status === 'fulfilled' ? started.value?.stop() : undefined)));
    throw (table.status === 'rejected' ? table.reason : (queue as PromiseRejectedResult).reason) as Error;
  });
  const services = [table, ...(queue ? [queue] : [])];
  const killOnExit = (): void => services.forEach((service) => service.kill());
  process.once('exit', killOnExit);
  return {
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_ACCOUNT_KEY};TableEndpoint=${table.endpoint};${queue ? `QueueEndpoint=${queue.endpoint};` : ''}`,
    tableEndpoint: table.endpoint,
    queueEndpoint: queue?.endpoint ?? null,
    pid: table.pid,
    async stop() {
      process.off('exit', killOnExit);
      await Promise.all(services.map((service) => service.stop()));
    },
  };
}

interface Service {
  endpoint: string;
  pid: number;
  kill(): void;
  stop(): Promise<void>;
}

/** Where each service's script lives and how it is probed (any HTTP answer, even 403, means up). */
const SERVICES = {
  table: { script: 'azurite/dist/src/table/main.js', probe: '/Tables' },
  queue: { script: 'azurite/dist/src/queue/main.js', probe: '?comp=list' },
} as const;

async function startService(kind: keyof typeof SERVICES, options: StartAzuriteOptions): Promise<Service> {
  const { startTimeoutInMs = 15_000, maxPortAttempts = options.port === undefined ? 3 : 1 } = options;
  const script = createRequire(import.meta.url).resolve(SERVICES[kind].script);
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < maxPortAttempts; attempt++) {
    const port = options.port ?? (await freePort());
    const persistence = options.location ? ['--location', options.location] : ['--inMemoryPersistence'];
    const child = spawn(
      process.execPath,
      // --inMemoryPersistence cannot be combined with --location; telemetry off: never leave 127.0.0.1.
      [script, ...persistence, `--${kind}Host`, '127.0.0.1', `--${kind}Port`, String(port), '--silent', '--disableTelemetry', '--skipApiVersionCheck'],
      { cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const output = captureTail(child);
    const endpoint = `http://127.0.0.1:${port}/${DEV_ACCOUNT}`;
    try {
      await waitUntilAnswering(child, `${endpoint}${SERVICES[kind].probe}`, () => /successfully (started|listens)/.test(output()), startTimeoutInMs);
    } catch (error) {
      await stopChild(child);
      lastError = new Error(`Azurite's ${kind} service did not start on port ${port}: ${(error as Error).message}\n${output()}`);
      continue;
    }
    return { endpoint, pid: child.pid!, kill: () => void child.kill('SIGKILL'), stop: () => stopChild(child) };
  }
  throw lastError ?? new Error(`Azurite's ${kind} service did not start`);
}

/**
 * Up = Azurite said it listens (so the port is its own, not a process that took it first) and an HTTP
 * request gets any answer (even 403 for one without credentials).
 */
async function waitUntilAnswering(child: ChildProcess, url: string, listening: () => boolean, timeoutInMs: number): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited with ${child.exitCode ?? child.signalCode}`);
    try {
      if (listening()) {
        await fetch(url, { signal: AbortSignal.timeout(1_000) });
        return;
      }
    } catch {
      // not answering yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no answer within ${timeoutInMs} ms`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Keeps the last lines of the child's output for error messages, and drains the pipes so it never blocks. */
function captureTail(child: ChildProcess): () => string {
  let tail = '';
  const keep = (chunk: Buffer): void => void (tail = (tail + chunk.toString()).slice(-2_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => tail;
}
