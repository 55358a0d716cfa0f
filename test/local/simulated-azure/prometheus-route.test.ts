// The simulated workspace's Prometheus query API over real HTTPS: the queries the app sends are
// answered from the world's pods (escaped names included), anything else is refused in Prometheus's
// error shape, and only tokens for the Prometheus audience are taken.
import { describe, expect, it } from 'vitest';
import { readAcnsAttribution } from '../../../src/azure/acns-attribution.js';
import { createAzureCredential } from '../../../src/azure/credentials.js';
import { createPrometheusClient } from '../../../src/azure/prometheus-client.js';
import { readCadvisorCandidates } from '../../../src/azure/cadvisor-attribution.js';
import { nodeTransmitTotalQuery, topTransmitPodsQuery, topSynSourcesQuery } from '../../../src/azure/promql.js';
import { SimulatedWorld } from '../../../src/local/simulated-azure/world.js';
import { addAttributionCluster } from '../../support/attribution-estate.js';
import { bearerFor, useSimulatedAzure } from '../../support/simulated-azure.js';

const AT = new Date('2026-11-20T10:00:00Z');

async function setup(options: Parameters<typeof addAttributionCluster>[1] = {}) {
  const world = new SimulatedWorld();
  const cluster = addAttributionCluster(world, options);
  const azure = await useSimulatedAzure(world);
  const endpoint = azure.env({ prometheus: true }).SNAT_PROMETHEUS_QUERY_ENDPOINT!;
  const client = createPrometheusClient({ endpoint, credential: createAzureCredential({}), timeoutInMs: 5_000 });
  return { world, cluster, azure, endpoint, client };
}

async function post(endpoint: string, bearer: string, query: string) {
  const response = await fetch(`${endpoint}/api/v1/query`, {
    method: 'POST',
    headers: { authorization: bearer, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query, time: String(AT.getTime() / 1000) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('simulated Prometheus query API', () => {
  it('should answer the top sources of a node as an instant vector', async () => {
    const { cluster, client } = await setup();
    const samples = await client.query(topSynSourcesQuery(cluster.names[0]!, 2, 15), AT);
    expect(samples).toEqual([
      { metric: { source: 'shop/checkout-7f9c' }, value: 9_000 },
      { metric: { source: 'shop/cart-5d8b' }, value: 2_250 },
    ]);
  });

  it('should find a node whose name carries a quote and a backslash, through the escaped query', async () => {
    const { world, client } = await setup();
    const lb = world.all().find((resource) => resource.kind === 'loadBalancer');
    if (lb?.kind !== 'loadBalancer') throw new Error('no load balancer');
    lb.nodes[1]!.name = 'odd"node\\1';
    const attribution = await readAcnsAttribution(client, 'odd"node\\1', { windowMinutes: 10, at: AT });
    expect(attribution).toMatchObject({ source: 'acns-metrics', pods: [{ namespace: 'batch', pod: 'report-1', share: 1, newConnections: 1_000, destinations: ['files.example'] }] });
  });

  it('should answer cAdvisor\'s transmitted packets per pod, the hostNetwork pod carrying the node\'s whole traffic and so left out', async () => {
    const { cluster, client } = await setup({ acns: false });
    const node = cluster.names[0]!;
    expect(await client.query(nodeTransmitTotalQuery(node, 15), AT)).toEqual([{ metric: {}, value: 150_000 }]);
    expect(await client.query(topTransmitPodsQuery(node, 2, 15), AT)).toEqual([
      { metric: { namespace: 'shop', pod: 'checkout-7f9c' }, value: 90_000 },
      { metric: { namespace: 'shop', pod: 'cart-5d8b' }, value: 22_500 },
    ]);
    // ACNS off: no Hubble series, while cAdvisor still names candidates.
    expect(await readAcnsAttribution(client, node, { windowMinutes: 15, at: AT })).toMatchObject({ unavailable: 'acns-off' });
    expect(await readCadvisorCandidates(client, node, { windowMinutes: 15, at: AT })).toMatchObject({ source: 'cadvisor-candidates', partial: true, pods: [{ pod: 'checkout-7f9c', share: 0.6 }, { pod: 'cart-5d8b' }, { pod: 'scraper-1' }] });
  });

  it('should answer no cAdvisor series for an unknown node', async () => {
    const { client } = await setup();
    expect(await client.query(topTransmitPodsQuery('aks-nodepool9-00000000-vmss000000', 3, 15), AT)).toEqual([]);
    expect(await readCadvisorCandidates(client, 'aks-nodepool9-00000000-vmss000000', { windowMinutes: 15, at: AT })).toBeNull();
  });

  it.each([
    { name: 'cAdvisor by another node label', query: 'sum(increase(container_network_transmit_packets_total{node="x",id="/"}[15m]))' },
    { name: 'cAdvisor pods without the host-network bound', query: 'topk(3, sum by (namespace, pod) (increase(container_network_transmit_packets_total{instance="x",pod!=""}[15m])))' },
    { name: 'another metric', query: 'sum(rate(container_network_transmit_packets_total[5m]))' },
    { name: 'a range query shape', query: 'hubble_tcp_flags_total{instance="x"}[5m]' },
    { name: 'an unescaped quote', query: 'sum(increase(hubble_tcp_flags_total{instance="a"b",flag="SYN"}[15m]))' },
  ])('should refuse $name with Prometheus\'s bad_data error', async ({ query }) => {
    const { azure, endpoint } = await setup();
    const answer = await post(endpoint, await bearerFor(azure, 'https://prometheus.monitor.azure.com'), query);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ status: 'error', errorType: 'bad_data' });
  });

  it('should refuse a token for another audience', async () => {
    const { azure, endpoint } = await setup();
    const answer = await post(endpoint, await bearerFor(azure, 'https://management.azure.com'), 'sum(increase(hubble_tcp_flags_total{instance="x",flag="SYN"}[15m]))');
    expect(answer.status).toBe(401);
  });

  it('should say acns-off for a node without Hubble series, and forbidden on 403', async () => {
    const { azure, client } = await setup();
    expect(await readAcnsAttribution(client, 'aks-nodepool9-00000000-vmss000000', { windowMinutes: 15, at: AT })).toMatchObject({ unavailable: 'acns-off' });
    azure.faults.inject({ route: 'prometheus', status: 403 });
    expect(await readAcnsAttribution(client, 'aks-nodepool1-12345678-vmss000000', { windowMinutes: 15, at: AT })).toMatchObject({ unavailable: 'forbidden' });
  });
});
