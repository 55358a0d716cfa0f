import { createServer } from 'node:net';
import type { HttpRequest, InvocationContext, Timer } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import type { Registration } from '../../src/functions/registrations.js';
import { freePort } from '../../src/local/free-port.js';
import { startFunctionsHost, type FunctionLogEntry } from '../../src/local/functions-host.js';

const timer = (schedule: string): Registration => ({ kind: 'timer', name: 'snatWatch', options: { schedule, handler: async (_t: Timer) => {} } });

describe('startFunctionsHost', () => {
  it.each([
    { name: 'a schedule with five fields', schedule: '*/5 * * * *', says: 'Timer snatWatch: Schedule "*/5 * * * *" has 5 fields' },
    { name: 'an app setting that is not set', schedule: '%SNAT_NOT_SET%', says: 'Timer snatWatch: app setting SNAT_NOT_SET is not set' },
  ])('should refuse $name before it listens, leaving the port free', async ({ schedule, says }) => {
    const port = await freePort();
    await expect(startFunctionsHost([timer(schedule)], { port, setting: () => undefined, log: () => {} })).rejects.toThrow(says);
    const again = createServer();
    await new Promise<void>((resolve, reject) => again.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => again.close(() => resolve()));
  });

  it('should hand each function log line over with its function name and level', async () => {
    const entries: FunctionLogEntry[] = [];
    const route: Registration = {
      kind: 'http',
      name: 'probe',
      options: {
        route: 'probe',
        methods: ['GET'],
        handler: async (_request: HttpRequest, context: InvocationContext) => {
          context.warn('running low');
          return { status: 204 };
        },
      },
    };
    const host = await startFunctionsHost([route], { port: 0, setting: () => undefined, log: (_line, entry) => entry && entries.push(entry) });
    try {
      expect((await fetch(`${host.url}/api/probe`)).status).toBe(204);
    } finally {
      await host.stop();
    }
    expect(entries).toEqual([{ functionName: 'probe', level: 'warning', text: 'running low' }]);
  });
});
