// The official SDK clients, built once per subscription or region from the configured endpoints.
// Their own retries are off: withRetry (retry.ts) owns throttling. Token audiences are explicit —
// ARM's from its endpoint (ContainerServiceClient would otherwise always ask for the public cloud),
// the metrics one from SNAT_METRICS_AUDIENCE (MetricsClient asks for ARM's unless told, DOMAIN §9).
// Every attempt has a time limit (attempt-timeout.ts); callers pass their deadline as abortSignal.
// The two management SDKs load on their first call (lazy-client.ts): they are most of the bundle
// and serve topology refreshes only, so a cold start no longer pays for them.
import type { ContainerServiceClient } from '@azure/arm-containerservice';
import type { NetworkManagementClient } from '@azure/arm-network';
import type { TokenCredential } from '@azure/core-auth';
import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { MetricsClient } from '@azure/monitor-query-metrics';
import type { Config } from '../config.js';
import { attemptTimeoutPolicy, DEFAULT_CALL_TIMEOUT_IN_MS } from './attempt-timeout.js';
import { lazyClient } from './lazy-client.js';
import { normalizeRegion } from './resource-id.js';

export interface AzureEndpoints {
  /** e.g. https://management.azure.com */
  armEndpoint: string;
  /** e.g. https://{region}.metrics.monitor.azure.com — `{region}` is replaced per batch. */
  metricsEndpoint: string;
  /** e.g. https://metrics.monitor.azure.com/.default */
  metricsAudience: string;
  /** Per-attempt timeout of every call (SNAT_CALL_TIMEOUT_SECONDS); 20 s when unset. */
  callTimeoutInMs?: number;
}

export interface AzureClients {
  network(subscriptionId: string): NetworkManagementClient;
  containerService(subscriptionId: string): ContainerServiceClient;
  metrics(region: string): MetricsClient;
  /** Resource Graph: one client for every subscription (the query names them), on the ARM endpoint. */
  resourceGraph(): Promise<ResourceGraphClient>;
  /** The region's metrics endpoint (no trailing slash): metrics.ts sends through metrics(region).pipeline to it. */
  metricsEndpoint(region: string): string;
}

export function endpointsFromConfig(config: Pick<Config, 'SNAT_ARM_ENDPOINT' | 'SNAT_METRICS_ENDPOINT' | 'SNAT_METRICS_AUDIENCE' | 'SNAT_CALL_TIMEOUT_SECONDS'>): AzureEndpoints {
  return {
    armEndpoint: config.SNAT_ARM_ENDPOINT,
    metricsEndpoint: config.SNAT_METRICS_ENDPOINT,
    metricsAudience: config.SNAT_METRICS_AUDIENCE,
    callTimeoutInMs: config.SNAT_CALL_TIMEOUT_SECONDS * 1000,
  };
}

/** The regional metrics endpoint of `region` (`East US` → https://eastus.metrics.monitor.azure.com). */
export function metricsEndpointFor(template: string, region: string): string {
  return template.replaceAll('{region}', normalizeRegion(region)).replace(/\/+$/, '');
}

/** Loads the management SDKs now (the runtime does, while it opens its tables), so a run's first read does not wait for them. */
export async function preloadManagementSdks(): Promise<void> {
  await Promise.all([import('@azure/arm-network'), import('@azure/arm-containerservice'), import('@azure/arm-resourcegraph')]);
}

export function createAzureClients(credential: TokenCredential, endpoints: AzureEndpoints): AzureClients {
  const armEndpoint = endpoints.armEndpoint.replace(/\/+$/, '');
  const additionalPolicies = [attemptTimeoutPolicy(endpoints.callTimeoutInMs ?? DEFAULT_CALL_TIMEOUT_IN_MS)];
  const armOptions = {
    endpoint: armEndpoint,
    credentialScopes: [`${new URL(armEndpoint).origin}/.default`],
    retryOptions: { maxRetries: 0 },
    additionalPolicies,
  };
  const networks = new Map<string, NetworkManagementClient>();
  const clusters = new Map<string, ContainerServiceClient>();
  const metrics = new Map<string, MetricsClient>();
  let graph: Promise<ResourceGraphClient> | undefined;
  return {
    network: (subscriptionId) =>
      memo(networks, subscriptionId, () =>
        lazyClient(async () => new (await import('@azure/arm-network')).NetworkManagementClient(credential, subscriptionId, armOptions)),
      ),
    containerService: (subscriptionId) =>
      memo(clusters, subscriptionId, () =>
        lazyClient(async () => new (await import('@azure/arm-containerservice')).ContainerServiceClient(credential, subscriptionId, armOptions)),
      ),
    metrics: (region) =>
      memo(metrics, normalizeRegion(region), () =>
        new MetricsClient(metricsEndpointFor(endpoints.metricsEndpoint, region), credential, {
          audience: endpoints.metricsAudience,
          retryOptions: { maxRetries: 0 },
          additionalPolicies,
        }),
      ),
    // A REST-level (core-client) client: its token scopes go in `credentials`, not `credentialScopes`.
    // Loaded on first use, as the management SDKs are: topology refreshes are its only callers.
    resourceGraph: () =>
      (graph ??= import('@azure/arm-resourcegraph').then(
        ({ ResourceGraphClient }) =>
          new ResourceGraphClient(credential, {
            endpoint: armEndpoint,
            credentials: { scopes: armOptions.credentialScopes },
            retryOptions: { maxRetries: 0 },
            additionalPolicies,
          }),
      )),
    metricsEndpoint: (region) => metricsEndpointFor(endpoints.metricsEndpoint, region),
  };
}

function memo<T>(cache: Map<string, T>, key: string, create: () => T): T {
  const lower = key.toLowerCase();
  let value = cache.get(lower);
  if (value === undefined) cache.set(lower, (value = create()));
  return value;
}
