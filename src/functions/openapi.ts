// HTTP function `openapi`. GET /api/openapi.json: the OpenAPI 3.1 description of the HTTP API,
// generated from the same zod schemas that validate requests. src/index.ts registers it.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { jsonResponse } from '../http/json-response.js';
import { openApiJson } from '../http/openapi.js';
import { answerProblems, methodNotAllowed } from '../http/problem-response.js';

export const openapiRoute = { route: 'openapi.json', methods: ['GET'], authLevel: 'function' } as const;

export async function openapi(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return answerProblems(context, async () => {
    if (request.method !== 'GET') throw methodNotAllowed(request.method, ['GET']);
    return jsonResponse(openApiJson());
  });
}
