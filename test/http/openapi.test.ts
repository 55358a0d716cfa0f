import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, openApiJson, planRequestExamples } from '../../src/http/openapi.js';
import { silenceRequestExamples } from '../../src/http/openapi-silences.js';
import { silenceRequestSchema } from '../../src/alerting/silence-schema.js';
import { planRequestSchema, planSchema } from '../../src/snat/plan-schema.js';
import { planEgress } from '../../src/snat/planner.js';

describe('buildOpenApiDocument', () => {
  const document = JSON.parse(openApiJson()) as Record<string, any>;

  it('should describe POST /recommendations in OpenAPI 3.1 with the function key', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths['/recommendations'].post.responses)).toEqual(['200', '400', '405', '413', '415', '500']);
    expect(document.components.securitySchemes.functionKeyHeader).toEqual({ type: 'apiKey', in: 'header', name: 'x-functions-key' });
  });

  it('should describe the live view: GET /recommendations (JSON or the page) and GET /recommendations/view', () => {
    const get = document.paths['/recommendations'].get;
    expect(Object.keys(get.responses)).toEqual(['200', '400', '404', '500', '503']);
    expect(Object.keys(get.responses['200'].content)).toEqual(['application/json', 'text/html']);
    expect(get.parameters.map((parameter: { name: string; in: string }) => `${parameter.in}:${parameter.name}`)).toEqual(['query:target']);
    expect(Object.keys(document.paths['/recommendations/view'].get.responses['200'].content)).toEqual(['text/html']);
    const { LiveView } = document.components.schemas;
    expect(LiveView.required).toEqual(['generatedAt', 'staleAfterMinutes', 'thresholds', 'targets', 'watcher', 'outbox']);
    const target = LiveView.properties.targets.items;
    expect(target.properties.stale.type).toBe('boolean');
    expect(target.properties.nodes.items.required).toEqual(expect.arrayContaining(['used', 'allocated', 'percent', 'status', 'alerts']));
  });

  it('should take the request and response shapes from the zod schemas', () => {
    const { PlanRequest, Plan, Problem } = document.components.schemas;
    expect(PlanRequest.required).toEqual(['egress', 'nodes']);
    expect(PlanRequest.properties.egress.oneOf).toHaveLength(2);
    expect(PlanRequest.properties.nodes.properties.current).toMatchObject({ type: 'integer', minimum: 0, maximum: 5000 });
    expect(Plan.required).toEqual(['allocation', 'risks', 'recommendations']);
    expect(Plan.properties.risks.items.oneOf.map((risk: any) => risk.properties.code.const)).toContain('TIER_CLIFF');
    expect(Problem.properties.errors.type).toBe('array');
    expect(JSON.stringify(document)).not.toContain('$schema');
  });

  it('should show examples the endpoint accepts and plans', () => {
    for (const { value } of Object.values(planRequestExamples)) {
      expect(planSchema.safeParse(planEgress(planRequestSchema.parse(value))).success).toBe(true);
    }
  });

  it('should describe the silences API: list, create, read and end, with schemas from its zod schemas', () => {
    const methods = (path: string) => Object.keys(document.paths[path] ?? {});
    expect([methods('/silences'), methods('/silences/{id}')]).toEqual([['get', 'post'], ['get', 'delete']]);
    const post = document.paths['/silences'].post;
    expect(Object.keys(post.responses)).toEqual(['201', '400', '413', '415', '500', '503']);
    expect(document.paths['/silences/{id}'].delete.parameters.map((parameter: { name: string; in: string }) => `${parameter.in}:${parameter.name}`)).toEqual(['path:id', 'query:by']);
    const { SilenceRequest, Silence, SilenceList } = document.components.schemas;
    expect(SilenceRequest.required).toEqual(['matchers', 'createdBy']);
    expect(SilenceRequest.additionalProperties).toBe(false);
    expect(SilenceRequest.properties.matchers.properties.condition.enum).toContain('SNAT_EXHAUSTION');
    expect(Silence.properties.state.enum).toEqual(['pending', 'active', 'ended', 'expired']);
    expect(SilenceList.properties.silences.items.required).toContain('endsAt');
    for (const { value } of Object.values(silenceRequestExamples)) expect(silenceRequestSchema.safeParse(value).success).toBe(true);
  });

  it('should be the same document every time', () => {
    expect(JSON.stringify(buildOpenApiDocument(), null, 2)).toBe(openApiJson());
  });
});
