import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { createEstateScenario } from '../../../src/local/simulated-azure/scenario-estate.js';

const SERVE = new URL('../../../src/local/simulated-azure/serve.ts', import.meta.url).pathname;

describe('serve.ts', () => {
  it('should run a simulated Azure in its own process and announce where it is', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', SERVE, '--scenario', 'estate', '--load-balancers', '3', '--nodes', '4', '--tls-dir', process.env.SNAT_TEST_TLS_DIR!], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    try {
      const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
      const ready = JSON.parse(line) as { url: string; env: Record<string, string>; targetIds: string[]; caPath: string };
      expect(ready.targetIds).toHaveLength(3);
      expect(ready.caPath).toBe(`${process.env.SNAT_TEST_TLS_DIR}/ca.pem`);

      const token = (await (await fetch(`${ready.env.IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=https://management.azure.com`, {
        headers: { 'X-IDENTITY-HEADER': ready.env.IDENTITY_HEADER! },
      })).json()) as { access_token: string };
      const lb = await fetch(`${ready.url}${ready.targetIds[0]}?api-version=2025-05-01`, { headers: { authorization: `Bearer ${token.access_token}` } });
      expect(lb.status).toBe(200);
    } finally {
      child.stdin!.end();
      await once(child, 'exit');
    }
  });

  it('should say how many requests it served per route when asked on stdin', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', SERVE, '--scenario', 'estate', '--load-balancers', '2', '--nodes', '2', '--tls-dir', process.env.SNAT_TEST_TLS_DIR!], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    try {
      const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
      const ready = JSON.parse((await lines.next()).value as string) as { env: Record<string, string> };
      await fetch(`${ready.env.IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=https://management.azure.com`, { headers: { 'X-IDENTITY-HEADER': ready.env.IDENTITY_HEADER! } });
      child.stdin!.write('requests\n');
      const counts = JSON.parse((await lines.next()).value as string) as { requests: Record<string, unknown> };
      expect(counts.requests).toMatchObject({ token: 1, arm: 0, metrics: 0, metricsByNames: {} });
    } finally {
      child.stdin!.end();
      await once(child, 'exit');
    }
  });

  it('should refuse an unknown scenario with a clear message', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', SERVE, '--scenario', 'tornado'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).not.toBe(0);
    expect(stderr).toContain('--scenario must be "exhaustion" or "estate"');
  });
});

describe('createEstateScenario', () => {
  it('should spread load balancers and NAT gateways over subscriptions, some nodes hot', () => {
    const estate = createEstateScenario({ loadBalancers: 10, nodesPerLoadBalancer: 100, natGateways: 2, subscriptions: 2 });
    expect(estate.targetIds).toHaveLength(12);
    expect(estate.subscriptionIds).toHaveLength(2);
    expect(estate.world.list(estate.subscriptionIds[1]!, 'Microsoft.Network/loadBalancers')).toHaveLength(5);
    const lb = estate.world.get(estate.targetIds[0]!);
    if (lb?.kind !== 'loadBalancer') throw new Error('expected a load balancer');
    const samples = lb.nodes.map((node) => node.metrics({ at: estate.clock.now(), minute: 60 }));
    expect(samples.filter((s) => (s?.failed ?? 0) > 0)).toHaveLength(1);
    expect(samples.filter((s) => (s?.used ?? 0) >= 0.75 * 512)).toHaveLength(6);
  });
});
