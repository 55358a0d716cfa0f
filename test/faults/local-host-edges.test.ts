// The local host and the HTTP edges, attacked: a foreign Host header (DNS rebinding), a body that
// trickles, routes and methods that do not exist, a missing or borrowed function key, a 65 KB plan
// body of made-up fields, a plain-http webhook, and a timer run that never ends. Each answer is
// problem+json with nosniff, and each figure here is one docs/reliability.md quotes.
import { request as httpRequest } from 'node:http';
import type { HttpRequest, Timer } from '@azure/functions';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { registrations, type Registration } from '../../src/functions/registrations.js';
import { startFunctionsHost, type FunctionLogEntry, type FunctionsHost, type FunctionsHostOptions } from '../../src/local/functions-host.js';
import { functionKeysFor } from '../../src/local/host-keys.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  ms: number;
}

/** A raw HTTP/1.1 exchange, so the Host header and the pace of the body are ours to choose. */
function exchange(url: string, options: { method?: string; host?: string; headers?: Record<string, string>; body?: string; trickle?: { first: string; declared: number } } = {}): Promise<Answer> {
  const target = new URL(url);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: target.port, path: target.pathname + target.search, method: options.method ?? 'GET', headers: { host: options.host ?? target.host, ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), ms: Date.now() - started }));
      },
    );
    req.on('error', reject);
    if (options.trickle) {
      req.setHeader('content-length', String(options.trickle.declared));
      req.write(options.trickle.first);
      return; // the rest never comes
    }
    req.end(options.body);
  });
}

const problemOf = (answer: Answer) => {
  expect(answer.headers['content-type']).toBe('application/problem+json');
  return JSON.parse(answer.body) as { status: number; code: string; detail: string; errors?: Array<{ field: string; message: string; code: string }> };
};

let host: FunctionsHost | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
});

const calls: string[] = [];
const probe: Registration = {
  kind: 'http',
  name: 'probe',
  options: {
    route: 'probe',
    methods: ['GET', 'POST'],
    handler: async (request: HttpRequest) => {
      calls.push(request.method);
      if (request.query.get('fail')) throw new Error('boom');
      return { status: 200, body: 'plain', headers: { 'content-type': 'text/plain' } };
    },
  },
};
const httpRegistrations = [...registrations.filter((r) => r.kind === 'http'), probe];

async function start(options: Partial<FunctionsHostOptions> = {}, list: readonly Registration[] = httpRegistrations): Promise<FunctionsHost> {
  host = await startFunctionsHost(list, { port: 0, setting: () => undefined, log: () => {}, ...options });
  return host;
}

describe('the local host at its edges', () => {
  it.each([
    { name: 'a rebinding domain', host: 'evil.example:7071' },
    { name: 'a look-alike', host: 'localhost.evil.example' },
    { name: 'a LAN address', host: '192.168.1.20:7071' },
  ])('should refuse a request whose Host is $name (403), without running the function', async ({ host: foreign }) => {
    const { url } = await start();
    calls.length = 0;
    const answer = await exchange(`${url}/api/probe`, { host: foreign });
    expect([answer.status, problemOf(answer).code]).toEqual([403, 'host-not-allowed']);
    expect(calls).toEqual([]);
  });

  it.each(['localhost', '127.0.0.1', '[::1]'])('should serve Host %s', async (name) => {
    const { url } = await start();
    const port = new URL(url).port;
    expect((await exchange(`${url}/api/probe`, { host: `${name}:${port}` })).status).toBe(200);
  });

  it('should answer a body that stops arriving with 408 problem+json at its timeout, without running the function', async () => {
    const { url } = await start({ bodyTimeoutInMs: 300 });
    calls.length = 0;
    const answer = await exchange(`${url}/api/probe`, { method: 'POST', headers: { 'content-type': 'application/json' }, trickle: { first: '{"egress":', declared: 1000 } });
    expect([answer.status, problemOf(answer).code]).toEqual([408, 'request-timeout']);
    expect(answer.ms).toBeGreaterThanOrEqual(290);
    expect(answer.ms).toBeLessThan(2_000);
    expect(answer.headers.connection).toBe('close');
    expect(calls).toEqual([]);
  });

  it.each([
    { name: 'an unknown route', method: 'GET', path: '/api/nothing-here', status: 404, code: 'not-found' },
    { name: 'a path outside /api', method: 'GET', path: '/', status: 404, code: 'not-found' },
    { name: 'a path under recommendations other than /view', method: 'GET', path: '/api/recommendations/other', status: 404, code: 'not-found' },
    { name: 'a method the route does not serve', method: 'DELETE', path: '/api/openapi.json', status: 405, code: 'method-not-allowed' },
  ])('should answer $name with $status problem+json', async ({ method, path, status, code }) => {
    const { url } = await start();
    const answer = await exchange(`${url}${path}`, { method });
    expect([answer.status, problemOf(answer).code]).toEqual([status, code]);
    if (status === 405) expect(answer.headers.allow).toBe('GET');
  });

  it('should send nosniff on every answer: its own errors, the functions\' answers, and a crash', async () => {
    const keys = functionKeysFor(httpRegistrations.flatMap((r) => (r.kind === 'http' ? [r] : [])));
    const { url } = await start({ keys, bodyTimeoutInMs: 200 });
    const withKey = (name: string) => `code=${keys[name]}`;
    const plan = JSON.stringify({ egress: { type: 'loadBalancer', frontendIps: 1 }, nodes: { current: 48, max: 60 } });
    const answers = await Promise.all([
      exchange(`${url}/api/probe`, { host: 'evil.example' }),
      exchange(`${url}/api/nowhere`),
      exchange(`${url}/api/probe`),
      exchange(`${url}/api/probe?${withKey('probe')}`, { method: 'PUT' }),
      exchange(`${url}/api/probe?${withKey('probe')}`, { method: 'POST', trickle: { first: '{', declared: 10 } }),
      exchange(`${url}/api/probe?${withKey('probe')}`),
      exchange(`${url}/api/probe?fail=1&${withKey('probe')}`),
      exchange(`${url}/api/recommendations?${withKey('recommendations')}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: plan }),
      exchange(`${url}/api/recommendations?${withKey('recommendations')}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: plan }),
      exchange(`${url}/api/openapi.json?${withKey('openapi')}`),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([403, 404, 401, 405, 408, 200, 500, 200, 415, 200]);
    expect(answers.map((answer) => answer.headers['x-content-type-options'])).toEqual(answers.map(() => 'nosniff'));
  });

  it('should check function keys as Azure does: its own key as ?code= or x-functions-key, never another function\'s', async () => {
    const keys = functionKeysFor(httpRegistrations.flatMap((r) => (r.kind === 'http' ? [r] : [])));
    const { url } = await start({ keys });
    const status = async (query: string, headers: Record<string, string> = {}) => (await exchange(`${url}/api/openapi.json${query}`, { headers })).status;
    expect([
      await status(''),
      await status('?code=wrong'),
      await status(`?code=${keys.recommendations}`),
      await status(`?code=${keys.openapi}`),
      await status('', { 'x-functions-key': keys.openapi! }),
    ]).toEqual([401, 401, 401, 200, 200]);
    expect(problemOf(await exchange(`${url}/api/openapi.json`))).toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('should answer a 65 KB plan body of unknown fields in under 4 KB, naming at most 20, each cut to 64 characters', async () => {
    const { url } = await start();
    const fields: Record<string, number> = { [`k${'x'.repeat(5_000)}`]: 1 };
    for (let i = 0; JSON.stringify(fields).length < 65_000; i += 1) fields[`unknown_${i}`] = i;
    const body = JSON.stringify(fields);
    expect(body.length).toBeLessThanOrEqual(64 * 1024);
    const answer = await exchange(`${url}/api/recommendations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const problem = problemOf(answer);
    expect([answer.status, problem.code]).toEqual([400, 'invalid-request']);
    expect(Buffer.byteLength(answer.body)).toBeLessThan(4 * 1024);
    const unknown = problem.errors!.filter((error) => error.code === 'unrecognized_keys');
    const named = unknown.filter((error) => error.field !== '(body)');
    expect(named).toHaveLength(20);
    expect(Math.max(...named.map((error) => error.field.length))).toBe(64);
    const count = Object.keys(fields).length;
    expect(unknown.at(-1)).toEqual({ field: '(body)', message: `and ${(count - 20).toLocaleString('en-US')} more unknown fields`, code: 'unrecognized_keys' });
    // Every wrong field is counted, named or not: the missing egress and nodes, and every unknown one.
    expect(problem.detail).toBe(`${(count + 2).toLocaleString('en-US')} fields are invalid.`);
  });
});

describe('SLACK_WEBHOOK_URL at startup', () => {
  const base = { SNAT_TARGETS: '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/kubernetes', AzureWebJobsStorage: 'UseDevelopmentStorage=true' };

  it.each(['http://hooks.slack.com/services/T1/B1/secretpart', 'http://10.0.0.4:8080/hook-secretpart', 'http://127.0.0.1.evil.example/hook-secretpart'])(
    'should refuse plain-http %s, naming the setting and never the URL',
    (url) => {
      let error: unknown;
      try {
        loadConfig({ ...base, SLACK_WEBHOOK_URL: url });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual(['SLACK_WEBHOOK_URL: expected an https:// URL (http:// only to a loopback address: localhost, 127.0.0.1, [::1])']);
      expect((error as Error).message).not.toContain('secretpart');
    },
  );

  it.each(['https://hooks.slack.com/services/T1/B1/x', 'http://127.0.0.1:9999/slack', 'http://localhost:9999/slack', 'http://[::1]:9999/slack', 'http://127.4.5.6/slack'])('should take %s', (url) => {
    expect(loadConfig({ ...base, SLACK_WEBHOOK_URL: url }).SLACK_WEBHOOK_URL).toBe(url);
  });
});

describe('a timer run that never ends', () => {
  it('should start the next run on the next tick and say so, never more than 2 runs in flight', async () => {
    const started: number[] = [];
    const entries: FunctionLogEntry[] = [];
    const hung: Registration = {
      kind: 'timer',
      name: 'snatWatch',
      // Every second; each run hangs forever.
      options: {
        schedule: '* * * * * *',
        handler: (_timer: Timer) => {
          started.push(Date.now());
          return new Promise<void>(() => {});
        },
      },
    };
    const t0 = Date.now();
    await start({ log: (_line, entry) => entry && entries.push(entry), stopWaitInMs: 50 }, [hung]);
    await expect.poll(() => started.length, { timeout: 5_000, interval: 50 }).toBe(2);
    const said = entries.find((entry) => entry.text.includes('starting the next run'))!;
    expect(said).toMatchObject({ functionName: 'snatWatch', level: 'warning' });
    expect(said.text).toMatch(/^still running since \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z; starting the next run$/);
    // The bound: later ticks are skipped, and said so.
    await expect.poll(() => entries.some((entry) => entry.text.includes('skipping the run due at')), { timeout: 3_000, interval: 50 }).toBe(true);
    expect(started).toHaveLength(2);
    const secondRunAfterMs = started[1]! - t0;
    // Ticks at about 1 s (the run starts), 2 s (it is slower than the schedule), 3 s (it is hung: the next one starts).
    expect(secondRunAfterMs).toBeLessThan(4_500);
    const stopping = Date.now();
    await host!.stop();
    host = undefined;
    expect(Date.now() - stopping).toBeLessThan(1_000);
    expect(entries.at(-1)!.text).toMatch(/stopping without it$/);
  });
});
