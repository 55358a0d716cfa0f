// HTTP function `recommendations`.
// - POST /api/recommendations: a what-if plan for a described egress setup, no Azure access needed —
//   parse and validate the body, plan, answer the plan JSON.
// - GET /api/recommendations: the live view — the latest evaluation of every watched target
//   (`?target=` narrows it) as JSON, or as the page for people when the client prefers text/html.
// src/index.ts registers it.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { jsonResponse } from '../http/json-response.js';
import { answerProblems, methodNotAllowed } from '../http/problem-response.js';
import { readJsonBody } from '../http/read-json-body.js';
import { planRequestSchema } from '../snat/plan-schema.js';
import { planEgress, planToJson } from '../snat/planner.js';
import { answerLiveView } from './recommendations-view.js';

export const recommendationsRoute = { route: 'recommendations', methods: ['GET', 'POST'], authLevel: 'function' } as const;

export async function recommendations(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return answerProblems(context, async () => {
    if (request.method === 'GET') return answerLiveView(request);
    if (request.method !== 'POST') throw methodNotAllowed(request.method, ['GET', 'POST']);
    const body = await readJsonBody(request, planRequestSchema);
    return jsonResponse(planToJson(planEgress(body)));
  });
}
