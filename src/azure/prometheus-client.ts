// Instant PromQL queries against an Azure Monitor workspace: POST {query endpoint}/api/v1/query with a
// form-encoded `query` and `time`, a bearer token for https://prometheus.monitor.azure.com. There is
// no JS SDK for it, so this is Node's fetch with the app's credential, a per-query timeout and the
// caller's abort signal. https://learn.microsoft.com/azure/azure-monitor/metrics/prometheus-api-promql
import type { TokenCredential } from '@azure/identity';
import { callSignal, isTimeout } from './deadline.js';

/** The token audience of the Prometheus query API of Azure Monitor workspaces (prometheus-api-promql). */
export const PROMETHEUS_AUDIENCE = 'https://prometheus.monitor.azure.com/.default';

export type PrometheusErrorKind = 'forbidden' | 'timeout' | 'failed';

export class PrometheusQueryError extends Error {
  override readonly name = 'PrometheusQueryError';
  constructor(readonly kind: PrometheusErrorKind, message: string) {
    super(message);
  }
}

/** One series of an instant vector: its labels and its value. */
export interface VectorSample {
  metric: Record<string, string>;
  value: number;
}

export interface PrometheusClient {
  /** Instant query at `at`; resolves to the vector's samples, rejects with PrometheusQueryError. */
  query(promql: string, at: Date, options?: { abortSignal?: AbortSignal }): Promise<VectorSample[]>;
}

export interface PrometheusClientOptions {
  /** The workspace's query endpoint, e.g. https://myamw-abcd.eastus.prometheus.monitor.azure.com. */
  endpoint: string;
  credential: TokenCredential;
  audience?: string;
  /** Each query (token included) gives up after this long. */
  timeoutInMs: number;
}

export function createPrometheusClient(options: PrometheusClientOptions): PrometheusClient {
  const url = `${options.endpoint.replace(/\/+$/, '')}/api/v1/query`;
  return {
    async query(promql, at, { abortSignal } = {}) {
      const call = callSignal(abortSignal, options.timeoutInMs);
      const { signal } = call;
      try {
        const token = await options.credential.getToken(options.audience ?? PROMETHEUS_AUDIENCE, { abortSignal: signal });
        if (!token) throw new PrometheusQueryError('forbidden', 'no token for the Prometheus query API');
        const response = await fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${token.token}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: new URLSearchParams({ query: promql, time: (at.getTime() / 1000).toFixed(3) }),
          signal,
        });
        const text = await response.text();
        if (response.status === 401 || response.status === 403) throw new PrometheusQueryError('forbidden', `HTTP ${response.status} from the Prometheus query API`);
        if (!response.ok) throw new PrometheusQueryError('failed', `HTTP ${response.status} from the Prometheus query API: ${text.slice(0, 200)}`);
        return parseVector(text);
      } catch (error) {
        if (error instanceof PrometheusQueryError) throw error;
        if (isTimeout(error) || signal.aborted) throw new PrometheusQueryError('timeout', `no answer from the Prometheus query API within ${options.timeoutInMs} ms`);
        const kind = (error as { statusCode?: number } | null)?.statusCode === 403 ? 'forbidden' : 'failed';
        throw new PrometheusQueryError(kind, error instanceof Error ? error.message : String(error));
      } finally {
        call.dispose();
      }
    },
  };
}

/** `{"status":"success","data":{"resultType":"vector","result":[{"metric":{…},"value":[t,"v"]}]}}` → samples. */
function parseVector(text: string): VectorSample[] {
  let body: { status?: unknown; data?: { resultType?: unknown; result?: unknown } };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new PrometheusQueryError('failed', 'the Prometheus query API answered something other than JSON');
  }
  if (body.status !== 'success' || body.data?.resultType !== 'vector' || !Array.isArray(body.data.result)) {
    throw new PrometheusQueryError('failed', `unexpected answer from the Prometheus query API (status ${String(body.status)}, resultType ${String(body.data?.resultType)})`);
  }
  return body.data.result.flatMap((entry: { metric?: Record<string, string>; value?: [number, string] }) => {
    const value = Number(entry.value?.[1]);
    return Number.isFinite(value) ? [{ metric: entry.metric ?? {}, value }] : [];
  });
}
