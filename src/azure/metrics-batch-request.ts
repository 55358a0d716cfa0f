// Sends one metrics:getBatch request through the official MetricsClient's own HTTP pipeline — the
// same credential, bearer-token policy and scope (SNAT_METRICS_AUDIENCE), user agent, logging and our
// per-attempt timeout (clients.ts) — and returns the answer's JSON as parsed, without the SDK's
// deserialisation: it builds an object and a Date for every point (metricResultsResponseDeserializer,
// createMetricsQueryResult in @azure/monitor-query-metrics 1.0.0), which cost more CPU than the whole
// rest of a run (bench/README.md, issue 11). The request is the one MetricsClient.queryResources
// sends: POST {endpoint}/subscriptions/{sub}/metrics:getBatch with api-version 2024-02-01 and body
// {"resourceids": [...]}; a status other than 200 throws the RestError it would throw (statusCode,
// code, the response's headers for Retry-After), so retry.ts and read-error.ts see the same errors.
// https://learn.microsoft.com/rest/api/monitor/metrics-batch/batch
import { createDefaultHttpClient, createPipelineRequest, RestError, type HttpClient } from '@azure/core-rest-pipeline';
import type { MetricsClient } from '@azure/monitor-query-metrics';

/** The batch API version MetricsClient 1.0.0 sends (createMetrics, api/metricsContext.js). */
export const METRICS_BATCH_API_VERSION = '2024-02-01';

export interface BatchRequest {
  /** The region's MetricsClient: only its pipeline is used. */
  client: Pick<MetricsClient, 'pipeline'>;
  /** https://{region}.metrics.monitor.azure.com, no trailing slash. */
  endpoint: string;
  subscriptionId: string;
  metricNamespace: string;
  metricNames: readonly string[];
  aggregation: string;
  filter?: string;
  top?: number;
  startTime: Date;
  endTime: Date;
  resourceIds: readonly string[];
  abortSignal?: AbortSignal;
}

let httpClient: HttpClient | undefined;

/** The answer's body, parsed; throws RestError on any status but 200. */
export async function sendBatchRequest(request: BatchRequest): Promise<unknown> {
  const query = new URLSearchParams({
    'api-version': METRICS_BATCH_API_VERSION,
    starttime: request.startTime.toISOString(),
    endtime: request.endTime.toISOString(),
    interval: 'PT1M',
    metricnamespace: request.metricNamespace,
    metricnames: request.metricNames.join(','),
    aggregation: request.aggregation,
  });
  if (request.top !== undefined) query.set('top', String(request.top));
  if (request.filter !== undefined) query.set('filter', request.filter);
  const pipelineRequest = createPipelineRequest({
    url: `${request.endpoint}/subscriptions/${encodeURIComponent(request.subscriptionId)}/metrics:getBatch?${query.toString().replaceAll('+', '%20')}`,
    method: 'POST',
    body: JSON.stringify({ resourceids: request.resourceIds }),
    ...(request.abortSignal ? { abortSignal: request.abortSignal } : {}),
  });
  pipelineRequest.headers.set('content-type', 'application/json');
  pipelineRequest.headers.set('accept', 'application/json');
  httpClient ??= createDefaultHttpClient();
  const response = await request.client.pipeline.sendRequest(httpClient, pipelineRequest);
  const body = parseBody(response.bodyAsText ?? undefined);
  if (response.status !== 200) {
    // As @azure-rest/core-client's createRestError shapes it: Azure's error envelope, else the status.
    const envelope = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error ?? (body as { code?: unknown; message?: unknown } | undefined);
    throw new RestError(typeof envelope?.message === 'string' ? envelope.message : `Unexpected status code: ${response.status}`, {
      statusCode: response.status,
      ...(typeof envelope?.code === 'string' ? { code: envelope.code } : {}),
      request: pipelineRequest,
      response,
    });
  }
  return body;
}

function parseBody(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
