// A small stand-in for the Azure Functions host where Core Tools cannot be installed: it serves the
// same registrations (src/functions/registrations.ts) — HTTP routes on /api/<route> and timers on their
// NCRONTAB schedules, queue triggers polling the storage queue (host-queue.ts) — through the
// @azure/functions types the real host uses, so handlers run unchanged.
// Like `func start`, it does not check function keys unless asked to (`keys`, from `start --keys`).
// What it answers itself is guarded like a public edge: only localhost Host headers (a DNS-rebinding
// guard), a body that must arrive within `bodyTimeoutInMs`, problem+json for its own 401/403/404/405/408,
// and `X-Content-Type-Options: nosniff` on every response.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import functions, { type HttpFunctionOptions, type LogLevel, type TimerFunctionOptions } from '@azure/functions';
import type { QueueClient } from '@azure/storage-queue';
import type { Registration } from '../functions/registrations.js';
import { HttpError } from '../http/http-error.js';
import { methodNotAllowed, problemResponse } from '../http/problem-response.js';
import { hasKey, needsKey, type FunctionKeys } from './host-keys.js';
import { compileRoute, type RouteMatcher } from './host-routes.js';
import { startHostQueue } from './host-queue.js';
import type { QueueHostSettings } from './host-queue-settings.js';
import { startHostTimer } from './host-timer.js';
import { parseSchedule, type Schedule } from './ncrontab.js';

export interface FunctionsHostOptions {
  port: number;
  /** Resolves `%NAME%` binding expressions, as the host does from app settings. */
  setting: (name: string) => string | undefined;
  /** Every function log line (`[name] level: text`), with its parts for callers that filter or colour them. */
  log: (line: string, entry?: FunctionLogEntry) => void;
  /** Per-function keys, checked as Azure does (functionKeysFor in host-keys.ts); absent: no key needed. */
  keys?: FunctionKeys;
  /** How long a request body may take to arrive (default 10 s). */
  bodyTimeoutInMs?: number;
  /** Timer runs allowed in flight at once when one hangs (default 2). */
  maxRunsInFlight?: number;
  /** How long stop() waits for timer runs in flight (default 10 s). */
  stopWaitInMs?: number;
  /** Storage queues for the queue triggers; absent: queue triggers are not served (and the log says so). */
  queues?: HostQueues;
}

export interface HostQueues {
  /** The queue a trigger names and its `-poison` queue, in the app's storage account. */
  clients(queueName: string): { queue: QueueClient; poison: QueueClient };
  /** host.json extensions.queues (queueHostSettings). */
  settings: QueueHostSettings;
  /** The first wait after an empty poll (default 100 ms, as the host). */
  minPollingIntervalInMs?: number;
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
const DEFAULT_BODY_TIMEOUT_IN_MS = 10_000;
/** Host names a browser sends for this machine; anything else reached us through someone's DNS. */
const LOCAL_HOST_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

interface Route {
  name: string;
  options: HttpFunctionOptions;
  match: RouteMatcher;
}

export async function startFunctionsHost(registrations: readonly Registration[], options: FunctionsHostOptions): Promise<FunctionsHost> {
  const routes = registrations.flatMap((r): Route[] => (r.kind === 'http' ? [{ name: r.name, options: r.options, match: compileRoute(r.options.route ?? r.name) }] : []));
  // Schedules are read before anything listens: a bad one fails the start and leaves nothing running.
  const schedules = registrations.flatMap((r) => (r.kind === 'timer' ? [{ name: r.name, options: r.options, schedule: resolveSchedule(r.name, r.options, options) }] : []));
  const queueTriggers = registrations.flatMap((r) => (r.kind === 'queue' ? [{ name: r.name, options: r.options, queueName: resolveSetting(r.name, r.options.queueName, options, 'Queue trigger') }] : []));
  const server = createServer((req, res) => {
    // Every answer, ours or a function's, is never sniffed into something else.
    res.setHeader('x-content-type-options', 'nosniff');
    void serveHttp(routes, req, res, options);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const timers = schedules.map((timer) =>
    startHostTimer(timer.name, timer.options, timer.schedule, {
      log: (level, text) => logEntry(options.log, timer.name, level, text),
      logHandler: logHandlerFor(timer.name, options.log),
      maxRunsInFlight: options.maxRunsInFlight ?? 2,
      stopWaitInMs: options.stopWaitInMs ?? 10_000,
    }),
  );
  const queues = queueTriggers.flatMap((r) => {
    if (!options.queues) {
      logEntry(options.log, r.name, 'warning', 'not served: the local host has no storage queues');
      return [];
    }
    let clients;
    try {
      clients = options.queues.clients(r.queueName);
    } catch (error) {
      logEntry(options.log, r.name, 'warning', `not served: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
    const { queue, poison } = clients;
    return [
      startHostQueue(r.name, r.options, {
        queue,
        poison,
        settings: options.queues.settings,
        log: (level, text) => logEntry(options.log, r.name, level, text),
        logHandler: logHandlerFor(r.name, options.log),
        stopWaitInMs: options.stopWaitInMs ?? 10_000,
        ...(options.queues.minPollingIntervalInMs === undefined ? {} : { minPollingIntervalInMs: options.queues.minPollingIntervalInMs }),
      }),
    ];
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    async stop() {
      await Promise.all([...timers, ...queues].map((trigger) => trigger.stop()));
      await closeServer(server);
    },
  };
}

async function serveHttp(routes: readonly Route[], req: IncomingMessage, res: ServerResponse, host: FunctionsHostOptions): Promise<void> {
  if (!isLocalHost(req.headers.host)) {
    return answer(res, new HttpError(403, 'host-not-allowed', 'This server answers only to localhost, 127.0.0.1 and [::1].'));
  }
  const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
  const method = (req.method ?? 'GET').toUpperCase();
  const found = findRoute(routes, url.pathname);
  if (!found) return answer(res, new HttpError(404, 'not-found', 'No function has this route; the routes are under /api/.'));
  const { route, params } = found;
  if (host.keys && needsKey(route.options) && !hasKey(host.keys, route.name, url, header(req, 'x-functions-key'))) {
    return answer(res, new HttpError(401, 'unauthorized', `Pass the function key of ${route.name} as ?code= or the x-functions-key header.`));
  }
  if (route.options.methods && !route.options.methods.includes(method as never)) return answer(res, methodNotAllowed(method, route.options.methods));
  try {
    const body = await readBody(req, host.bodyTimeoutInMs ?? DEFAULT_BODY_TIMEOUT_IN_MS);
    if (body === 'timed-out') {
      res.setHeader('connection', 'close');
      return answer(res, new HttpError(408, 'request-timeout', `The body did not arrive within ${(host.bodyTimeoutInMs ?? DEFAULT_BODY_TIMEOUT_IN_MS) / 1000} s.`), () => req.destroy());
    }
    const request = new HttpRequest({
      method,
      url: url.toString(),
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')])),
      query: Object.fromEntries(url.searchParams),
      params,
      ...(body.length > 0 ? { body: { bytes: body } } : {}),
    });
    const context = new InvocationContext({ functionName: route.name, logHandler: logHandlerFor(route.name, host.log) });
    const response = new HttpResponse((await route.options.handler(request, context)) ?? {});
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (error) {
    logEntry(host.log, route.name, 'error', error instanceof Error ? error.message : String(error));
    if (!res.headersSent) answer(res, error);
    else res.end();
  }
}

function findRoute(routes: readonly Route[], pathname: string): { route: Route; params: Record<string, string> } | undefined {
  for (const route of routes) {
    const params = route.match(pathname);
    if (params) return { route, params };
  }
  return undefined;
}

function isLocalHost(hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  try {
    return LOCAL_HOST_NAMES.has(new URL(`http://${hostHeader}`).hostname.toLowerCase());
  } catch {
    return false;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The host's own answers: problem+json, as the functions' errors are. */
function answer(res: ServerResponse, error: unknown, then?: () => void): void {
  const response = problemResponse(error);
  res.writeHead(response.status ?? 500, response.headers as Record<string, string>);
  res.end(response.body as string, then);
}

async function readBody(req: IncomingMessage, timeoutInMs: number): Promise<Buffer | 'timed-out'> {
  const chunks: Buffer[] = [];
  let size = 0;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timed-out'>((resolve) => (timer = setTimeout(() => resolve('timed-out'), timeoutInMs)));
  const read = (async () => {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      // Keep the rest for the handler's own 413: stop buffering without losing the verdict.
      if (size <= MAX_BODY_BYTES + 1) chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  })();
  try {
    return await Promise.race([read, timedOut]);
  } finally {
    clearTimeout(timer);
    read.catch(() => {});
  }
}

/** `%NAME%` from the app settings, as the host resolves binding expressions. */
function resolveSetting(name: string, expression: string, host: FunctionsHostOptions, what = 'Function'): string {
  return expression.replace(/^%(.+)%$/, (_, key: string) => {
    const value = host.setting(key);
    if (!value) throw new Error(`${what} ${name}: app setting ${key} is not set`);
    return value;
  });
}

function resolveSchedule(name: string, options: TimerFunctionOptions, host: FunctionsHostOptions): Schedule {
  const expression = resolveSetting(name, options.schedule, host, 'Timer');
  try {
    return parseSchedule(expression);
  } catch (error) {
    throw new RangeError(`Timer ${name}: ${(error as Error).message}`);
  }
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
