import { HttpRequest, InvocationContext, type HttpResponseInit } from '@azure/functions';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recommendations, recommendationsRoute } from '../../src/functions/recommendations.js';
import { planRequestSchema, planSchema } from '../../src/snat/plan-schema.js';
import { planEgress, planToJson } from '../../src/snat/planner.js';
import { validPlanRequest } from '../snat/plan-arbitraries.js';

const issueExample = {
  egress: { type: 'loadBalancer', frontendIps: 1, allocatedOutboundPorts: 0, idleTimeoutMinutes: 30 },
  nodes: { current: 48, max: 60, surge: 1 },
  workload: { peakConnectionsPerNode: 2000, sameDestinationShare: 0.8, pooled: false },
};

async function call(body: string | undefined, options: { method?: string; contentType?: string | null } = {}): Promise<HttpResponseInit> {
  const contentType = options.contentType === undefined ? 'application/json' : options.contentType;
  const request = new HttpRequest({
    method: options.method ?? 'POST',
    url: 'http://localhost:7071/api/recommendations',
    headers: contentType === null ? {} : { 'content-type': contentType },
    ...(body === undefined ? {} : { body: { string: body } }),
  });
  return recommendations(request, new InvocationContext({ functionName: 'recommendations', logHandler: () => {} }));
}

const header = (response: HttpResponseInit, name: string) => (response.headers as Record<string, string>)[name];

describe('recommendations', () => {
  it('should be one HTTP function behind one key for /api/recommendations and its page at /view', () => {
    expect(recommendationsRoute).toEqual({ route: 'recommendations/{view:alpha?}', methods: ['GET', 'POST', 'DELETE'], authLevel: 'function' });
  });

  it('should answer 404 problem+json for a path under it other than /view', async () => {
    const request = new HttpRequest({ method: 'GET', url: 'http://localhost:7071/api/recommendations/other', params: { view: 'other' } });
    const response = await recommendations(request, new InvocationContext({ functionName: 'recommendations', logHandler: () => {} }));
    expect([response.status, header(response, 'content-type'), JSON.parse(response.body as string).code]).toEqual([404, 'application/problem+json', 'not-found']);
  });

  it('should answer a planning request with the plan JSON', async () => {
    const response = await call(JSON.stringify(issueExample));
    expect(response.status).toBe(200);
    expect(header(response, 'content-type')).toBe('application/json; charset=utf-8');
    expect(response.body).toBe(planToJson(planEgress(planRequestSchema.parse(issueExample))));
    const plan = planSchema.parse(JSON.parse(response.body as string));
    expect(plan.recommendations[0]!.code).toBe('POOL_CONNECTIONS');
  });

  it('should answer 400 problem+json naming every wrong field', async () => {
    const response = await call(
      JSON.stringify({ egress: { type: 'loadBalancer', frontendIps: 0 }, nodes: { current: 10, max: 5 }, workload: { sameDestinationShare: 3 }, extra: 1 }),
    );
    expect(response.status).toBe(400);
    expect(header(response, 'content-type')).toBe('application/problem+json');
    const problem = JSON.parse(response.body as string);
    expect(problem).toMatchObject({ status: 400, code: 'invalid-request' });
    expect(problem.errors.map((error: { field: string }) => error.field)).toEqual([
      'egress.frontendIps',
      'nodes.max',
      'workload.sameDestinationShare',
      'extra',
    ]);
  });

  it.each([
    { name: 'a form body', body: 'frontendIps=1', contentType: 'application/x-www-form-urlencoded', status: 415 },
    { name: 'no content type', body: JSON.stringify(issueExample), contentType: null, status: 415 },
    { name: 'malformed JSON', body: '{"egress": {"type": "loadBalancer", "password": "hunter2"', contentType: 'application/json', status: 400 },
    { name: 'a body over 64 KiB', body: JSON.stringify({ ...issueExample, pad: 'x'.repeat(70_000) }), contentType: 'application/json', status: 413 },
  ])('should answer $status for $name, without echoing it', async ({ body, contentType, status }) => {
    const response = await call(body, { contentType });
    expect(response.status).toBe(status);
    expect(header(response, 'content-type')).toBe('application/problem+json');
    expect(response.body as string).not.toContain('hunter2');
  });

  it('should refuse methods it does not serve with 405 and Allow', async () => {
    const response = await call(undefined, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(header(response, 'allow')).toBe('GET, POST');
  });

  it('should answer 1,000 random bodies without a 500: a plan, or a problem naming fields and echoing no value', async () => {
    const secret = 'sk-secret-9f8e7d';
    const leaf = fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.constant(secret), fc.string(), fc.double(), fc.integer({ min: -10, max: 1_000_000 }));
    const mutated = fc
      .tuple(validPlanRequest, fc.constantFrom('egress', 'nodes', 'workload', 'target'), fc.string({ maxLength: 12 }), leaf)
      .map(([request, section, key, value]) => {
        const copy = structuredClone(request) as Record<string, any>;
        copy[section] = typeof copy[section] === 'object' && copy[section] !== null ? { ...copy[section], [key]: value } : value;
        return JSON.stringify(copy) ?? 'null';
      });
    const body = fc.oneof(
      validPlanRequest.map((request) => JSON.stringify(request)),
      mutated,
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc.string({ maxLength: 200 }),
    );
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const response = await call(text);
        expect([200, 400]).toContain(response.status);
        const parsed = JSON.parse(response.body as string);
        if (response.status === 200) {
          expect(planSchema.safeParse(parsed).success).toBe(true);
        } else {
          expect(['invalid-request', 'malformed-json']).toContain(parsed.code);
          expect(response.body as string).not.toContain(secret);
          if (parsed.code === 'invalid-request') expect(parsed.errors.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
