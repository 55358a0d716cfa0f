// The silences API against state written by a real watch run (simulated Azure, Azurite): through the
// handler as the Functions host calls it, and over HTTP through the local host with keys checked.
import { HttpRequest, InvocationContext, type HttpResponseInit } from '@azure/functions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silenceListSchema, silenceSchema, type SilenceJson } from '../../src/alerting/silence-schema.js';
import { recommendations } from '../../src/functions/recommendations.js';
import { registrations } from '../../src/functions/registrations.js';
import { silences, silencesRoute } from '../../src/functions/silences.js';
import { startFunctionsHost, type FunctionsHost } from '../../src/local/functions-host.js';
import { functionKeysFor } from '../../src/local/host-keys.js';
import { startWatchedEstate, type WatchedEstate } from '../support/watched-estate.js';

let estate: WatchedEstate;

beforeAll(async () => {
  estate = await startWatchedEstate();
  await estate.watch();
});

afterAll(async () => {
  await estate?.close();
});

const context = () => new InvocationContext({ functionName: 'silences', logHandler: () => {} });
const header = (response: HttpResponseInit, name: string) => (response.headers as Record<string, string>)[name];
const json = (response: HttpResponseInit) => JSON.parse(response.body as string);
const inHours = (hours: number) => new Date(estate.clock.now().getTime() + hours * 3_600_000).toISOString();

interface Call {
  method?: string;
  id?: string;
  query?: string;
  body?: unknown;
  contentType?: string;
}

function call({ method = 'GET', id, query = '', body, contentType = 'application/json' }: Call = {}): Promise<HttpResponseInit> {
  const request = new HttpRequest({
    method,
    url: `http://localhost:7071/api/silences${id === undefined ? '' : `/${id}`}${query}`,
    headers: body === undefined ? {} : { 'content-type': contentType },
    params: id === undefined ? {} : { id },
    ...(body === undefined ? {} : { body: { string: typeof body === 'string' ? body : JSON.stringify(body) } }),
  });
  return Promise.resolve(silences(request, context()));
}

const valid = () => ({ matchers: { target: estate.ids.aks }, duration: '1h', createdBy: 'ana', comment: 'rolling out the pool fix' });

async function listed(query = ''): Promise<SilenceJson[]> {
  const response = await call({ query });
  expect(response.status).toBe(200);
  return silenceListSchema.parse(json(response)).silences;
}

/** The wrong fields a 400 names, sorted. */
async function wrongFields(body: unknown): Promise<string[]> {
  const response = await call({ method: 'POST', body });
  expect([response.status, header(response, 'content-type'), json(response).code]).toEqual([400, 'application/problem+json', 'invalid-request']);
  return (json(response).errors as Array<{ field: string }>).map((error) => error.field).sort();
}

describe('silences', () => {
  it('should be one function behind a function key for /api/silences and /api/silences/{id}', () => {
    expect(silencesRoute).toEqual({ route: 'silences/{id?}', methods: ['GET', 'POST', 'DELETE'], authLevel: 'function' });
    expect(registrations.map((registration) => registration.name)).toContain('silences');
  });

  it('should create a silence, list it, end it, and list it as ended only with ?state=all', async () => {
    const created = await call({ method: 'POST', body: { ...valid(), matchers: { target: 'nat-egress', condition: 'SNAT_EXHAUSTION' } } });
    expect(created.status).toBe(201);
    const silence = silenceSchema.parse(json(created));
    expect(header(created, 'location')).toBe(`/api/silences/${silence.id}`);
    // Named by its name, stored by its resource ID: a later target with the same name is not silenced.
    expect(silence).toMatchObject({
      matchers: { target: estate.ids.nat, condition: 'SNAT_EXHAUSTION' },
      startsAt: estate.clock.now().toISOString(),
      endsAt: inHours(1),
      createdBy: 'ana',
      comment: 'rolling out the pool fix',
      state: 'active',
      endedAt: null,
    });
    expect((await listed()).map((item) => item.id)).toContain(silence.id);
    expect(json(await call({ id: silence.id }))).toEqual(silence);

    const ended = await call({ method: 'DELETE', id: silence.id, query: '?by=bo' });
    expect([ended.status, ended.body]).toEqual([204, undefined]);
    expect((await listed()).map((item) => item.id)).not.toContain(silence.id);
    expect((await listed('?state=all')).find((item) => item.id === silence.id)).toMatchObject({ state: 'ended', endedBy: 'bo', endedAt: estate.clock.now().toISOString() });
    // Ending it again changes nothing and still succeeds (DELETE is idempotent).
    expect((await call({ method: 'DELETE', id: silence.id })).status).toBe(204);
    expect(json(await call({ id: silence.id })).endedBy).toBe('bo');
  });

  it('should take an explicit end, and a start later than now (listed as pending)', async () => {
    const response = await call({ method: 'POST', body: { ...valid(), duration: undefined, startsAt: inHours(2), endsAt: inHours(3) } });
    expect(response.status).toBe(201);
    expect(json(response)).toMatchObject({ startsAt: inHours(2), endsAt: inHours(3), state: 'pending' });
  });

  it('should take a node by its backend IP', async () => {
    const response = await call({ method: 'POST', body: { ...valid(), matchers: { target: estate.ids.aks, node: estate.nodeIps[0] } } });
    expect([response.status, json(response).matchers]).toEqual([201, { target: estate.ids.aks, node: estate.nodeIps[0] }]);
  });

  it('should show the silence in the live view: on its target, and on the alerts it keeps quiet', async () => {
    const created = json(await call({ method: 'POST', body: { ...valid(), matchers: { target: estate.ids.aks, node: estate.nodeIps[1] }, duration: '4h' } }));
    const live = json(await recommendations(new HttpRequest({ method: 'GET', url: 'http://localhost:7071/api/recommendations' }), context()));
    const aks = live.targets.find((target: { id: string }) => target.id === estate.ids.aks);
    expect(aks.silences).toContainEqual(expect.objectContaining({ id: created.id, node: estate.nodeIps[1], endsAt: inHours(4), createdBy: 'ana' }));
    const silenced = (node: string) => aks.nodes.find((item: { node: string }) => item.node === node).alerts.map((alert: { silenced: unknown }) => alert.silenced);
    expect(silenced(estate.nodeIps[1]!)).toEqual([{ id: created.id, until: inHours(4), by: 'ana' }]);
    expect(silenced(estate.nodeIps[0]!).every((value: unknown) => value === null || (value as { id: string }).id !== created.id)).toBe(true);
    await call({ method: 'DELETE', id: created.id });
  });

  it('should name every wrong field at once', async () => {
    const fields = await wrongFields({
      matchers: { target: '', node: 5, condition: 'SNAT_SOMETHING', team: 'x' },
      endsAt: 'tomorrow',
      createdBy: '',
      comment: 7,
      priority: 'high',
    });
    expect(fields).toEqual(['comment', 'createdBy', 'endsAt', 'matchers.condition', 'matchers.node', 'matchers.target', 'matchers.team', 'priority'].sort());
  });

  it('should say what is required of an empty object, and what a body must be', async () => {
    const empty = json(await call({ method: 'POST', body: {} }));
    expect(empty.errors.map((error: { field: string; message: string }) => [error.field, error.message])).toEqual([
      ['matchers', 'is required'],
      ['createdBy', 'is required'],
      ['endsAt', 'is required (or give duration instead)'],
    ]);
    const list = json(await call({ method: 'POST', body: [valid()] }));
    expect(list.errors).toEqual([expect.objectContaining({ field: '(body)', message: expect.stringContaining('expected a JSON object') })]);
  });

  it.each([
    { name: 'an end in the past', body: { endsAt: '2026-03-02T07:00:00Z', duration: undefined }, field: 'endsAt', message: /in the past/ },
    { name: 'an end more than 30 days away', body: { duration: '31d' }, field: 'duration', message: /more than 30 days/ },
    { name: 'both endsAt and duration', body: { endsAt: '2026-03-02T09:00:00Z', duration: '1h' }, field: 'duration', message: /not both/ },
    { name: 'neither endsAt nor duration', body: { duration: undefined }, field: 'endsAt', message: /required/ },
    { name: 'a start after the end', body: { startsAt: '2026-03-02T12:00:00Z', endsAt: '2026-03-02T10:00:00Z', duration: undefined }, field: 'startsAt', message: /before the end/ },
    { name: 'a duration in weeks', body: { duration: '1w' }, field: 'duration', message: /30m, 4h or 2d/ },
    { name: 'a target nobody watches (a typo silences nothing)', body: { matchers: { target: 'kubernetez' } }, field: 'matchers.target', message: /not a watched target/ },
    { name: 'a node the target does not have', body: { matchers: { target: 'kubernetes', node: '10.9.9.9' } }, field: 'matchers.node', message: /not a node of that target/ },
  ])('should refuse $name with 400 naming the field', async ({ body, field, message }) => {
    const response = await call({ method: 'POST', body: { ...valid(), ...body } });
    expect(response.status).toBe(400);
    const errors = json(response).errors as Array<{ field: string; message: string }>;
    expect(errors).toEqual([expect.objectContaining({ field, message: expect.stringMatching(message) })]);
  });

  it.each([
    { name: 'malformed JSON', body: '{"matchers":', contentType: 'application/json', status: 400, code: 'malformed-json' },
    { name: 'a form post', body: 'matchers=x', contentType: 'application/x-www-form-urlencoded', status: 415, code: 'unsupported-media-type' },
    { name: 'a body over 4 KiB', body: JSON.stringify({ matchers: { target: 'kubernetes' }, duration: '1h', createdBy: 'ana', comment: 'x'.repeat(5_000) }), contentType: 'application/json', status: 413, code: 'payload-too-large' },
  ])('should answer $name with $status problem+json', async ({ body, contentType, status, code }) => {
    const response = await call({ method: 'POST', body, contentType });
    expect([response.status, header(response, 'content-type'), json(response).code]).toEqual([status, 'application/problem+json', code]);
  });

  it.each([
    { name: 'an unknown ID', id: '3f2b1c4d-0000-4000-8000-000000000000' },
    { name: 'a malformed ID', id: "x' or 1 eq 1" },
  ])('should answer 404 problem+json for $name, on GET and DELETE', async ({ id }) => {
    for (const method of ['GET', 'DELETE']) {
      const response = await call({ method, id });
      expect([response.status, header(response, 'content-type'), json(response).code]).toEqual([404, 'application/problem+json', 'not-found']);
    }
  });

  it('should refuse an unknown ?state= and a method the path does not take', async () => {
    expect(json(await call({ query: '?state=expired' })).errors).toEqual([expect.objectContaining({ field: 'state' })]);
    const put = await call({ method: 'PUT' });
    expect([put.status, header(put, 'allow')]).toEqual([405, 'GET, POST']);
    const deleteAll = await call({ method: 'DELETE' });
    expect(deleteAll.status).toBe(405);
  });

  it('should serve the same API to the page under /api/recommendations/silences', async () => {
    const request = (method: string, query: string, body?: unknown) =>
      recommendations(
        new HttpRequest({
          method,
          url: `http://localhost:7071/api/recommendations/silences${query}`,
          params: { view: 'silences' },
          ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: { string: JSON.stringify(body) } }),
        }),
        context(),
      );
    const created = await request('POST', '', valid());
    expect([created.status, header(created, 'location')]).toEqual([201, `/api/silences/${json(created).id}`]);
    expect((await request('DELETE', `?id=${json(created).id}&by=page`)).status).toBe(204);
    expect(json(await call({ id: json(created).id })).endedBy).toBe('page');
  });
  it('should refuse a name two watched targets share, asking for the resource ID', async () => {
    const aks = (await estate.runtime.snapshots.getLatest(estate.ids.aks))!.value;
    // A second AKS cluster: its load balancer is called `kubernetes` too (this test runs last: the twin stays).
    const twin = estate.ids.aks.replace(/resourceGroups\/[^/]+/, 'resourceGroups/mc_rg-twin');
    await estate.runtime.snapshots.putLatest(twin, { ...aks, target: { ...aks.target, id: twin } }, { now: estate.clock.now() });
    const response = await call({ method: 'POST', body: { ...valid(), matchers: { target: 'kubernetes' } } });
    expect(json(response).errors).toEqual([expect.objectContaining({ field: 'matchers.target', message: expect.stringMatching(/names 2 watched targets.*give the resource ID/) })]);
    expect((await call({ method: 'POST', body: valid() })).status).toBe(201);
  });

});

describe('silences over the local host', () => {
  let host: FunctionsHost;
  const KEY = 'silences-test-key';
  const PAGE_KEY = 'page-test-key';

  beforeAll(async () => {
    const routes = registrations.flatMap((registration) => (registration.kind === 'http' ? [registration] : []));
    const keys = functionKeysFor(routes, { silences: KEY, recommendations: PAGE_KEY });
    host = await startFunctionsHost(routes, { port: 0, setting: () => undefined, log: () => {}, keys });
  });

  afterAll(async () => {
    await host?.stop();
  });

  it('should create, list, end and no longer list a silence over HTTP, with the silences key', async () => {
    const base = `${host.url.replace('localhost', '127.0.0.1')}/api/silences`;
    const headers = { 'x-functions-key': KEY };
    const created = await fetch(base, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(valid()) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as SilenceJson;
    expect(created.headers.get('location')).toBe(`/api/silences/${id}`);
    const ids = async () => ((await (await fetch(base, { headers })).json()) as { silences: SilenceJson[] }).silences.map((silence) => silence.id);
    expect(await ids()).toContain(id);
    expect((await fetch(`${base}/${id}?by=ana`, { method: 'DELETE', headers })).status).toBe(204);
    expect(await ids()).not.toContain(id);
    expect((await fetch(`${base}/${id}`, { headers })).status).toBe(200);
    expect((await fetch(`${base}/3f2b1c4d-0000-4000-8000-000000000000`, { method: 'DELETE', headers })).status).toBe(404);
  });

  it('should open /api/silences only with its key, and the page\'s path with the page\'s key', async () => {
    const base = host.url.replace('localhost', '127.0.0.1');
    const status = (path: string, key: string) => fetch(`${base}${path}?code=${key}`).then((response) => response.status);
    expect([await status('/api/silences', PAGE_KEY), await status('/api/silences', KEY), await status('/api/recommendations/silences', PAGE_KEY)]).toEqual([401, 200, 200]);
  });
});
