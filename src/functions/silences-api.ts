// The silences API, shared by two functions: `silences` (/api/silences, /api/silences/{id}: for
// scripts) and `recommendations` (/api/recommendations/silences: for the page, which holds only
// that function's key — in Azure a function key opens its own function only).
// - GET: the silences not over yet (pending and active); `?state=all` adds those that ended in the last week.
// - GET {id}: one silence, whatever its state.
// - POST: create one (silence-schema.ts, silence-request.ts); 201 with Location.
// - DELETE {id} (`?by=` names who ends it): ends it; 204, also when it had already ended; 404 unknown.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { silenceListSchema, silenceJson, MAX_CREATED_BY_LENGTH, type SilenceJson } from '../alerting/silence-schema.js';
import { silenceRequestSchemaAt, silenceToCreate, type WatchedTarget } from '../alerting/silence-request.js';
import { HttpError } from '../http/http-error.js';
import { jsonResponse } from '../http/json-response.js';
import { methodNotAllowed } from '../http/problem-response.js';
import { readJsonBody } from '../http/read-json-body.js';
import type { Runtime } from '../runtime.js';

/** 4 KiB: a silence request is a few hundred bytes. */
export const MAX_SILENCE_BODY_BYTES = 4 * 1024;

export type SilencesRuntime = Pick<Runtime, 'now' | 'silences' | 'snapshots'>;

export async function answerSilences(request: HttpRequest, id: string | undefined, runtime: SilencesRuntime): Promise<HttpResponseInit> {
  const now = runtime.now();
  if (id === undefined) {
    if (request.method === 'GET') return listSilences(request, runtime, now);
    if (request.method === 'POST') return createSilence(request, runtime, now);
    throw methodNotAllowed(request.method, ['GET', 'POST']);
  }
  if (request.method === 'GET') return jsonResponse(JSON.stringify(silenceJson(await found(runtime, id), now), null, 2));
  if (request.method === 'DELETE') return endSilence(request, runtime, id, now);
  throw methodNotAllowed(request.method, ['GET', 'DELETE']);
}

async function listSilences(request: HttpRequest, runtime: SilencesRuntime, now: Date): Promise<HttpResponseInit> {
  const state = request.query.get('state') ?? 'active';
  if (state !== 'active' && state !== 'all') throw invalid('state', 'expected active (the default: pending and active) or all (with those ended in the last week)');
  const all = (await runtime.silences.list(now)).map((silence) => silenceJson(silence, now));
  const silences = state === 'all' ? all : all.filter((silence: SilenceJson) => silence.state === 'active' || silence.state === 'pending');
  return jsonResponse(JSON.stringify(silenceListSchema.parse({ silences }), null, 2));
}

async function createSilence(request: HttpRequest, runtime: SilencesRuntime, now: Date): Promise<HttpResponseInit> {
  const watched = await watchedTargets(runtime);
  const body = await readJsonBody(request, silenceRequestSchemaAt(now, watched), { maxBytes: MAX_SILENCE_BODY_BYTES });
  const silence = await runtime.silences.create(silenceToCreate(body, now, watched), now);
  const response = jsonResponse(JSON.stringify(silenceJson(silence, now), null, 2), 201);
  // The canonical address, also when the page created it through /api/recommendations/silences.
  const location = `${new URL(request.url).pathname.replace(/\/+$/, '').replace(/\/recommendations\/silences$/i, '/silences')}/${silence.id}`;
  return { ...response, headers: { ...(response.headers as Record<string, string>), location } };
}

async function endSilence(request: HttpRequest, runtime: SilencesRuntime, id: string, now: Date): Promise<HttpResponseInit> {
  const by = request.query.get('by')?.trim() || 'unknown';
  if (by.length > MAX_CREATED_BY_LENGTH) throw invalid('by', `expected at most ${MAX_CREATED_BY_LENGTH} characters`);
  const result = await runtime.silences.end(id, by, now);
  if (result === 'gone') throw notFound();
  return { status: 204, headers: { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } };
}

async function found(runtime: SilencesRuntime, id: string) {
  const silence = await runtime.silences.get(id);
  if (!silence) throw notFound();
  return silence;
}

/** The targets the watch has evaluated, with the nodes of their latest run: what a silence may name. */
async function watchedTargets(runtime: SilencesRuntime): Promise<WatchedTarget[]> {
  return (await runtime.snapshots.listLatest()).map(({ value }) => ({
    id: value.target.id,
    name: value.target.name,
    nodes: (value.evaluation?.nodes ?? []).map((node) => ({ node: node.node, nodeName: node.kind === 'backend' ? (node.nodeName ?? null) : null })),
  }));
}

function invalid(field: string, message: string): HttpError {
  return new HttpError(400, 'invalid-request', '1 field is invalid.', { errors: [{ field, message, code: 'custom' }] });
}

function notFound(): HttpError {
  return new HttpError(404, 'not-found', 'No silence has that ID (silences are kept a week after they end); GET /api/silences?state=all lists them.');
}
