import { HttpRequest } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpError } from '../../src/http/http-error.js';
import { readJsonBody } from '../../src/http/read-json-body.js';

const schema = z.strictObject({ name: z.string({ error: 'expected a name' }), count: z.number({ error: 'expected a number' }).int() });

function post(body: string | Uint8Array | undefined, headers: Record<string, string> = { 'content-type': 'application/json' }): HttpRequest {
  return new HttpRequest({
    method: 'POST',
    url: 'http://localhost/api/test',
    headers,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? { string: body } : { bytes: body } }),
  });
}

async function problemOf(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

describe('readJsonBody', () => {
  it.each([
    { name: 'plain JSON', contentType: 'application/json' },
    { name: 'with a charset', contentType: 'application/json; charset=utf-8' },
    { name: 'upper case', contentType: 'Application/JSON' },
    { name: 'a +json type', contentType: 'application/vnd.snat+json' },
  ])('should accept $name', async ({ contentType }) => {
    await expect(readJsonBody(post('{"name":"a","count":1}', { 'content-type': contentType }), schema)).resolves.toEqual({ name: 'a', count: 1 });
  });

  it.each([
    { name: 'text', headers: { 'content-type': 'text/plain' } },
    { name: 'a form', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    { name: 'a look-alike type', headers: { 'content-type': 'application/jsonp' } },
    { name: 'no content type', headers: {} as Record<string, string> },
  ])('should answer 415 for $name', async ({ headers }) => {
    const problem = await problemOf(readJsonBody(post('{"name":"a","count":1}', headers), schema));
    expect([problem.status, problem.code]).toEqual([415, 'unsupported-media-type']);
  });

  it('should answer 413 past the limit while streaming, without a Content-Length', async () => {
    const problem = await problemOf(readJsonBody(post(`{"name":"${'x'.repeat(2000)}","count":1}`), schema, { maxBytes: 1024 }));
    expect([problem.status, problem.code]).toEqual([413, 'payload-too-large']);
  });

  it('should answer 413 from a Content-Length above the limit before reading', async () => {
    const problem = await problemOf(readJsonBody(post('{}', { 'content-type': 'application/json', 'content-length': '70000' }), schema));
    expect(problem.status).toBe(413);
  });

  it('should accept a body of exactly the limit', async () => {
    const body = `{"name":"${'x'.repeat(100 - 21)}","count":1}`;
    expect(body.length).toBe(100);
    await expect(readJsonBody(post(body), schema, { maxBytes: 100 })).resolves.toMatchObject({ count: 1 });
  });

  it.each([
    { name: 'truncated JSON', body: '{"name":"sk-live-secret-value",' },
    { name: 'an empty body', body: '' },
    { name: 'only spaces', body: '   ' },
    { name: 'bytes that are not UTF-8', body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) },
    { name: 'no body at all', body: undefined },
  ])('should answer 400 malformed-json for $name, echoing nothing', async ({ body }) => {
    const problem = await problemOf(readJsonBody(post(body), schema));
    expect([problem.status, problem.code]).toEqual([400, 'malformed-json']);
    expect(JSON.stringify(problem)).not.toContain('sk-live');
  });

  it('should name the body itself when it is not an object', async () => {
    const problem = await problemOf(readJsonBody(post('[1,2]'), schema));
    expect(problem.errors).toEqual([{ field: '(body)', message: expect.any(String), code: 'invalid_type' }]);
  });

  it('should name every wrong field, never the values', async () => {
    const problem = await problemOf(readJsonBody(post('{"name":12,"count":"sk-live-secret","extra":true,"more":1}'), schema));
    expect(problem.status).toBe(400);
    expect(problem.code).toBe('invalid-request');
    expect(problem.errors).toEqual([
      { field: 'name', message: 'expected a name', code: 'invalid_type' },
      { field: 'count', message: 'expected a number', code: 'invalid_type' },
      { field: 'extra', message: 'is not a known field', code: 'unrecognized_keys' },
      { field: 'more', message: 'is not a known field', code: 'unrecognized_keys' },
    ]);
    expect(problem.detail).toBe('4 fields are invalid.');
    expect(JSON.stringify(problem.errors)).not.toContain('sk-live');
  });
});
