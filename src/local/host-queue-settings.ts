// The queue trigger's settings from host.json (extensions.queues), read the way the Functions host
// reads them, with its defaults, so the local host retries and poisons exactly as Azure would.
// https://learn.microsoft.com/azure/azure-functions/functions-host-json#queues
//   batchSize 16 (1–32), newBatchThreshold batchSize/2, maxDequeueCount 5, visibilityTimeout 0
//   (between a failed attempt and the next), maxPollingInterval 1 minute, messageEncoding base64.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export interface QueueHostSettings {
  batchSize: number;
  newBatchThreshold: number;
  maxDequeueCount: number;
  visibilityTimeoutInMs: number;
  maxPollingIntervalInMs: number;
  messageEncoding: 'base64' | 'none';
}

/** "hh:mm:ss" (a .NET TimeSpan, as host.json writes durations) or milliseconds as a number. */
const timeSpan = z.union([
  z.number().int().min(0),
  z.string().regex(/^\d{1,2}:\d{2}:\d{2}(\.\d+)?$/, 'expected hh:mm:ss').transform((text) => {
    const [h, m, s] = text.split(':').map(Number) as [number, number, number];
    return Math.round(((h * 60 + m) * 60 + s) * 1000);
  }),
]);

const queuesSchema = z.object({
  batchSize: z.number().int().min(1).max(32).default(16),
  newBatchThreshold: z.number().int().min(0).optional(),
  maxDequeueCount: z.number().int().min(1).default(5),
  visibilityTimeout: timeSpan.default(0),
  maxPollingInterval: timeSpan.default(60_000),
  messageEncoding: z.enum(['base64', 'none']).default('base64'),
});

export function queueHostSettings(hostJson: unknown): QueueHostSettings {
  const extensions = (hostJson as { extensions?: { queues?: unknown } } | null)?.extensions;
  const parsed = queuesSchema.safeParse(extensions?.queues ?? {});
  if (!parsed.success) throw new RangeError(`host.json extensions.queues: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const q = parsed.data;
  return {
    batchSize: q.batchSize,
    newBatchThreshold: q.newBatchThreshold ?? Math.floor(q.batchSize / 2),
    maxDequeueCount: q.maxDequeueCount,
    visibilityTimeoutInMs: q.visibilityTimeout,
    maxPollingIntervalInMs: q.maxPollingInterval,
    messageEncoding: q.messageEncoding,
  };
}

/** The app's host.json: the nearest one above this module (src/local/ in development, dist/ once bundled). */
export function readHostJson(from: string = dirname(fileURLToPath(import.meta.url))): unknown {
  for (let dir = from; ; dir = dirname(dir)) {
    const path = join(dir, 'host.json');
    if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8'));
    if (dirname(dir) === dir) return {};
  }
}
