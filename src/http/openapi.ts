// The OpenAPI 3.1 description of the HTTP API, generated from the zod schemas that validate the
// requests and describe the answers, so the document cannot drift from the code. OpenAPI 3.1
// schemas are JSON Schema 2020-12, zod 4's default target.
import { z } from 'zod';
import { liveViewSchema } from '../live/live-view-schema.js';
import { silenceListSchema, silenceRequestSchema, silenceSchema } from '../alerting/silence-schema.js';
import { silencePaths } from './openapi-silences.js';
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

const targetParameter = {
  name: 'target',
  in: 'query',
  required: false,
  description: 'Only the targets with this name or ARM resource ID (case-insensitive).',
  schema: { type: 'string', maxLength: 1024 },
};

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
        get: {
          operationId: 'getLiveView',
          summary: 'The latest evaluation of every watched target: per node used/allocated/%, open alerts, findings, and the plan for its real topology.',
          description:
            'Answers the page for people instead when the client prefers text/html (as browsers do); /recommendations/view always does.',
          parameters: [targetParameter],
          responses: {
            '200': {
              description: 'The live view (JSON), or the page when Accept prefers text/html.',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/LiveView' } }, 'text/html': { schema: { type: 'string' } } },
            },
            '400': problem('`target` is longer than any resource ID.'),
            '404': problem('No watched target has that name or resource ID (or it was not evaluated yet).'),
            '500': problem('An internal error (logged; nothing is revealed).'),
            '503': problem('The state storage is unavailable (`storage-unavailable`, with Retry-After); nothing queued is lost.'),
          },
        },
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
      '/recommendations/view': {
        get: {
          operationId: 'getLiveViewPage',
          summary: 'The live view as a page for people: a bar per node, risks and recommendations with commands, and a what-if form.',
          description: 'Served by the same function as /recommendations, so the same function key opens the page and the calls it makes.',
          parameters: [targetParameter],
          responses: {
            '200': { description: 'The page.', content: { 'text/html': { schema: { type: 'string' } } } },
            '404': { description: 'The page, saying no watched target has that name or resource ID.', content: { 'text/html': { schema: { type: 'string' } } } },
            '503': problem('The state storage is unavailable (`storage-unavailable`, with Retry-After).'),
          },
        },
      },
      ...silencePaths(problem),
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
        LiveView: component(liveViewSchema, 'output'),
        Problem: component(problemSchema, 'output'),
        SilenceRequest: component(silenceRequestSchema, 'input'),
        Silence: component(silenceSchema, 'output'),
        SilenceList: component(silenceListSchema, 'output'),
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
