// One queue trigger of the local host, polling Azurite's queue service as the Functions host polls
// Azure Storage (host.json extensions.queues, host-queue-settings.ts): up to batchSize messages at a
// time, a new batch once no more than newBatchThreshold are in flight, polling backing off to
// maxPollingInterval while the queue is empty. A message whose handler throws becomes visible again
// after visibilityTimeout; after maxDequeueCount attempts it is moved to `<queue>-poison`.
// https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue-trigger#poison-messages
// https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue-trigger#polling-algorithm
import functions, { type LogLevel, type StorageQueueFunctionOptions } from '@azure/functions';
import type { DequeuedMessageItem, QueueClient } from '@azure/storage-queue';
import type { QueueHostSettings } from './host-queue-settings.js';

const { InvocationContext } = functions;

export interface HostQueueOptions {
  queue: QueueClient;
  /** `<queue>-poison`. */
  poison: QueueClient;
  settings: QueueHostSettings;
  log: (level: LogLevel, text: string) => void;
  logHandler: (level: LogLevel, ...args: unknown[]) => void;
  stopWaitInMs: number;
  /** The first wait after an empty poll (the host starts at 100 ms and doubles it). */
  minPollingIntervalInMs?: number;
}

/** While a handler runs its message stays invisible; the host keeps renewing it, we take it long enough for one run. */
const PROCESSING_VISIBILITY_SECONDS = 10 * 60;

export function startHostQueue(name: string, options: StorageQueueFunctionOptions, host: HostQueueOptions): { stop(): Promise<void> } {
  const { queue, poison, settings } = host;
  const minDelay = host.minPollingIntervalInMs ?? 100;
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  let wake: () => void = () => {};
  const pause = (ms: number) => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake = () => (clearTimeout(timer), resolve());
  });

  async function poll(): Promise<void> {
    let delay = minDelay;
    while (!stopped) {
      if (inFlight.size > settings.newBatchThreshold) {
        await Promise.race(inFlight);
        continue;
      }
      const items = await receive();
      if (items.length === 0) {
        await pause(delay);
        delay = Math.min(delay * 2, Math.max(minDelay, settings.maxPollingIntervalInMs));
        continue;
      }
      delay = minDelay;
      for (const item of items) {
        const run: Promise<void> = process(item).finally(() => inFlight.delete(run));
        inFlight.add(run);
      }
    }
  }

  async function receive(): Promise<DequeuedMessageItem[]> {
    try {
      return (await queue.receiveMessages({ numberOfMessages: settings.batchSize, visibilityTimeout: PROCESSING_VISIBILITY_SECONDS })).receivedMessageItems;
    } catch (error) {
      // A queue not created yet (nothing planned so far) is polled again later, as the host does.
      if ((error as { statusCode?: number }).statusCode !== 404) host.log('warning', `could not poll ${queue.name}: ${messageOf(error)}`);
      return [];
    }
  }

  async function process(item: DequeuedMessageItem): Promise<void> {
    // Taken more often than allowed (a worker died mid-run): poisoned before it runs again.
    if (item.dequeueCount > settings.maxDequeueCount) return toPoison(item);
    const context = new InvocationContext({
      functionName: name,
      logHandler: host.logHandler,
      triggerMetadata: {
        id: item.messageId,
        popReceipt: item.popReceipt,
        dequeueCount: item.dequeueCount,
        insertionTime: item.insertedOn.toISOString(),
        expirationTime: item.expiresOn.toISOString(),
        nextVisibleTime: item.nextVisibleOn.toISOString(),
      },
    });
    try {
      await options.handler(decode(item.messageText, settings.messageEncoding), context);
    } catch (error) {
      host.log('error', `failed on message ${item.messageId} (attempt ${item.dequeueCount} of ${settings.maxDequeueCount}): ${messageOf(error)}`);
      if (item.dequeueCount >= settings.maxDequeueCount) return toPoison(item);
      // Visible again after visibilityTimeout, for the next attempt.
      await queue.updateMessage(item.messageId, item.popReceipt, undefined, Math.round(settings.visibilityTimeoutInMs / 1000)).catch((e: unknown) => host.log('warning', `could not release ${item.messageId}: ${messageOf(e)}`));
      return;
    }
    await queue.deleteMessage(item.messageId, item.popReceipt).catch((error: unknown) => host.log('warning', `could not delete ${item.messageId} (it may run again): ${messageOf(error)}`));
  }

  async function toPoison(item: DequeuedMessageItem): Promise<void> {
    try {
      await poison.sendMessage(item.messageText).catch(async (error: unknown) => {
        if ((error as { statusCode?: number }).statusCode !== 404) throw error;
        await poison.createIfNotExists();
        await poison.sendMessage(item.messageText);
      });
      await queue.deleteMessage(item.messageId, item.popReceipt);
      host.log('warning', `message ${item.messageId} failed ${item.dequeueCount} time(s): moved to ${poison.name}`);
    } catch (error) {
      host.log('error', `could not move ${item.messageId} to ${poison.name}: ${messageOf(error)}`);
    }
  }

  const polling = poll();
  return {
    async stop() {
      stopped = true;
      wake();
      const settled = Promise.all([polling, ...inFlight]).then(() => undefined);
      await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, host.stopWaitInMs).unref())]);
    },
  };
}

/** What the worker hands a Node handler: the decoded text, parsed when it is JSON. */
function decode(text: string, encoding: QueueHostSettings['messageEncoding']): unknown {
  const decoded = encoding === 'base64' ? Buffer.from(text, 'base64').toString('utf8') : text;
  try {
    return JSON.parse(decoded);
  } catch {
    return decoded;
  }
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);
}
