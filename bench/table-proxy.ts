// An HTTP pass-through in front of Azurite's table endpoint that counts what reaches the wire: every
// request the app sends, whatever client built it (one entity-group transaction is one request; each
// page of a query is one). Counting TableClient method calls overcounts: the SDK builds each operation
// of a transaction by calling its own methods.
import { createServer, request as forward, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TableRequestCounts {
  /** Entity-group transactions ($batch). */
  batch: number;
  /** GETs: one entity, or one page of a query. */
  read: number;
  /** Every other request: single-entity writes, table creation. */
  write: number;
}

export async function startTableProxy(connectionString: string) {
  const endpoint = new URL(/TableEndpoint=([^;]+)/.exec(connectionString)?.[1] ?? '');
  let counts: TableRequestCounts = { batch: 0, read: 0, write: 0 };
  const server = createServer((incoming: IncomingMessage, outgoing) => {
    const path = incoming.url ?? '/';
    counts[path.split('?')[0]!.endsWith('$batch') ? 'batch' : incoming.method === 'GET' ? 'read' : 'write'] += 1;
    const upstream = forward({ host: endpoint.hostname, port: endpoint.port, method: incoming.method, path, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as AddressInfo).port;
  const proxied = new URL(endpoint);
  proxied.port = String(port);
  return {
    connectionString: connectionString.replace(endpoint.href.replace(/\/$/, ''), proxied.href.replace(/\/$/, '')),
    /** Counts since the last call. */
    take(): TableRequestCounts {
      const taken = counts;
      counts = { batch: 0, read: 0, write: 0 };
      return taken;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
