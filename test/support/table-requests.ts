// Counts the HTTP requests this process sends to Table Storage (Azurite), from Node's own
// `http.client.request.start` diagnostics channel: what leaves the process, pages and retries
// included, whatever client sent it. A test file runs in its own worker, so only its requests count.
// https://nodejs.org/docs/latest-v20.x/api/diagnostics_channel.html#http
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';

/** batch: an entity-group transaction; read: a GET (one entity, or one page of a query); write: any other. */
export type TableRequestKind = 'batch' | 'read' | 'write';

export interface TableRequests {
  readonly sent: Array<{ kind: TableRequestKind; path: string }>;
  count(kind?: TableRequestKind): number;
  reset(): void;
  stop(): void;
}

/** Starts counting requests to the table endpoint of `connectionString`. */
export function countTableRequests(connectionString: string): TableRequests {
  const endpoint = new URL(/TableEndpoint=([^;]+)/.exec(connectionString)?.[1] ?? 'http://127.0.0.1:10002/devstoreaccount1');
  const sent: Array<{ kind: TableRequestKind; path: string }> = [];
  const onStart = (message: unknown) => {
    const { request } = message as { request: ClientRequest };
    if (request.getHeader('host') !== endpoint.host) return;
    const path = decodeURIComponent(request.path);
    sent.push({ kind: path.endsWith('$batch') ? 'batch' : request.method === 'GET' ? 'read' : 'write', path });
  };
  subscribe('http.client.request.start', onStart);
  return {
    sent,
    count: (kind) => sent.filter((request) => kind === undefined || request.kind === kind).length,
    reset: () => void sent.splice(0),
    stop: () => unsubscribe('http.client.request.start', onStart),
  };
}
