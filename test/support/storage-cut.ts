// A TCP pass-through in front of a storage endpoint that a test can cut and restore: while cut, the
// port refuses connections and every open one is dropped, as a storage account behind a failed network
// path looks to the app. The storage itself keeps every write it acknowledged, as Azure Storage does.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface StorageCut {
  /** `connectionString` with its table endpoint pointed at the pass-through. */
  connectionString: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startStorageCut(connectionString: string): Promise<StorageCut> {
  const endpoint = /TableEndpoint=([^;]+)/.exec(connectionString)?.[1];
  if (!endpoint) throw new Error('expected a connection string with an explicit TableEndpoint');
  const upstream = new URL(endpoint);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;

  const listen = async (): Promise<void> => {
    server = createServer((client) => {
      const storage = connect(Number(upstream.port), upstream.hostname);
      for (const socket of [client, storage]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          storage.destroy();
        });
      }
      client.pipe(storage).pipe(client);
    });
    await new Promise<void>((resolve, reject) => server!.once('error', reject).listen(port, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  };
  const stop = async (): Promise<void> => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  };

  await listen();
  const proxied = `${upstream.protocol}//127.0.0.1:${port}${upstream.pathname}`;
  return {
    connectionString: connectionString.replace(endpoint, proxied),
    cut: stop,
    restore: listen,
    close: stop,
  };
}
