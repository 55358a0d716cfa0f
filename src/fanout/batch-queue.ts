// The fan-out's Storage queues: the batch queue the timer fills and the queue trigger drains, and its
// poison queue (`<name>-poison`, where the Functions host moves a message after maxDequeueCount failed
// attempts). Same account and identity as the state tables: a connection string (Azurite, a laptop)
// or, in Azure, AzureWebJobsStorage__queueServiceUri with the managed identity.
// https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue-trigger#poison-messages
import type { TokenCredential } from '@azure/core-auth';
import { defaultAzureCredential } from '../azure/credentials.js';
import { QueueServiceClient, type QueueClient, type StoragePipelineOptions } from '@azure/storage-queue';
import { ConfigError, type Config } from '../config.js';
import { mapConcurrent } from '../azure/map-concurrent.js';

/** "<originalqueuename>-poison": the host's name for the poison queue of a queue trigger. */
export const POISON_SUFFIX = '-poison';

/** Enqueue round trips in flight at once. */
const SEND_CONCURRENCY = 8;
/** Receive Messages returns at most 32 per call. https://learn.microsoft.com/rest/api/storageservices/get-messages */
const MAX_MESSAGES_PER_RECEIVE = 32;

export interface QueuedMessage {
  id: string;
  popReceipt: string;
  /** base64 JSON, as sent. */
  text: string;
  dequeueCount: number;
}

export interface BatchQueue {
  name: string;
  poisonName: string;
  main: QueueClient;
  poison: QueueClient;
  /** Sends each text; creates the queue the first time where it does not exist (Azurite; infra creates it in Azure). */
  send(texts: readonly string[]): Promise<void>;
  /** Messages on the batch queue, invisible ones (being worked on) included: 0 once every batch was taken or poisoned. */
  pending(): Promise<number>;
  /**
   * Takes up to `max` poisoned messages: each is handed to `handle` and deleted only once it answers
   * `done`, so one it could not finish (`keep`, or a throw) waits for the next run, as do the rest.
   */
  takePoisoned(handle: (message: QueuedMessage) => Promise<'done' | 'keep'>, options?: { max?: number; visibilityTimeoutInSeconds?: number }): Promise<number>;
}

export type QueueSettings = Pick<Config, 'AzureWebJobsStorage' | 'AzureWebJobsStorage__queueServiceUri' | 'SNAT_FANOUT_QUEUE' | 'SNAT_STORAGE_TIMEOUT_SECONDS'>;

export function openBatchQueue(settings: QueueSettings, credential?: TokenCredential): BatchQueue {
  const service = queueService(settings, credential);
  const name = settings.SNAT_FANOUT_QUEUE;
  const poisonName = `${name}${POISON_SUFFIX}`;
  const main = service.getQueueClient(name);
  const poison = service.getQueueClient(poisonName);
  return {
    name,
    poisonName,
    main,
    poison,
    async send(texts) {
      if (texts.length === 0) return;
      await createIfMissing(main, () => main.sendMessage(texts[0]!));
      await mapConcurrent(texts.slice(1), SEND_CONCURRENCY, (text) => main.sendMessage(text));
    },
    async pending() {
      try {
        return (await main.getProperties()).approximateMessagesCount ?? 0;
      } catch (error) {
        if (isQueueMissing(error)) return 0;
        throw error;
      }
    },
    async takePoisoned(handle, options = {}) {
      const max = options.max ?? 500;
      let taken = 0;
      while (taken < max) {
        const received = await poison
          .receiveMessages({ numberOfMessages: Math.min(MAX_MESSAGES_PER_RECEIVE, max - taken), visibilityTimeout: options.visibilityTimeoutInSeconds ?? 120 })
          .catch((error: unknown) => (isQueueMissing(error) ? null : Promise.reject(error)));
        const items = received?.receivedMessageItems ?? [];
        if (items.length === 0) break;
        for (const item of items) {
          const answer = await handle({ id: item.messageId, popReceipt: item.popReceipt, text: item.messageText, dequeueCount: item.dequeueCount });
          if (answer === 'done') await poison.deleteMessage(item.messageId, item.popReceipt);
          taken++;
        }
      }
      return taken;
    },
  };
}

function queueService(settings: QueueSettings, credential: TokenCredential | undefined): QueueServiceClient {
  const options: StoragePipelineOptions = {
    retryOptions: { maxTries: 3, tryTimeoutInMs: settings.SNAT_STORAGE_TIMEOUT_SECONDS * 1_000 },
  };
  if (settings.AzureWebJobsStorage) {
    // A string naming its table endpoint but no queue endpoint (an emulator on its own ports) would
    // send the batches to the account's default cloud URL: refuse it rather than guess.
    if (/TableEndpoint=/i.test(settings.AzureWebJobsStorage) && !/QueueEndpoint=/i.test(settings.AzureWebJobsStorage)) {
      throw new ConfigError(['AzureWebJobsStorage: the connection string names a TableEndpoint but no QueueEndpoint, which the fan-out needs']);
    }
    return QueueServiceClient.fromConnectionString(settings.AzureWebJobsStorage, options);
  }
  if (settings.AzureWebJobsStorage__queueServiceUri) {
    return new QueueServiceClient(settings.AzureWebJobsStorage__queueServiceUri, credential ?? defaultAzureCredential(), options);
  }
  throw new ConfigError(['AzureWebJobsStorage__queueServiceUri: the fan-out needs a queue: set AzureWebJobsStorage (connection string) or AzureWebJobsStorage__queueServiceUri (managed identity)']);
}

async function createIfMissing<T>(queue: QueueClient, attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (!isQueueMissing(error)) throw error;
    await queue.createIfNotExists();
    return attempt();
  }
}

function isQueueMissing(error: unknown): boolean {
  const { statusCode, code } = (error ?? {}) as { statusCode?: number; code?: string };
  return statusCode === 404 && (code === undefined || code === 'QueueNotFound');
}
