// The OpenAPI 3.1 description of the HTTP API, generated from the zod schemas that validate the
// requests and describe the answers, so the document cannot drift from the code. OpenAPI 3.1
// schemas are JSON Schema 2020-12, zod 4's default target.
import { z } from 'zod';
import { planRequestSchema, planSchema, type PlanRequestInput } from '../snat/plan-schema.js';
import { problemSchema } from './problem-response.js';

/** The planning requests of the issue, shown as examples. */
export const planRequestExamples: Record<string, { summary: string; value: PlanRequestInput }> = {
  aksDefaultAllocation: {
    summary: 'AKS, default allocation, growing past the 50-node tier cliff',
    value: {
      egress: { type: 'loadBalancer', frontendIps: 1, allocatedOutboundPorts: 0, idleTimeoutMinutes: 30 },
      nodes: { current: 48, max: 60, surge: 1 },
      workload: { peakConnectionsPerNode: 2000, sameDestinationShare: 0.8, pooled: false },
    },
  },
  natGateway: {
    summary: 'NAT gateway with two public IPs',
    value: { egress: { type: 'natGateway', publicIps: 2, idleTimeoutMinutes: 4 }, nodes: { current: 120 } },
  },
};

function component(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return jsonSchema;
}

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

export function buildOpenApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'SNAT Watch',
      version: '0.1.0',
      description:
        'Capacity planning for Azure Load Balancer and NAT Gateway SNAT ports. Every call needs a function key (x-functions-key header or code query parameter).',
    },
    servers: [{ url: '/api' }],
    security: [{ functionKeyHeader: [] }, { functionKeyQuery: [] }],
    paths: {
      '/recommendations': {
        post: {
          operationId: 'planRecommendations',
          summary: 'Plan SNAT capacity for a described egress setup (what-if, no Azure access).',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/PlanRequest' }, examples: planRequestExamples } },
          },
          responses: {
            '200': { description: 'The plan.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Plan' } } } },
            '400': problem('Malformed JSON or invalid fields; `errors` names every wrong field.'),
            '405': problem('Method not allowed.'),
            '413': problem('The body is larger than 64 KiB.'),
            '415': problem('The body is not application/json.'),
            '500': problem('An internal error (logged; nothing is revealed).'),
          },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'getOpenApiDocument',
          summary: 'This document.',
          responses: { '200': { description: 'The OpenAPI 3.1 document.', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
    },
    components: {
      securitySchemes: {
        functionKeyHeader: { type: 'apiKey', in: 'header', name: 'x-functions-key' },
        functionKeyQuery: { type: 'apiKey', in: 'query', name: 'code' },
      },
      schemas: {
        PlanRequest: component(planRequestSchema, 'input'),
        Plan: component(planSchema, 'output'),
        Problem: component(problemSchema, 'output'),
      },
    },
  };
}

let cached: string | undefined;

/** The document, serialized once per process. */
export function openApiJson(): string {
  cached ??= JSON.stringify(buildOpenApiDocument(), null, 2);
  return cached;
}
