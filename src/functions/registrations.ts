// Every function of the app, in one list that both hosts read: src/index.ts registers it with the
// Azure Functions host, and the local host (src/local/functions-host.ts) serves the same entries,
// so the two can never drift.
import type { HttpFunctionOptions, StorageQueueFunctionOptions, TimerFunctionOptions } from '@azure/functions';
import { capacityDigest, capacityDigestTrigger } from './capacity-digest.js';
import { openapi, openapiRoute } from './openapi.js';
import { recommendations, recommendationsRoute } from './recommendations.js';
import { slackInteractions, slackInteractionsRoute } from './slack-interactions.js';
import { silences, silencesRoute } from './silences.js';
import { snatWatch, snatWatchTrigger } from './snat-watch.js';
import { snatWatchBatch, snatWatchBatchTrigger } from './snat-watch-batch.js';

export type Registration =
  | { kind: 'http'; name: string; options: HttpFunctionOptions }
  | { kind: 'timer'; name: string; options: TimerFunctionOptions }
  | { kind: 'queue'; name: string; options: StorageQueueFunctionOptions };

export const registrations: readonly Registration[] = [
  { kind: 'timer', name: 'snatWatch', options: { ...snatWatchTrigger, handler: snatWatch } },
  // Fan-out (src/fanout/): the batches snatWatch planned onto the queue, one per invocation.
  { kind: 'queue', name: 'snatWatchBatch', options: { ...snatWatchBatchTrigger, handler: snatWatchBatch } },
  { kind: 'timer', name: 'capacityDigest', options: { ...capacityDigestTrigger, handler: capacityDigest } },
  { kind: 'http', name: 'recommendations', options: { ...recommendationsRoute, methods: [...recommendationsRoute.methods], handler: recommendations } },
  { kind: 'http', name: 'openapi', options: { ...openapiRoute, methods: [...openapiRoute.methods], handler: openapi } },
  { kind: 'http', name: 'slackInteractions', options: { ...slackInteractionsRoute, methods: [...slackInteractionsRoute.methods], handler: slackInteractions } },
  { kind: 'http', name: 'silences', options: { ...silencesRoute, methods: [...silencesRoute.methods], handler: silences } },
];
