// The simulated Resource Graph answers the app's query shapes from its world, as Resource Graph
// would: only the subscriptions asked, only what the identity may read, pages of $top rows bound to
// their query, and a clear 400 for a query it was not taught.
import { describe, expect, it } from 'vitest';
import { targetsByIdQuery, targetsInScopeQuery } from '../../../src/azure/resource-graph-queries.js';
import { addLoadBalancer, addNatGateway } from '../../../src/local/simulated-azure/world-builders.js';
import { SimulatedWorld } from '../../../src/local/simulated-azure/world.js';
import { bearerFor, useSimulatedAzure } from '../../support/simulated-azure.js';

const SUB_A = '00000000-0000-0000-0000-0000000000e1';
const SUB_B = '00000000-0000-0000-0000-0000000000e2';

async function start() {
  const world = new SimulatedWorld();
  const a = addLoadBalancer(world, { subscriptionId: SUB_A, resourceGroup: 'rg', name: 'lb-a', nodes: 1 });
  const b = addLoadBalancer(world, { subscriptionId: SUB_B, resourceGroup: 'rg', name: 'lb-b', nodes: 1 });
  const nat = addNatGateway(world, { subscriptionId: SUB_A, resourceGroup: 'rg', name: 'nat' });
  const azure = await useSimulatedAzure(world);
  const authorization = await bearerFor(azure, 'https://management.azure.com');
  const post = async (body: object) => {
    const response = await fetch(`${azure.url}/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01`, {
      method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { data?: Array<{ id: string; properties: object }>; $skipToken?: string; totalRecords?: number; error?: { code: string } } };
  };
  return { azure, post, a, b, nat };
}

describe('POST /providers/Microsoft.ResourceGraph/resources', () => {
  it('should answer only for the subscriptions in the body, with only the projected properties', async () => {
    const { post, a, nat } = await start();
    const { status, body } = await post({ query: targetsInScopeQuery(), subscriptions: [SUB_A] });
    expect(status).toBe(200);
    expect(body.data!.map((row) => row.id).sort()).toEqual([a.id, nat.id].sort());
    expect(Object.keys(body.data![0]!).sort()).toEqual(['id', 'location', 'name', 'properties', 'sku', 'tags', 'type']);
    expect(Object.keys(body.data![0]!.properties)).toContain('outboundRules');
    expect(Object.keys(body.data![0]!.properties)).not.toContain('probes');
  });

  it('should filter by the IDs named, case-insensitively, and leave out what the identity may not read', async () => {
    const { azure, post, a, b } = await start();
    azure.faults.inject({ route: 'arm', resourceId: b.id, status: 403 });
    const { body } = await post({ query: targetsByIdQuery([a.id.toUpperCase(), b.id]), subscriptions: [SUB_A, SUB_B] });
    expect(body.data!.map((row) => row.id)).toEqual([a.id]);
  });

  it('should page at $top rows and refuse a $skipToken from another query', async () => {
    const { post } = await start();
    const first = await post({ query: targetsInScopeQuery(), subscriptions: [SUB_A, SUB_B], options: { $top: 2 } });
    expect(first.body).toMatchObject({ totalRecords: 3 });
    expect(first.body.data).toHaveLength(2);
    const next = await post({ query: targetsInScopeQuery(), subscriptions: [SUB_A, SUB_B], options: { $top: 2, $skipToken: first.body.$skipToken } });
    expect(next.body.data).toHaveLength(1);
    expect(next.body.$skipToken).toBeUndefined();
    const foreign = await post({ query: targetsInScopeQuery(), subscriptions: [SUB_A], options: { $top: 2, $skipToken: first.body.$skipToken } });
    expect(foreign).toMatchObject({ status: 400, body: { error: { code: 'InvalidQueryOptions' } } });
    expect(await post({ query: targetsInScopeQuery(), subscriptions: [SUB_A], options: { $top: 1_001 } })).toMatchObject({ status: 400 });
  });

  it('should refuse a query shape it was not taught, instead of guessing', async () => {
    const { post } = await start();
    expect(await post({ query: 'resources | summarize count() by type', subscriptions: [SUB_A] })).toMatchObject({ status: 400, body: { error: { code: 'InvalidQuery' } } });
  });
});
