// The composition root: settings read once, the Azure clients, the stores and the clock, built once
// per process and shared by every function. The functions host and the local host use the same one;
// the local host only swaps the clock (its scenario runs compressed time).
import type { TokenCredential } from '@azure/core-auth';
import type { TargetAlertState } from './alerting/alert-state.js';
import { watchRulesFromConfig, type WatchRules } from './alerting/watch-rules.js';
import { createAzureClients, endpointsFromConfig, preloadManagementSdks, type AzureClients } from './azure/clients.js';
import { createAzureCredential, preloadIdentity } from './azure/credentials.js';
import { createSeriesCache, type SeriesCache } from './azure/series-cache.js';
import { readTopology } from './azure/topology.js';
import { readTopologyFromGraph } from './azure/resource-graph-topology.js';
import { loadConfig, type Config } from './config.js';
import type { DigestState } from './digest/digest-state.js';
import { createNotifier } from './slack/create-notifier.js';
import { parseNotificationPayload, type NotificationPayload } from './slack/notification-payload.js';
import type { Notifier } from './slack/notifier.js';
import { createOutbox, type Outbox } from './state/outbox.js';
import { createSnapshotStore, type SnapshotStore } from './state/snapshot-store.js';
import { createHeartbeatStore, type HeartbeatStore } from './state/heartbeat-store.js';
import { createSilenceStore, type SilenceStore } from './state/silence-store.js';
import { createReplayGuard, type ReplayGuard } from './state/replay-guard.js';
import { openStateTables, type OpenTableOptions } from './state/table-client.js';
import type { WatcherState } from './watch/watcher-state.js';
import { createTargetStateStore, type TargetStateStore } from './state/target-state-store.js';
import { createTargetRecordStore, type TargetRecordStore } from './state/target-record-store.js';
import { createTargetList, type TargetList } from './watch/target-list.js';
import { createTopologyCache, type TopologyCache } from './watch/topology-cache.js';
import { createWorkloadAttributor, workspaceClients, type WorkloadAttributor } from './watch/workload-attribution.js';
import { createPrometheusClient } from './azure/prometheus-client.js';
import type { HourlyRollup, TargetSnapshot } from './watch/target-snapshot.js';
import { createTargetRouter, type TargetRouter } from './routing/target-router.js';
import type { BatchQueue } from './fanout/batch-queue.js';

export interface Runtime {
  config: Config;
  rules: WatchRules;
  now: () => Date;
  azure: AzureClients;
  targets: TargetList;
  topology: TopologyCache;
  alertStates: TargetStateStore<TargetAlertState>;
  /** The daily digest's own state (which day it last posted), in the state table under a pseudo target. */
  digests: TargetStateStore<DigestState>;
  outbox: Outbox<NotificationPayload>;
  /** Where the outbox delivers: the Slack app (threads) or the webhook, as the settings say. */
  notifier: Notifier;
  /** Silences people set (Slack buttons, the page, the API), in the state table. */
  silences: SilenceStore;
  /** Slack request signatures already seen (POST /api/slack/interactions refuses replays with it). */
  slackReplays: ReplayGuard;
  snapshots: SnapshotStore<TargetSnapshot, HourlyRollup>;
  /** What a watch turn writes in one transaction per target: alert state, message, snapshot, rollups (issue 11). */
  records: TargetRecordStore<TargetAlertState, TargetSnapshot, HourlyRollup>;
  /** The watch's own heartbeat and failed-run count (src/watch/heartbeat.ts). */
  heartbeats: HeartbeatStore<WatcherState>;
  /** The identity the Azure clients use; the heartbeat asks it for a token to tell "no identity" from "every read failing". */
  credential?: TokenCredential;
  /** Which channel (or webhook setting) owns each target: tags, SNAT_ROUTES, the default (src/routing). */
  router: TargetRouter;
  /** Names the pods on hot nodes (issue 12); absent in runtimes built without it (then no attribution at all). */
  attribution?: WorkloadAttributor;
  /** Targets' metric series kept between runs in this process (issue 11); absent: every read covers the whole window. */
  metricSeries?: SeriesCache;
  /** The fan-out's batch queue and its poison queue (src/fanout/), opened on first use: a run that never fans out never needs one. */
  batchQueue?: () => Promise<BatchQueue>;
}

export interface CreateRuntimeOptions {
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  /** Table Storage retries (tests of outages keep them short); the timeout comes from SNAT_STORAGE_TIMEOUT_SECONDS. */
  storageRetry?: OpenTableOptions['retry'];
}

export async function createRuntime(options: CreateRuntimeOptions = {}): Promise<Runtime> {
  const env = options.env ?? process.env;
  const config = loadConfig(env);
  const credential = createAzureCredential(env, { timeoutInMs: config.SNAT_CALL_TIMEOUT_SECONDS * 1000 });
  const azure = createAzureClients(credential, endpointsFromConfig(config));
  const now = options.now ?? (() => new Date());
  // The Azure SDKs that importing the app no longer loads (scripts/build.mjs) load here, while the tables open.
  const [tables] = await Promise.all([
    openStateTables(config, {
      credential,
      timeoutInMs: config.SNAT_STORAGE_TIMEOUT_SECONDS * 1_000,
      ...(options.storageRetry ? { retry: options.storageRetry } : {}),
    }),
    preloadManagementSdks(),
    preloadIdentity(),
  ]);
  return {
    config,
    rules: watchRulesFromConfig(config),
    now,
    azure,
    targets: createTargetList(config.SNAT_TARGETS, config.SNAT_DISCOVERY_SUBSCRIPTIONS, azure, config.SNAT_TOPOLOGY_REFRESH_MINUTES, { source: config.SNAT_TOPOLOGY_SOURCE }),
    topology: createTopologyCache(
      (ids, read) =>
        (config.SNAT_TOPOLOGY_SOURCE === 'arm' ? readTopology : readTopologyFromGraph)(ids, {
          clients: azure, defaultSurge: config.SNAT_DEFAULT_SURGE, retry: { deadline: read?.deadline },
        }),
      config.SNAT_TOPOLOGY_REFRESH_MINUTES,
    ),
    alertStates: createTargetStateStore<TargetAlertState>(tables.state),
    digests: createTargetStateStore<DigestState>(tables.state),
    outbox: createOutbox<NotificationPayload>(tables.state, {
      delivery: { timeoutInMs: config.SNAT_SLACK_TIMEOUT_MS, resendAfterInMs: config.SNAT_SLACK_RESEND_AFTER_MS, now },
      parse: parseNotificationPayload,
    }),
    notifier: createNotifier(config, { state: tables.state, env, now }),
    silences: createSilenceStore(tables.state),
    slackReplays: createReplayGuard(tables.state),
    // Snapshots live beside the state since issue 11; the old snapshots table is still read.
    snapshots: createSnapshotStore<TargetSnapshot, HourlyRollup>(tables.state, { legacy: tables.snapshots }),
    records: createTargetRecordStore<TargetAlertState, TargetSnapshot, HourlyRollup>(tables.state, { legacy: tables.snapshots }),
    heartbeats: createHeartbeatStore<WatcherState>(tables.state),
    credential,
    router: createTargetRouter(config.routing),
    metricSeries: createSeriesCache(),
    // Loaded on first use: the Storage queue SDK is a fifth of the bundle, and only fan-out runs need it.
    batchQueue: once(async () => (await import('./fanout/batch-queue.js')).openBatchQueue(config, credential)),
    attribution: createWorkloadAttributor({
      enabled: config.SNAT_ATTRIBUTION === 'on',
      clientFor: workspaceClients(config.SNAT_PROMETHEUS_QUERY_ENDPOINT, config.SNAT_PROMETHEUS_QUERY_ENDPOINTS, (endpoint) =>
        createPrometheusClient({ endpoint, credential, timeoutInMs: config.SNAT_ATTRIBUTION_TIMEOUT_SECONDS * 1000 }),
      ),
      windowMinutes: config.SNAT_WINDOW_MINUTES,
      refreshMinutes: config.SNAT_ATTRIBUTION_REFRESH_MINUTES,
      timeoutInMs: config.SNAT_ATTRIBUTION_TIMEOUT_SECONDS * 1000,
    }),
  };
}

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

let shared: Promise<Runtime> | undefined;

/** The process's runtime, created on first use from the app settings. */
export function getRuntime(): Promise<Runtime> {
  shared ??= createRuntime().catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}

/** Installs the runtime the functions use: the local host's (scenario clock), or a test's. */
export function useRuntime(runtime: Runtime | Promise<Runtime>): void {
  shared = Promise.resolve(runtime);
}
