import { HttpRequest, InvocationContext } from '@azure/functions';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recommendations } from '../../src/functions/recommendations.js';
import { runCli } from './run-cli.js';

const body = JSON.stringify({
  egress: { type: 'loadBalancer', frontendIps: 1, allocatedOutboundPorts: 1024 },
  nodes: { current: 50, max: 70, surge: 2 },
  target: { kind: 'aks', resourceGroup: 'rg-aks', clusterName: 'prod' },
});
const badBody = JSON.stringify({ egress: { type: 'natGateway', publicIps: 17 }, nodes: { current: -1 }, workload: { pooled: 'sk-secret' } });

async function endpoint(text: string) {
  const request = new HttpRequest({ method: 'POST', url: 'http://localhost/api/recommendations', headers: { 'content-type': 'application/json' }, body: { string: text } });
  return recommendations(request, new InvocationContext({ functionName: 'recommendations', logHandler: () => {} }));
}

describe('planCommand', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'snat-plan-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('should print exactly the JSON the endpoint returns, from stdin and from a file', async () => {
    const file = join(dir, 'request.json');
    await writeFile(file, body);
    const [fromStdin, fromFile, response] = await Promise.all([runCli(['plan', '-'], body), runCli(['plan', file]), endpoint(body)]);
    expect(response.status).toBe(200);
    for (const run of [fromStdin, fromFile]) {
      expect(run).toEqual({ code: 0, stdout: `${response.body as string}\n`, stderr: '' });
    }
  });

  it('should exit 2 with the endpoint’s field messages on stderr for a bad request', async () => {
    const [run, response] = await Promise.all([runCli(['plan', '-'], badBody), endpoint(badBody)]);
    const problem = JSON.parse(response.body as string) as { detail: string; errors: Array<{ field: string; message: string }> };
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe([problem.detail, ...problem.errors.map((e) => `  ${e.field}: ${e.message}`), ''].join('\n'));
    expect(problem.errors.map((e) => e.field)).toEqual(['egress.publicIps', 'nodes.current', 'workload.pooled']);
    expect(run.stderr).not.toContain('sk-secret');
  });

  it.each([
    { name: 'malformed JSON', args: ['plan', '-'], stdin: '{"egress":', stderr: 'The body is not valid JSON.\n' },
    { name: 'a missing file', args: ['plan', 'does-not-exist.json'], stdin: '', stderr: 'Cannot read does-not-exist.json: ENOENT\n' },
    { name: 'no file argument', args: ['plan'], stdin: '', stderr: expect.stringContaining('Usage: snat-watch plan FILE|-') },
  ])('should exit 2 for $name', async ({ args, stdin, stderr }) => {
    expect(await runCli(args, stdin)).toEqual({ code: 2, stdout: '', stderr });
  });
});
