// HTTP function `silences`: GET/POST /api/silences, GET/DELETE /api/silences/{id} — the silences
// people set, for scripts and the OpenAPI document (silences-api.ts does the work; the page reaches
// the same API through the `recommendations` function, whose key it holds). src/index.ts registers it.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { answerProblems } from '../http/problem-response.js';
import { getRuntime } from '../runtime.js';
import { answerSilences } from './silences-api.js';

export const silencesRoute = { route: 'silences/{id?}', methods: ['GET', 'POST', 'DELETE'], authLevel: 'function' } as const;

export async function silences(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return answerProblems(context, async () => {
    const id = request.params.id;
    return answerSilences(request, id === undefined || id === '' ? undefined : id, await getRuntime());
  });
}
