// One Resource Graph query, every page of it: at most 1,000 rows a page ($top), the next page asked
// with the $skipToken of the last, each page under the shared retry policy (Retry-After honoured
// there, the SDK's own retries off). The caller's subscriptions go in the body, 1,000 at most per
// request: a larger list is split and the rows joined.
// https://learn.microsoft.com/rest/api/azureresourcegraph/resourcegraph/resources/resources
// https://learn.microsoft.com/azure/governance/resource-graph/concepts/work-with-data#paging-results
import type { AzureClients } from './clients.js';
import { withRetry, type RetryOptions } from './retry.js';

/** Rows per page: Resource Graph's maximum ($top up to 1,000). */
export const GRAPH_PAGE_SIZE = 1_000;

/** Subscriptions per request: what the REST API takes in one body (work-with-data, "too many subscriptions"). */
const SUBSCRIPTIONS_PER_REQUEST = 1_000;

export interface GraphQueryOptions {
  clients: AzureClients;
  retry?: RetryOptions;
  /** Rows per page (1–1,000); tests lower it to page small estates. */
  pageSize?: number;
}

export interface GraphRows<T> {
  rows: T[];
  /** Requests sent (pages × subscription chunks), retries not counted. */
  calls: number;
}

export async function queryGraph<T>(query: string, subscriptions: readonly string[], options: GraphQueryOptions): Promise<GraphRows<T>> {
  const pageSize = options.pageSize ?? GRAPH_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > GRAPH_PAGE_SIZE) throw new RangeError(`pageSize must be 1–${GRAPH_PAGE_SIZE}, got ${pageSize}`);
  const client = await options.clients.resourceGraph();
  const rows: T[] = [];
  let calls = 0;
  for (let start = 0; start < subscriptions.length; start += SUBSCRIPTIONS_PER_REQUEST) {
    const chunk = [...new Set(subscriptions.slice(start, start + SUBSCRIPTIONS_PER_REQUEST).map((s) => s.toLowerCase()))];
    let skipToken: string | undefined;
    do {
      const token = skipToken;
      const page = await withRetry(
        (abortSignal) =>
          client.resources({ query, subscriptions: chunk, options: { top: pageSize, resultFormat: 'objectArray', ...(token ? { skipToken: token } : {}) } }, { abortSignal }),
        options.retry,
      );
      calls += 1;
      if (!Array.isArray(page.data)) throw new TypeError('Resource Graph answered without an object array (resultFormat objectArray)');
      rows.push(...(page.data as T[]));
      skipToken = page.skipToken;
    } while (skipToken);
  }
  return { rows, calls };
}
