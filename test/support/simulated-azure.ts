// Starts the simulated Azure for a test file and points DefaultAzureCredential at it.
//
// One server per test file (per process), reset between tests: MSAL pins the managed-identity
// source — and with it IDENTITY_ENDPOINT — in a static on first use and caches tokens process-wide
// (msal-node ManagedIdentityClient.identitySource, ManagedIdentityApplication.nodeStorage), so a
// second server in the same process would never be asked for a token.
import { afterAll } from 'vitest';
import { createAzureClients, type AzureClients } from '../../src/azure/clients.js';
import { createAzureCredential } from '../../src/azure/credentials.js';
import type { RetryOptions } from '../../src/azure/retry.js';
import { readTlsMaterial } from '../../src/local/simulated-azure/tls.js';
import { startSimulatedAzure, type SimulatedAzure } from '../../src/local/simulated-azure/server.js';
import { SimulatedWorld } from '../../src/local/simulated-azure/world.js';

let running: Promise<SimulatedAzure> | undefined;

const previousEnv = { IDENTITY_ENDPOINT: process.env.IDENTITY_ENDPOINT, IDENTITY_HEADER: process.env.IDENTITY_HEADER };

afterAll(async () => {
  const azure = await running;
  running = undefined;
  await azure?.close();
  for (const [name, value] of Object.entries(previousEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/**
 * The simulated Azure of this test file, reset to `world` (a fresh empty one by default) with no
 * faults and an empty request log. Sets IDENTITY_ENDPOINT / IDENTITY_HEADER in process.env.
 */
export async function useSimulatedAzure(world: SimulatedWorld = new SimulatedWorld()): Promise<SimulatedAzure> {
  running ??= start();
  const azure = await running;
  azure.reset(world);
  return azure;
}

async function start(): Promise<SimulatedAzure> {
  const dir = process.env.SNAT_TEST_TLS_DIR;
  const tls = dir ? await readTlsMaterial(dir) : undefined;
  if (!tls || !process.env.NODE_EXTRA_CA_CERTS) {
    throw new Error('The simulated Azure needs the TLS material of test/support/tls-setup.ts: run the tests through vitest (globalSetup).');
  }
  const azure = await startSimulatedAzure({ tls, armPageSize: 20 });
  const env = azure.env();
  process.env.IDENTITY_ENDPOINT = env.IDENTITY_ENDPOINT;
  process.env.IDENTITY_HEADER = env.IDENTITY_HEADER;
  return azure;
}

/** The app's Azure clients, built exactly as production builds them, pointed at `azure`. */
export function azureClientsFor(azure: SimulatedAzure): AzureClients {
  const env = azure.env();
  return createAzureClients(createAzureCredential({}), {
    armEndpoint: env.SNAT_ARM_ENDPOINT,
    metricsEndpoint: env.SNAT_METRICS_ENDPOINT,
    metricsAudience: env.SNAT_METRICS_AUDIENCE,
  });
}

/** Retries without real waiting, so throttling tests stay fast; records each wait. */
export function fastRetry(waits: number[] = []): RetryOptions {
  return { maxRetries: 3, retryDelayInMs: 1, maxRetryDelayInMs: 5_000, sleep: async (ms) => void waits.push(ms) };
}

/** `Bearer …` for raw requests, fetched from the token endpoint like a managed identity would. */
export async function bearerFor(azure: SimulatedAzure, resource: 'https://management.azure.com' | 'https://metrics.monitor.azure.com' | 'https://prometheus.monitor.azure.com'): Promise<string> {
  const env = azure.env();
  const response = await fetch(`${env.IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=${encodeURIComponent(resource)}`, {
    headers: { 'X-IDENTITY-HEADER': env.IDENTITY_HEADER },
  });
  return `Bearer ${((await response.json()) as { access_token: string }).access_token}`;
}
