// GET /api/recommendations/view: the live view as a page for people, whatever the Accept header
// says. Not a function of its own: the `recommendations` function serves this path too (one function
// key opens the page and the API it calls). GET /api/recommendations answers the same view through
// `answerLiveView`: JSON for scripts, this page for browsers.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { htmlResponse } from '../http/html-response.js';
import { HttpError } from '../http/http-error.js';
import { jsonResponse } from '../http/json-response.js';
import { preferredRepresentation, type Representation } from '../http/negotiate.js';
import { answerProblems, methodNotAllowed } from '../http/problem-response.js';
import { buildLivePage, LIVE_PAGE_CSP } from '../live/page.js';
import { readLiveView } from '../live/read-live-view.js';
import { getRuntime } from '../runtime.js';

export async function recommendationsView(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return answerProblems(context, async () => {
    if (request.method !== 'GET') throw methodNotAllowed(request.method, ['GET']);
    return answerLiveView(request, 'html');
  });
}

/** Longer than any resource ID Azure allows: anything past it cannot name a target. */
const MAX_TARGET_QUERY_LENGTH = 1024;

/** GET of the live view: parse `?target=`, read the view, answer JSON or the page. */
export async function answerLiveView(request: HttpRequest, as: Representation = preferredRepresentation(request.headers.get('accept'))): Promise<HttpResponseInit> {
  const target = parseTargetQuery(request.query.get('target'));
  const view = await readLiveView(await getRuntime(), target === undefined ? {} : { target });
  const unknownTarget = target !== undefined && view.targets.length === 0;
  const vary = { vary: 'Accept' };
  if (as === 'html') {
    const apiPath = new URL(request.url).pathname.replace(/\/view\/?$/, '');
    const page = buildLivePage(view, { apiPath, filtered: target !== undefined });
    return htmlResponse(page, { status: unknownTarget ? 404 : 200, contentSecurityPolicy: LIVE_PAGE_CSP, headers: vary });
  }
  if (unknownTarget) throw new HttpError(404, 'not-found', 'No watched target has that name or resource ID, or it has not been evaluated yet; GET /api/recommendations lists them.');
  const response = jsonResponse(JSON.stringify(view, null, 2));
  return { ...response, headers: { ...(response.headers as Record<string, string>), ...vary } };
}

function parseTargetQuery(value: string | null): string | undefined {
  const target = value?.trim();
  if (!target) return undefined;
  if (target.length > MAX_TARGET_QUERY_LENGTH) {
    throw new HttpError(400, 'invalid-request', '1 field is invalid.', {
      errors: [{ field: 'target', message: `expected a target name or resource ID of at most ${MAX_TARGET_QUERY_LENGTH} characters`, code: 'too_big' }],
    });
  }
  return target;
}
