import { DefaultAzureCredential } from '@azure/identity';
import { MetricsClient } from '@azure/monitor-query-metrics';
import { describe, expect, it } from 'vitest';
import { addLoadBalancer } from '../../../src/local/simulated-azure/world-builders.js';
import { SimulatedWorld } from '../../../src/local/simulated-azure/world.js';
import { useSimulatedAzure } from '../../support/simulated-azure.js';

const SUB = '00000000-0000-0000-0000-0000000000d1';

describe('simulated Azure token endpoint', () => {
  it.each([
    { name: 'no identity header', header: undefined, query: 'api-version=2019-08-01&resource=https://management.azure.com', status: 401 },
    { name: 'a wrong identity header', header: 'guess', query: 'api-version=2019-08-01&resource=https://management.azure.com', status: 401 },
    { name: 'another api-version', header: 'ok', query: 'api-version=2017-09-01&resource=https://management.azure.com', status: 400 },
    { name: 'no resource', header: 'ok', query: 'api-version=2019-08-01', status: 400 },
  ])('should refuse a token request with $name', async ({ header, query, status }) => {
    const azure = await useSimulatedAzure();
    const env = azure.env();
    const headers: Record<string, string> = header ? { 'X-IDENTITY-HEADER': header === 'ok' ? env.IDENTITY_HEADER : header } : {};
    const response = await fetch(`${env.IDENTITY_ENDPOINT}?${query}`, { headers });
    expect(response.status).toBe(status);
  });

  it('should answer in the App Service shape MSAL reads', async () => {
    const azure = await useSimulatedAzure();
    const env = azure.env();
    const response = await fetch(`${env.IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=https%3A%2F%2Fmetrics.monitor.azure.com&client_id=abc`, {
      headers: { 'X-IDENTITY-HEADER': env.IDENTITY_HEADER },
    });
    const body = (await response.json()) as Record<string, string>;
    expect(body).toEqual({ access_token: expect.any(String), expires_on: expect.stringMatching(/^\d+$/), resource: 'https://metrics.monitor.azure.com', token_type: 'Bearer', client_id: 'abc' });
    expect(Number(body.expires_on) * 1000 - Date.now()).toBeGreaterThan(50 * 60_000);
  });

  it('should give the real DefaultAzureCredential a token, asking as a user-assigned identity when told', async () => {
    const azure = await useSimulatedAzure();
    const credential = new DefaultAzureCredential({ managedIdentityClientId: '11111111-2222-3333-4444-555555555555' });

    const token = await credential.getToken('https://management.azure.com/.default');
    expect(token.token.length).toBeGreaterThan(20);
    expect(azure.requests.of('token')[0]?.query).toMatchObject({ client_id: '11111111-2222-3333-4444-555555555555', resource: 'https://management.azure.com' });
  });
});

describe('simulated Azure bearer check', () => {
  it('should refuse ARM reads without a token', async () => {
    const azure = await useSimulatedAzure();
    const response = await fetch(`${azure.url}/subscriptions/${SUB}/providers/Microsoft.Network/loadBalancers?api-version=2025-05-01`);
    expect(response.status).toBe(401);
  });

  it('should refuse a metrics token for the ARM audience — what MetricsClient asks for unless `audience` is set', async () => {
    const world = new SimulatedWorld();
    const lb = addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'lb', nodes: 1 });
    const azure = await useSimulatedAzure(world);
    const endpoint = azure.env().SNAT_METRICS_ENDPOINT.replace('{region}', 'eastus');
    const query = (client: MetricsClient) => client.queryResources([lb.id], ['UsedSnatPorts'], 'Microsoft.Network/loadBalancers');

    const withoutAudience = new MetricsClient(endpoint, new DefaultAzureCredential(), { retryOptions: { maxRetries: 0 } });
    await expect(query(withoutAudience)).rejects.toMatchObject({ statusCode: 401, message: expect.stringContaining('wrong audience') });

    const withAudience = new MetricsClient(endpoint, new DefaultAzureCredential(), { audience: 'https://metrics.monitor.azure.com/.default' });
    await expect(query(withAudience)).resolves.toHaveLength(1);
  });
});
