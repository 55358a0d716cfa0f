import { beforeAll, describe, expect, it } from 'vitest';
import { everyQueryShape, GRAPH_TYPES, MAX_IDS_PER_QUERY, quote, relatedQuery, targetsByIdQuery } from '../../src/azure/resource-graph-queries.js';
import { analyzeKql, loadKustoLanguage, PROPERTIES_BY_TYPE } from './resource-graph-schema.js';

const shapes = everyQueryShape();

beforeAll(() => loadKustoLanguage());

describe('the Resource Graph queries (everyQueryShape)', () => {
  it('should cover every shape the code can send', () => {
    expect(new Set(shapes.map((s) => s.shape))).toEqual(new Set(['targets-by-id', 'targets-in-scope', 'related', 'related-in-scope']));
  });

  it.each(shapes)('should parse and bind against the declared schema: $name', ({ query }) => {
    expect(analyzeKql(query)).toEqual([]);
  });

  it.each(shapes)('should read only properties the types it asks for have: $name', ({ query }) => {
    const types = Object.values(GRAPH_TYPES).filter((type) => query.includes(`'${type}'`));
    const allowed = new Set(types.flatMap((type) => PROPERTIES_BY_TYPE[type] ?? []));
    const used = [...query.matchAll(/\bproperties\.(\w+)/g)].map((m) => m[1]!);
    expect(types.length).toBeGreaterThan(0);
    expect(used.filter((name) => !allowed.has(name))).toEqual([]);
  });
});

describe('analyzeKql', () => {
  it.each([
    { name: 'an unknown column', query: "resources | project id, nodeName", error: /nodeName/ },
    { name: 'an unknown table', query: 'networkresources | project id', error: /networkresources/ },
    { name: 'a syntax error', query: "resources | where id in~ ('a' | project id", error: /./ },
  ])('should catch $name (the check can fail)', ({ query, error }) => {
    const diagnostics = analyzeKql(query);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.map((d) => d.message).join('\n')).toMatch(error);
  });
});

describe('targetsByIdQuery', () => {
  it('should quote IDs as KQL literals, so a quote in a name cannot end the string', () => {
    expect(quote("lb-o'brien\\x")).toBe("'lb-o\\'brien\\\\x'");
    expect(analyzeKql(targetsByIdQuery(["/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/a') | project tenantId //"]))).toEqual([]);
  });

  it('should refuse an empty list and more IDs than one query holds', () => {
    expect(() => targetsByIdQuery([])).toThrow(RangeError);
    expect(() => targetsByIdQuery(Array.from({ length: MAX_IDS_PER_QUERY + 1 }, (_, i) => `id-${i}`))).toThrow(RangeError);
    expect(() => relatedQuery([], [])).toThrow(RangeError);
  });
});
