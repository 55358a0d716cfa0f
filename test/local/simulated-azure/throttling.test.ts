// Azure's request limits in the simulated Azure: Resource Graph's quota (15 queries per 5-second
// window per principal) and ARM's read bucket (250 tokens, 25 a second, per subscription and principal),
// with the headers Azure sends. Figures: guidance-for-throttled-requests, request-limits-and-throttling.
import { describe, expect, it } from 'vitest';
import { SimHttpError } from '../../../src/local/simulated-azure/http-util.js';
import { addLoadBalancer } from '../../../src/local/simulated-azure/world-builders.js';
import { SimulatedWorld } from '../../../src/local/simulated-azure/world.js';
import { AZURE_LIMITS, Throttling } from '../../../src/local/simulated-azure/throttling.js';
import { bearerFor, useSimulatedAzure } from '../../support/simulated-azure.js';

const SUB = '00000000-0000-0000-0000-0000000000d4';

function refusal(take: () => unknown): SimHttpError {
  try {
    take();
  } catch (error) {
    if (error instanceof SimHttpError) return error;
    throw error;
  }
  throw new Error('expected a 429');
}

describe('Throttling', () => {
  it('should hold Azure\'s figures', () => {
    expect(AZURE_LIMITS).toEqual({ graphQuotaPerWindow: 15, graphWindowInMs: 5_000, armBucketSize: 250, armRefillPerSecond: 25 });
  });

  it('should let 15 Resource Graph queries through per 5-second window, then answer 429 until the window resets', () => {
    let now = 0;
    const throttling = new Throttling(() => now);
    throttling.enable();
    const remaining = Array.from({ length: 15 }, () => throttling.takeGraph('app')['x-ms-user-quota-remaining']);
    expect(remaining).toEqual(['14', '13', '12', '11', '10', '9', '8', '7', '6', '5', '4', '3', '2', '1', '0']);
    now = 1_200;
    const error = refusal(() => throttling.takeGraph('app'));
    expect(error.status).toBe(429);
    expect(error.headers).toEqual({ 'x-ms-user-quota-remaining': '0', 'x-ms-user-quota-resets-after': '00:00:04', 'retry-after': '4' });
    // Another principal has its own quota.
    expect(throttling.takeGraph('other')['x-ms-user-quota-remaining']).toBe('14');
    now = 5_000;
    expect(throttling.takeGraph('app')).toEqual({ 'x-ms-user-quota-remaining': '14', 'x-ms-user-quota-resets-after': '00:00:05' });
  });

  it('should take one of 250 tokens per ARM read, refill 25 a second, per subscription and principal', () => {
    let now = 0;
    const throttling = new Throttling(() => now);
    throttling.enable();
    for (let n = 0; n < 250; n++) throttling.takeArmRead('app', SUB);
    const error = refusal(() => throttling.takeArmRead('app', SUB));
    expect(error.status).toBe(429);
    expect(error.headers).toEqual({ 'x-ms-ratelimit-remaining-subscription-reads': '0', 'retry-after': '1' });
    expect(throttling.takeArmRead('app', 'another-subscription')['x-ms-ratelimit-remaining-subscription-reads']).toBe('249');
    now = 40; // 25 tokens a second: one token every 40 ms
    expect(throttling.takeArmRead('app', SUB)['x-ms-ratelimit-remaining-subscription-reads']).toBe('0');
    now = 10_040;
    expect(throttling.takeArmRead('app', SUB)['x-ms-ratelimit-remaining-subscription-reads']).toBe('249');
  });

  it('should send nothing and refuse nothing while off', () => {
    const throttling = new Throttling(() => 0);
    for (let n = 0; n < 300; n++) expect(throttling.takeArmRead('app', SUB)).toEqual({});
    expect(throttling.takeGraph('app')).toEqual({});
  });
});

describe('the simulated Azure with throttling on', () => {
  it('should answer a query past the quota 429 with Retry-After and the quota headers, and serve it again once the window reset', async () => {
    const world = new SimulatedWorld();
    const lb = addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'lb', nodes: 1 });
    const azure = await useSimulatedAzure(world);
    azure.throttling.enable({ graphQuotaPerWindow: 2, graphWindowInMs: 300 });
    const authorization = await bearerFor(azure, 'https://management.azure.com');
    const query = () =>
      fetch(`${azure.url}/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ query: `resources\n| where type in~ ('microsoft.network/loadbalancers')\n| project id, name, type, location, sku, tags, properties = bag_pack('outboundRules', properties.outboundRules)`, subscriptions: [SUB] }),
      });

    const answers = [await query(), await query(), await query()];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
    expect(answers[0]!.headers.get('x-ms-user-quota-remaining')).toBe('1');
    expect(answers[0]!.headers.get('x-ms-user-quota-resets-after')).toBe('00:00:01');
    expect(answers[2]!.headers.get('retry-after')).toBe('1');
    const waitInMs = Number(answers[2]!.headers.get('retry-after-ms'));
    expect(waitInMs).toBeGreaterThan(0);
    expect(waitInMs).toBeLessThanOrEqual(300);
    expect(await answers[2]!.json()).toMatchObject({ error: { code: 'RateLimiting' } });
    await new Promise((resolve) => setTimeout(resolve, waitInMs + 20));
    const again = await query();
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ count: 1, data: [{ id: lb.id, type: 'microsoft.network/loadbalancers' }] });
  });

  it('should stop throttling when the test resets it', async () => {
    const azure = await useSimulatedAzure(new SimulatedWorld());
    azure.throttling.enable();
    await useSimulatedAzure(new SimulatedWorld());
    expect(azure.throttling.enabled).toBe(false);
  });
});
