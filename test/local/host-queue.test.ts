import type { InvocationContext } from '@azure/functions';
import { QueueServiceClient } from '@azure/storage-queue';
import { afterEach, describe, expect, it } from 'vitest';
import type { Registration } from '../../src/functions/registrations.js';
import { startFunctionsHost, type FunctionsHost } from '../../src/local/functions-host.js';
import { queueHostSettings, readHostJson } from '../../src/local/host-queue-settings.js';
import { FAST_QUEUES, uniqueQueueName } from '../support/fanout-estate.js';
import { testStorageConnectionString } from '../support/test-storage.js';

let hosts: FunctionsHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.map((host) => host.stop()));
  hosts = [];
});

async function serve(handler: (item: unknown, context: InvocationContext) => Promise<void>) {
  const service = QueueServiceClient.fromConnectionString(testStorageConnectionString());
  const name = uniqueQueueName();
  const queue = service.getQueueClient(name);
  const poison = service.getQueueClient(`${name}-poison`);
  await queue.create();
  const registration: Registration = { kind: 'queue', name: 'probe', options: { queueName: '%PROBE_QUEUE%', connection: 'AzureWebJobsStorage', handler } };
  const lines: string[] = [];
  const host = await startFunctionsHost([registration], {
    port: 0,
    setting: (key) => (key === 'PROBE_QUEUE' ? name : undefined),
    log: (line) => lines.push(line),
    queues: { clients: (queueName) => ({ queue: service.getQueueClient(queueName), poison: service.getQueueClient(`${queueName}-poison`) }), settings: FAST_QUEUES, minPollingIntervalInMs: 20 },
  });
  hosts.push(host);
  const send = (value: unknown) => queue.sendMessage(Buffer.from(JSON.stringify(value)).toString('base64'));
  return { queue, poison, lines, send };
}

async function until(check: () => Promise<boolean> | boolean, timeoutInMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutInMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('startFunctionsHost queue triggers', () => {
  it('should hand each base64 JSON message to the handler as an object and delete it once handled', async () => {
    const seen: unknown[] = [];
    const { queue, send } = await serve(async (item) => void seen.push(item));
    await send({ batch: 1 });
    await until(() => seen.length === 1);
    expect(seen).toEqual([{ batch: 1 }]);
    await until(async () => (await queue.getProperties()).approximateMessagesCount === 0);
  });

  it('should retry a failing message with its dequeue count and complete it once the handler succeeds', async () => {
    const attempts: number[] = [];
    const { queue, poison, send } = await serve(async (_item, context) => {
      attempts.push(Number(context.triggerMetadata?.dequeueCount));
      if (attempts.length < 3) throw new Error('not yet');
    });
    await send({ batch: 2 });
    await until(() => attempts.length === 3);
    await until(async () => (await queue.getProperties()).approximateMessagesCount === 0);
    expect(attempts).toEqual([1, 2, 3]);
    expect(await poison.exists()).toBe(false);
  });

  it('should move a message that fails maxDequeueCount times to <queue>-poison, text unchanged', async () => {
    let attempts = 0;
    const { queue, poison, lines, send } = await serve(async () => {
      attempts++;
      throw new Error('always');
    });
    await send({ batch: 3 });
    await until(async () => (await poison.exists()) && (await poison.getProperties()).approximateMessagesCount === 1);
    expect(attempts).toBe(FAST_QUEUES.maxDequeueCount);
    expect((await queue.getProperties()).approximateMessagesCount).toBe(0);
    const [moved] = (await poison.peekMessages()).peekedMessageItems;
    expect(JSON.parse(Buffer.from(moved!.messageText, 'base64').toString())).toEqual({ batch: 3 });
    expect(lines.some((line) => line.includes('moved to') && line.includes('-poison'))).toBe(true);
  });
});

describe('queueHostSettings', () => {
  it('should read the app\'s host.json: base64 messages, 5 attempts before the poison queue', () => {
    expect(queueHostSettings(readHostJson())).toMatchObject({ messageEncoding: 'base64', maxDequeueCount: 5, visibilityTimeoutInMs: 5_000, maxPollingIntervalInMs: 2_000 });
  });

  it('should apply the host\'s defaults where host.json says nothing', () => {
    expect(queueHostSettings({})).toEqual({ batchSize: 16, newBatchThreshold: 8, maxDequeueCount: 5, visibilityTimeoutInMs: 0, maxPollingIntervalInMs: 60_000, messageEncoding: 'base64' });
  });

  it('should name a bad setting', () => {
    expect(() => queueHostSettings({ extensions: { queues: { batchSize: 64 } } })).toThrow(/batchSize/);
  });
});
