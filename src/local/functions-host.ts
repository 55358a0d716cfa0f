// A small stand-in for the Azure Functions host where Core Tools cannot be installed: it serves the
// same registrations (src/functions/registrations.ts) — HTTP routes on /api/<route> and timers on their
// NCRONTAB schedules — through the @azure/functions types the real host uses, so handlers run unchanged.
// Like `func start`, it does not check function keys locally.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import functions, { type HttpFunctionOptions, type LogLevel, type Timer, type TimerFunctionOptions } from '@azure/functions';
import type { Registration } from '../functions/registrations.js';
import { nextOccurrence, parseSchedule, type Schedule } from './ncrontab.js';

export interface FunctionsHostOptions {
  port: number;
  /** Resolves `%NAME%` binding expressions, as the host does from app settings. */
  setting: (name: string) => string | undefined;
  /** Every function log line (`[name] level: text`), with its parts for callers that filter or colour them. */
  log: (line: string, entry?: FunctionLogEntry) => void;
}

export interface FunctionLogEntry {
  functionName: string;
  level: LogLevel;
  text: string;
}

export interface FunctionsHost {
  url: string;
  stop(): Promise<void>;
}

// The package is CommonJS whose classes Node's ESM loader cannot name (run through tsx, say): take them from its exports object.
const { HttpRequest, HttpResponse, InvocationContext } = functions;

const MAX_BODY_BYTES = 1024 * 1024;

export async function startFunctionsHost(registrations: readonly Registration[], options: FunctionsHostOptions): Promise<FunctionsHost> {
  const routes = registrations.flatMap((r) => (r.kind === 'http' ? [{ name: r.name, options: r.options }] : []));
  // Schedules are read before anything listens: a bad one fails the start and leaves nothing running.
  const schedules = registrations.flatMap((r) => (r.kind === 'timer' ? [{ name: r.name, options: r.options, schedule: resolveSchedule(r.name, r.options, options) }] : []));
  const server = createServer((req, res) => {
    void serveHttp(routes, req, res, options.log);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const timers = schedules.map((timer) => startTimer(timer.name, timer.options, timer.schedule, options));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    async stop() {
      await Promise.all(timers.map((timer) => timer.stop()));
      await closeServer(server);
    },
  };
}

async function serveHttp(
  routes: ReadonlyArray<{ name: string; options: HttpFunctionOptions }>,
  req: IncomingMessage,
  res: ServerResponse,
  log: FunctionsHostOptions['log'],
): Promise<void> {
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  const method = (req.method ?? 'GET').toUpperCase();
  const route = routes.find((r) => `/api/${r.options.route ?? r.name}` === url.pathname);
  if (!route) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  if (route.options.methods && !route.options.methods.includes(method as never)) {
    return void res.writeHead(405, { allow: route.options.methods.join(', ') }).end();
  }
  try {
    const body = await readBody(req);
    const request = new HttpRequest({
      method,
      url: url.toString(),
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')])),
      query: Object.fromEntries(url.searchParams),
      ...(body.length > 0 ? { body: { bytes: body } } : {}),
    });
    const context = new InvocationContext({ functionName: route.name, logHandler: logHandlerFor(route.name, log) });
    const response = new HttpResponse((await route.options.handler(request, context)) ?? {});
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (error) {
    logEntry(log, route.name, 'error', error instanceof Error ? error.message : String(error));
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
    res.end('Internal error');
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Keep the rest for the handler's own 413: stop buffering without losing the verdict.
    if (size <= MAX_BODY_BYTES + 1) chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function resolveSchedule(name: string, options: TimerFunctionOptions, host: FunctionsHostOptions): Schedule {
  const expression = options.schedule.replace(/^%(.+)%$/, (_, key: string) => {
    const value = host.setting(key);
    if (!value) throw new Error(`Timer ${name}: app setting ${key} is not set`);
    return value;
  });
  try {
    return parseSchedule(expression);
  } catch (error) {
    throw new RangeError(`Timer ${name}: ${(error as Error).message}`);
  }
}

/** setTimeout's longest delay (about 24.8 days); a later occurrence is reached in steps. */
const MAX_TIMEOUT_IN_MS = 2 ** 31 - 1;

function startTimer(name: string, options: TimerFunctionOptions, schedule: Schedule, host: FunctionsHostOptions): { stop(): Promise<void> } {
  let handle: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let last = new Date();
  let stopped = false;
  const arm = () => {
    const next = nextOccurrence(schedule, new Date());
    const wait = () => {
      const delay = next.getTime() - Date.now();
      if (delay > MAX_TIMEOUT_IN_MS) return void (handle = setTimeout(wait, MAX_TIMEOUT_IN_MS));
      handle = setTimeout(() => {
        // Runs never overlap, as with the real host's singleton timer lock.
        running = running.then(() => fire(next)).finally(() => (stopped ? undefined : arm()));
      }, delay);
    };
    wait();
  };
  const fire = async (at: Date) => {
    const timer: Timer = {
      isPastDue: false,
      schedule: { adjustForDST: false },
      scheduleStatus: { last: last.toISOString(), next: nextOccurrence(schedule, at).toISOString(), lastUpdated: at.toISOString() },
    };
    last = at;
    const context = new InvocationContext({ functionName: name, logHandler: logHandlerFor(name, host.log) });
    try {
      await options.handler(timer, context);
    } catch (error) {
      logEntry(host.log, name, 'error', `failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  if (options.runOnStartup) running = fire(new Date());
  arm();
  return {
    async stop() {
      stopped = true;
      clearTimeout(handle);
      await running;
    },
  };
}

function logHandlerFor(functionName: string, log: FunctionsHostOptions['log']) {
  return (level: LogLevel, ...args: unknown[]) => logEntry(log, functionName, level, args.join(' '));
}

function logEntry(log: FunctionsHostOptions['log'], functionName: string, level: LogLevel, text: string): void {
  log(`[${functionName}] ${level}: ${text}`, { functionName, level, text });
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
