import { InvocationContext } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { HttpError } from '../../src/http/http-error.js';
import { answerProblems, methodNotAllowed, problemResponse } from '../../src/http/problem-response.js';

function capturingContext(): { context: InvocationContext; logged: string[] } {
  const logged: string[] = [];
  const context = new InvocationContext({ functionName: 'test', logHandler: (level, ...args) => logged.push(`${level}: ${args.join(' ')}`) });
  return { context, logged };
}

describe('problemResponse', () => {
  it('should answer an HttpError as RFC 9457 problem details with its code and fields', () => {
    const error = new HttpError(400, 'invalid-request', '1 field is invalid.', { errors: [{ field: 'nodes.current', message: 'is required', code: 'invalid_type' }] });
    const response = problemResponse(error);
    expect(response.status).toBe(400);
    expect(response.headers).toMatchObject({ 'content-type': 'application/problem+json' });
    expect(JSON.parse(response.body as string)).toEqual({
      type: 'urn:snat-watch:problem:invalid-request',
      title: 'The request has invalid fields',
      status: 400,
      detail: '1 field is invalid.',
      code: 'invalid-request',
      errors: [{ field: 'nodes.current', message: 'is required', code: 'invalid_type' }],
    });
  });

  it('should answer anything else as a bare 500 and log the stack, not send it', () => {
    const { context, logged } = capturingContext();
    const response = problemResponse(new TypeError('cannot read x of undefined (token=abc123)'), context);
    expect(response.status).toBe(500);
    const body = response.body as string;
    expect(JSON.parse(body)).toMatchObject({ status: 500, code: 'internal' });
    expect(body).not.toContain('abc123');
    expect(body).not.toContain('TypeError');
    expect(logged.join('\n')).toContain('cannot read x of undefined');
  });

  it('should keep the headers an error carries, such as Allow', () => {
    const response = problemResponse(methodNotAllowed('DELETE', ['GET', 'POST']));
    expect(response.status).toBe(405);
    expect(response.headers).toMatchObject({ allow: 'GET, POST' });
  });
});

describe('answerProblems', () => {
  it('should pass a successful answer through and turn a thrown error into a problem', async () => {
    const { context } = capturingContext();
    await expect(answerProblems(context, async () => ({ status: 204 }))).resolves.toEqual({ status: 204 });
    const failed = await answerProblems(context, async () => {
      throw new HttpError(404, 'not-found', 'No such target.');
    });
    expect(failed.status).toBe(404);
  });
});

describe('problemResponse with a bad configuration', () => {
  it('should answer 503 naming the wrong settings, never their values', () => {
    const response = problemResponse(new ConfigError(['SLACK_WEBHOOK_URL: expected the Slack incoming webhook URL']));
    expect(response.status).toBe(503);
    expect(JSON.parse(String(response.body))).toMatchObject({ code: 'misconfigured', detail: expect.stringContaining('SLACK_WEBHOOK_URL') });
  });
});
