import { HttpRequest, InvocationContext } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { openapi, openapiRoute } from '../../src/functions/openapi.js';

const context = () => new InvocationContext({ functionName: 'openapi', logHandler: () => {} });

describe('openapi', () => {
  it('should serve the OpenAPI document at /api/openapi.json behind a function key', async () => {
    expect(openapiRoute).toEqual({ route: 'openapi.json', methods: ['GET'], authLevel: 'function' });
    const response = await openapi(new HttpRequest({ method: 'GET', url: 'http://localhost:7071/api/openapi.json' }), context());
    expect(response.status).toBe(200);
    expect((response.headers as Record<string, string>)['content-type']).toBe('application/json; charset=utf-8');
    const document = JSON.parse(response.body as string);
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/recommendations', '/silences', '/silences/{id}']));
    // Each node of the live view says which pods opened its connections, or why it cannot.
    const text = JSON.stringify(document);
    expect(text).toContain('"nodeName"');
    expect(text).toContain('"attribution"');
    // Without ACNS, cAdvisor's candidates: partial, counted in packets, never connections.
    for (const field of ['"cadvisor-candidates"', '"partial"', '"packetsSent"']) expect(text).toContain(field);
    for (const reason of ['acns-off', 'no-workspace', 'forbidden', 'timeout', 'failed', 'disabled']) expect(text).toContain(`"${reason}"`);
  });

  it('should refuse other methods with 405', async () => {
    const response = await openapi(new HttpRequest({ method: 'POST', url: 'http://localhost:7071/api/openapi.json' }), context());
    expect(response.status).toBe(405);
  });
});
