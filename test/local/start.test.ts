// `npm start` end to end: the built command line (dist/cli.js, as `npm start` runs it) started as a
// child process on free ports with no Azure settings, read through its terminal output and its
// HTTP routes like a user would, then stopped with Ctrl-C (SIGINT).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { isRunning } from '../support/processes.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

/** The user's shell must not leak in: no real Azure, no real Slack, no fixed port. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of Object.keys(env)) {
    if (/^(SNAT_TARGETS|SNAT_DISCOVERY_SUBSCRIPTIONS|SLACK_.*|AzureWebJobsStorage.*|AZURE_.*|IDENTITY_.*|PORT)$/.test(name)) delete env[name];
  }
  return { ...env, ...extra };
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startCli(args: string[], env: NodeJS.ProcessEnv): Started {
  const child = spawn(process.execPath, ['dist/cli.js', 'start', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(started: Started, pattern: RegExp, timeoutInMs: number): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutInMs;
  while (Date.now() < deadline) {
    const match = pattern.exec(started.output());
    if (match) return match;
    if (started.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no ${pattern} in the output:\n${started.output()}`);
}

/** Every process below `pid`, from `ps` (Linux and macOS). */
async function descendantsOf(pid: number): Promise<number[]> {
  const { stdout } = await run('ps', ['-A', '-o', 'pid=,ppid=']);
  const children = new Map<number, number[]>();
  for (const [child, parent] of stdout.trim().split('\n').map((line) => line.trim().split(/\s+/).map(Number))) {
    children.set(parent!, [...(children.get(parent!) ?? []), child!]);
  }
  const found: number[] = [];
  const visit = (id: number) => (children.get(id) ?? []).forEach((child) => (found.push(child), visit(child)));
  visit(pid);
  return found;
}

let started: Started | undefined;
let busy: Server | undefined;

afterEach(async () => {
  if (started && started.child.exitCode === null) {
    started.child.kill('SIGKILL');
    await started.exited;
  }
  started = undefined;
  busy?.close();
  busy = undefined;
});

describe('snat-watch start', () => {
  it('should tell the simulated incident in the terminal, serve the live view, and stop cleanly on Ctrl-C', async () => {
    started = startCli(['--port', '0'], cleanEnv({ SNAT_SCENARIO_SPEED: '60' }));
    const api = (await waitFor(started, /Live view \(JSON\)\s+(http:\/\/localhost:\d+\/api)\/recommendations/, 30_000))[1]!;
    const azuritePid = Number((await waitFor(started, /Azurite in memory \(pid (\d+)\)/, 1_000))[1]);

    await waitFor(started, /WARNING: SNAT ports filling up on aks-shop · load balancer kubernetes/, 45_000);
    const text = started.output();
    expect(text).toMatch(/10\.0\.0\.\d+ \(aks-apps-12345678-vmss\w{6}\) \(warning\) — \d{3} \/ 1,024 ports \(\d+(\.\d)?%\) · full in ~\d+ min · not pooling/);
    // The unpooled workload, named from the simulated workspace's ACNS metrics.
    expect(text).toMatch(/on aks-apps-12345678-vmss\w{6}: shop\/checkout-7f9c opened \d+(\.\d)?% of the node's new TCP connections in 15 min \(lookups: api\.payments\.example\)/);
    expect(text).toContain('Do this first:');
    expect(text).not.toContain('"blocks"');
    // No Slack set: the local Slack Web API plays the app's Slack; the incident's root prints with its state and buttons.
    expect(text).toMatch(/Slack\s+a local Slack Web API at http:\/\/127\.0\.0\.1:\d+\/api\/ \(app mode\)/);
    expect(text).toMatch(/Slack ▸ C0SNATLOCAL · thread 1\n─+\n▌ .*WARNING: SNAT ports filling up on aks-shop · load balancer kubernetes/);
    expect(text).toMatch(/🟠 Firing \(warning\)/);
    expect(text).toContain('[Acknowledge]   [Silence 1h]   [Silence 4h]   [Silence 24h]');

    const live = await fetch(`${api}/recommendations`, { headers: { accept: 'application/json' } });
    expect(live.status).toBe(200);
    const view = (await live.json()) as { targets: Array<{ id: string; name: string; aksCluster: { name: string } | null; nodes: unknown[]; alerts: Array<{ state: string }> }> };
    expect(view.targets).toHaveLength(1);
    expect(view.targets[0]).toMatchObject({ name: 'kubernetes', aksCluster: { name: 'aks-shop' } });
    expect(view.targets[0]!.id).toMatch(/\/providers\/Microsoft\.Network\/loadBalancers\/kubernetes$/);
    expect(view.targets[0]!.nodes).toHaveLength(48);
    expect(view.targets[0]!.alerts.some((alert) => alert.state === 'firing')).toBe(true);
    const page = await fetch(`${api}/recommendations/view`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('kubernetes');

    const processes = await descendantsOf(started.child.pid!);
    expect(processes).toContain(azuritePid);
    started.child.kill('SIGINT');
    expect(await started.exited).toBe(0);
    expect(started.output()).toContain('Stopped Functions host, Azurite, Slack Web API, Slack sink, simulated Azure.');
    expect(processes.filter(isRunning)).toEqual([]);
  }, 90_000);

  it('should list the scenarios for --scenario list, and name them when the name is wrong', async () => {
    started = startCli(['--scenario', 'list'], cleanEnv());
    expect(await started.exited).toBe(0);
    expect(started.output()).toMatch(/^ {2}exhaustion +the default story/m);
    expect(started.output()).toMatch(/^ {2}nat-standard-v2 +a StandardV2 NAT gateway/m);

    started = startCli(['--scenario', 'nat'], cleanEnv());
    expect(await started.exited).toBe(2);
    expect(started.output()).toContain('--scenario must be one of these, got "nat"');
    expect(started.output()).toMatch(/^ {2}nat-failing +/m);
  }, 30_000);

  it.each([
    { scenario: 'nat-standard-v2', status: 'ok', says: /natgw-v2 .* ok +\* \d{3},\d{3}\/2,000,000 connections/ },
    { scenario: 'nat-failing', status: 'critical', says: /CRITICAL: SNAT ports running out on natgw-busy/ },
  ])('should play --scenario $scenario through the real pipeline: the NAT gateway is $status', async ({ scenario, status, says }) => {
    started = startCli(['--port', '0', '--scenario', scenario], cleanEnv({ SNAT_SCENARIO_SPEED: '60' }));
    const api = (await waitFor(started, /Live view \(JSON\)\s+(http:\/\/localhost:\d+\/api)\/recommendations/, 30_000))[1]!;
    expect(started.output()).toContain(`Scenario ${scenario}:`);
    await waitFor(started, says, 30_000);
    const view = (await (await fetch(`${api}/recommendations`, { headers: { accept: 'application/json' } })).json()) as { targets: Array<{ kind: string; status: string; findings: Array<{ message: string }> }> };
    expect(view.targets).toEqual([expect.objectContaining({ kind: 'natGateway', status })]);
    expect(JSON.stringify(view.targets[0]!.findings)).not.toMatch(/full/i);
    started.child.kill('SIGINT');
    expect(await started.exited).toBe(0);
  }, 90_000);

  it.each<{ name: string; args: (port: number) => string[]; env: Record<string, string>; code: number; says: (port: number) => string }>([
    { name: 'the port is taken', args: (port: number) => ['--port', String(port)], env: {}, code: 1, says: (port: number) => `Port ${port} is already in use` },
    { name: 'a setting is wrong', args: () => ['--port', '0'], env: { SNAT_CRITICAL_THRESHOLD: '1.5' }, code: 1, says: () => 'SNAT_CRITICAL_THRESHOLD' },
    { name: 'PORT is not a port', args: () => [], env: { PORT: 'seventy' }, code: 1, says: () => 'PORT must be a whole number from 0 to 65535, got "seventy"' },
    { name: 'a flag is unknown', args: () => ['--prot', '7072'], env: {}, code: 2, says: () => "Unknown option '--prot'" },
    { name: '--key names no function', args: () => ['--port', '0', '--key', 'nosuch=abcdefghijklmnop'], env: {}, code: 1, says: () => '--key names no function that takes a key: nosuch (functions: recommendations, openapi, silences)' },
  ])('should exit $code with one clear message when $name', async ({ args, env, code, says }) => {
    busy = createServer();
    await new Promise<void>((resolve) => busy!.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    started = startCli(args(port), cleanEnv(env));
    expect(await started.exited).toBe(code);
    expect(started.output()).toContain(says(port));
    expect(started.output()).not.toContain('    at ');
  }, 30_000);
});
