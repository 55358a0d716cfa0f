// Why `start` could not start, in one sentence that says what to do (exit code 1).
import { createServer } from 'node:net';
import { ConfigError } from '../config.js';

export class StartupError extends Error {
  override readonly name = 'StartupError';

  /** The local host could not listen on its port. */
  static fromListen(error: unknown, port: number): Error {
    const code = (error as NodeJS.ErrnoException)?.code;
    if (code === 'EADDRINUSE') {
      return new StartupError(
        `Port ${port} is already in use (another snat-watch start, or func start?). Stop it, or choose another port: ` +
          `npm start -- --port ${port + 1}, or PORT=${port + 1} (0 picks a free port).`,
      );
    }
    if (code === 'EACCES') return new StartupError(`Port ${port} needs elevated rights; choose one above 1023 with --port or PORT.`);
    return error instanceof Error ? error : new StartupError(String(error));
  }

  /** createRuntime failed: the settings (listed as they are), or the state tables could not be opened. */
  static fromStorage(error: unknown): Error {
    if (error instanceof ConfigError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new StartupError(`Cannot open the state tables (AzureWebJobsStorage / AzureWebJobsStorage__tableServiceUri): ${message}`);
  }
}

/** Fails fast, before anything else starts, when the port is taken (0 is always free). */
export async function assertPortFree(port: number): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  try {
    await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(port, '127.0.0.1', resolve));
  } catch (error) {
    throw StartupError.fromListen(error, port);
  }
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}
