// HTTP function `recommendations`.
// - POST /api/recommendations: a what-if plan for a described egress setup, no Azure access needed —
//   parse and validate the body, plan, answer the plan JSON.
// - GET /api/recommendations: the live view — the latest evaluation of every watched target
//   (`?target=` narrows it) as JSON, or as the page for people when the client prefers text/html.
// - GET /api/recommendations/view: the same view, always the page.
// - GET/POST /api/recommendations/silences, DELETE /api/recommendations/silences?id=: the silences
//   API (silences-api.ts), for the page's silence controls.
// The page and the API it calls are one function on purpose: in Azure a function key opens only its
// own function, so the one key a user is given (this function's) works for the page, its links and
// its what-if POST alike. src/index.ts registers it.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { HttpError } from '../http/http-error.js';
import { jsonResponse } from '../http/json-response.js';
import { answerProblems, methodNotAllowed } from '../http/problem-response.js';
import { readJsonBody } from '../http/read-json-body.js';
import { planRequestSchema } from '../snat/plan-schema.js';
import { planEgress, planToJson } from '../snat/planner.js';
import { getRuntime } from '../runtime.js';
import { answerLiveView, recommendationsView } from './recommendations-view.js';
import { answerSilences } from './silences-api.js';

/** `{view:alpha?}`: /recommendations, /recommendations/view and /recommendations/silences in one function (an optional route parameter). */
export const recommendationsRoute = { route: 'recommendations/{view:alpha?}', methods: ['GET', 'POST', 'DELETE'], authLevel: 'function' } as const;

export async function recommendations(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const view = request.params.view;
  if (view !== undefined && view !== '') {
    if (view.toLowerCase() === 'view') return recommendationsView(request, context);
    return answerProblems(context, async () => {
      if (view.toLowerCase() === 'silences') return answerSilences(request, request.query.get('id') ?? undefined, await getRuntime());
      throw new HttpError(404, 'not-found', 'No such route: use /api/recommendations, /api/recommendations/view or /api/recommendations/silences.');
    });
  }
  return answerProblems(context, async () => {
    if (request.method === 'GET') return answerLiveView(request);
    if (request.method !== 'POST') throw methodNotAllowed(request.method, ['GET', 'POST']);
    const body = await readJsonBody(request, planRequestSchema);
    return jsonResponse(planToJson(planEgress(body)));
  });
}
