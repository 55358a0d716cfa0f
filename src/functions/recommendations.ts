// HTTP function `recommendations`. POST /api/recommendations: a what-if plan for a described
// egress setup, no Azure access needed — parse and validate the body, plan, answer the plan JSON.
// (GET, the live view of watched targets, joins this file later.) src/index.ts registers it.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { jsonResponse } from '../http/json-response.js';
import { answerProblems, methodNotAllowed } from '../http/problem-response.js';
import { readJsonBody } from '../http/read-json-body.js';
import { planRequestSchema } from '../snat/plan-schema.js';
import { planEgress, planToJson } from '../snat/planner.js';

export const recommendationsRoute = { route: 'recommendations', methods: ['GET', 'POST'], authLevel: 'function' } as const;

export async function recommendations(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return answerProblems(context, async () => {
    if (request.method !== 'POST') throw methodNotAllowed(request.method, ['POST']);
    const body = await readJsonBody(request, planRequestSchema);
    return jsonResponse(planToJson(planEgress(body)));
  });
}
