// The simulated Azure: one HTTPS server on 127.0.0.1 speaking the managed-identity token endpoint,
// ARM reads and the metrics batch API, over a programmable world. Every request is logged, every
// route but the token endpoint demands a bearer token of the right audience, and faults can be
// injected per route, per resource or per metrics region — errors, or a hang: the request is read
// and never answered, until the client gives up or the server closes.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { armAction, armResourceIds, handleArm } from './arm-routes.js';
import { FaultInjector, type SimRoute, type Stall } from './faults.js';
import { readBody, sendError, sendJson, SimHttpError } from './http-util.js';
import { authorize, METRICS_AUDIENCE, TokenIssuer } from './identity.js';
import { batchResourceIds, handleMetricsBatch, matchMetricsPath } from './metrics-route.js';
import { RequestLog, type LoggedRequest } from './request-log.js';
import { handlePrometheusQuery, PROMETHEUS_PATH } from './prometheus-route.js';
import { graphQueryIds, handleResourceGraph, parseGraphRequest, RESOURCE_GRAPH_ACTION, RESOURCE_GRAPH_PATH } from './resource-graph-route.js';
import { Throttling, type ThrottlingOptions } from './throttling.js';

/** The data action Monitoring Data Reader grants on an Azure Monitor workspace: reading its metrics. */
export const PROMETHEUS_DATA_ACTION = 'Microsoft.Monitor/accounts/data/metrics/read';
import { SimulatedWorld } from './world.js';

export interface SimulatedAzureOptions {
  /** PEM key and certificate for 127.0.0.1 (see tls.ts). */
  tls: { key: string; cert: string };
  world?: SimulatedWorld;
  /** 0 (the default) picks a free port; read the bound one from `port`. */
  port?: number;
  /** The IDENTITY_HEADER secret; random when unset. */
  identityHeader?: string;
  /** Items per page of ARM list calls before a nextLink (default 100). */
  armPageSize?: number;
  /** Resource Graph's quota and ARM's read bucket (throttling.ts); off unless given. */
  throttling?: ThrottlingOptions;
}

export interface SimulatedAzure {
  /** https://127.0.0.1:{port} */
  readonly url: string;
  readonly port: number;
  readonly world: SimulatedWorld;
  readonly faults: FaultInjector;
  readonly requests: RequestLog;
  /** Azure's request limits: `enable()` them (benchmarks, fault tests), `disable()` again; reset() turns them off. */
  readonly throttling: Throttling;
  /** Swaps in a new world and clears faults and the request log: a clean slate between tests. */
  reset(world?: SimulatedWorld): void;
  /** Settings that point the app and DefaultAzureCredential here; `prometheus`: and at the simulated workspace too. */
  env(options?: { prometheus?: boolean }): SimulatedAzureEnv;
  close(): Promise<void>;
}

export interface SimulatedAzureEnv {
  IDENTITY_ENDPOINT: string;
  IDENTITY_HEADER: string;
  SNAT_ARM_ENDPOINT: string;
  SNAT_METRICS_ENDPOINT: string;
  SNAT_METRICS_AUDIENCE: string;
  /** Only from `env({ prometheus: true })`: the simulated Azure Monitor workspace's query endpoint. */
  SNAT_PROMETHEUS_QUERY_ENDPOINT?: string;
}

export async function startSimulatedAzure(options: SimulatedAzureOptions): Promise<SimulatedAzure> {
  const state = { world: options.world ?? new SimulatedWorld() };
  const faults = new FaultInjector();
  const requests = new RequestLog();
  const throttling = new Throttling();
  if (options.throttling) throttling.enable(options.throttling);
  const issuer = new TokenIssuer();
  const identityHeader = options.identityHeader ?? randomBytes(16).toString('hex');
  const origins: string[] = [];
  const hung = new Set<ServerResponse>();
  const server: Server = createServer({ key: options.tls.key, cert: options.tls.cert }, (req, res) => {
    void serve(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, new SimHttpError(500, 'InternalServerError', String(error)));
      else res.destroy(error as Error);
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Collapse leading slashes first: `//subscriptions/…` would otherwise parse as a host name.
    const url = new URL((req.url ?? '/').replace(/^\/+/, '/'), 'https://127.0.0.1');
    const path = url.pathname.replace(/(.)\/+$/, '$1');
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req);
    const metricsPath = method === 'POST' ? matchMetricsPath(path) : undefined;
    const route: SimRoute | 'unknown' =
      path === '/msi/token' ? 'token'
      : metricsPath ? 'metrics'
      : path === PROMETHEUS_PATH ? 'prometheus'
      : path.toLowerCase() === RESOURCE_GRAPH_PATH.toLowerCase() ? 'resourceGraph'
      : path.startsWith('/subscriptions/') ? 'arm'
      : 'unknown';
    let body: unknown = null;
    if (route === 'metrics' || route === 'resourceGraph') {
      try {
        body = JSON.parse(raw.toString('utf8') || 'null');
      } catch {
        body = null;
      }
    }
    const graphQuery = route === 'resourceGraph' ? (body as { query?: unknown } | null)?.query : undefined;
    const resourceIds = route === 'metrics' ? batchResourceIds(body) : route === 'arm' ? armResourceIds(path) : typeof graphQuery === 'string' ? graphQueryIds(graphQuery) : [];
    // Logged on arrival, its status filled in when the answer starts: a client may see the answer
    // before the server's 'finish' event fires.
    const entry: LoggedRequest = { method, path, route, query: Object.fromEntries(url.searchParams), bodyBytes: raw.length, status: 0, resourceIds, receivedAt: Date.now() };
    requests.add(entry);
    const writeHead = res.writeHead.bind(res) as (status: number, ...rest: unknown[]) => ServerResponse;
    res.writeHead = ((status: number, ...rest: unknown[]) => {
      entry.status = status;
      const sent = rest.find((part): part is Record<string, unknown> => typeof part === 'object' && part !== null);
      const kept = Object.entries(sent ?? {}).filter(([name]) => /^(retry-after|x-ms-user-quota|x-ms-ratelimit)/i.test(name));
      if (kept.length > 0) entry.headers = Object.fromEntries(kept.map(([name, value]) => [name.toLowerCase(), String(value)]));
      return writeHead(status, ...rest);
    }) as ServerResponse['writeHead'];
    try {
      if (route === 'token') {
        if (method !== 'GET') throw new SimHttpError(405, 'MethodNotAllowed', 'Use GET.');
        const stall = takeFault('token', path, [], 'token');
        if (stall) return hang(res, stall);
        return sendJson(res, 200, issuer.respond(url.searchParams, header(req, 'x-identity-header'), identityHeader));
      }
      if (route === 'unknown') throw new SimHttpError(404, 'NotFound', `The simulated Azure does not serve ${method} ${path}.`);
      const claims = authorize(issuer, header(req, 'authorization'), route === 'resourceGraph' ? 'arm' : route, origins);
      if (route === 'resourceGraph') {
        if (method !== 'POST') throw new SimHttpError(405, 'MethodNotAllowed', 'Use POST.');
        if (!url.searchParams.get('api-version')) throw new SimHttpError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
        const request = parseGraphRequest(body);
        const stall = takeFault('resourceGraph', path, resourceIds, RESOURCE_GRAPH_ACTION);
        if (stall) return hang(res, stall);
        const quota = throttling.takeGraph(claims.appid);
        return sendJson(res, 200, handleResourceGraph(state.world, request, (resource) => faults.hides(resource.id)), quota);
      }
      if (route === 'prometheus') {
        if (method !== 'POST' && method !== 'GET') throw new SimHttpError(405, 'MethodNotAllowed', 'Use POST or GET.');
        const stall = takeFault('prometheus', path, [], PROMETHEUS_DATA_ACTION);
        if (stall) return hang(res, stall);
        return handlePrometheusQuery(state.world, method === 'POST' ? new URLSearchParams(raw.toString('utf8')) : url.searchParams, res);
      }
      if (route === 'metrics') {
        const stall = takeFault('metrics', path, resourceIds, 'Microsoft.Insights/Metrics/Read', metricsPath!.region);
        if (stall) return hang(res, stall);
        return await handleMetricsBatch(state.world, metricsPath!, url.searchParams, body, res);
      }
      if (method !== 'GET') throw new SimHttpError(405, 'MethodNotAllowed', 'The simulated ARM serves reads (GET) only.');
      const stall = takeFault('arm', path, resourceIds, armAction(path));
      if (stall) return hang(res, stall);
      const bucket = throttling.takeArmRead(claims.appid, path.split('/')[2] ?? '');
      return sendJson(res, 200, handleArm(state.world, { path, query: url.searchParams, origin: origins[0]!, pageSize: options.armPageSize ?? 100 }), bucket);
    } catch (error) {
      if (!(error instanceof SimHttpError)) throw error;
      sendError(res, error);
    }
  }

  /** Throws the injected error, or says how to stall for the caller to leave the answer unfinished. */
  function takeFault(route: SimRoute, path: string, resourceIds: readonly string[], action: string, region?: string): Stall | undefined {
    const fault = faults.take(route, path, resourceIds, action, region);
    if (fault instanceof SimHttpError) throw fault;
    return fault;
  }

  /** Leaves the answer unfinished (none at all, or 200 and half a body); the socket ends when the client gives up or the server closes. */
  function hang(res: ServerResponse, stall: Stall): void {
    hung.add(res);
    res.once('close', () => hung.delete(res));
    if (stall === 'stall') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.write('{"values":[');
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `https://127.0.0.1:${port}`;
  origins.push(url, `https://localhost:${port}`);

  return {
    url,
    port,
    get world() {
      return state.world;
    },
    faults,
    requests,
    throttling,
    reset(world = new SimulatedWorld()) {
      state.world = world;
      faults.clear();
      throttling.disable();
      for (const res of hung) res.destroy();
      requests.clear();
    },
    env: (envOptions = {}) => ({
      IDENTITY_ENDPOINT: `${url}/msi/token`,
      IDENTITY_HEADER: identityHeader,
      SNAT_ARM_ENDPOINT: url,
      SNAT_METRICS_ENDPOINT: `${url}/metrics/{region}`,
      SNAT_METRICS_AUDIENCE: `${METRICS_AUDIENCE}/.default`,
      ...(envOptions.prometheus ? { SNAT_PROMETHEUS_QUERY_ENDPOINT: `${url}/prometheus` } : {}),
    }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
