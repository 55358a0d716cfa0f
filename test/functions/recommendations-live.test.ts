// GET /api/recommendations against state written by real watch runs: the simulated Azure serves ARM
// and metrics, Azurite holds the snapshots, the Slack receiver takes the alerts.
import { HttpRequest, InvocationContext, type HttpResponseInit } from '@azure/functions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recommendations } from '../../src/functions/recommendations.js';
import { recommendationsView } from '../../src/functions/recommendations-view.js';
import { liveViewSchema, type LiveTarget, type LiveView } from '../../src/live/live-view-schema.js';
import { NODE_USE, startWatchedEstate, type WatchedEstate } from '../support/watched-estate.js';

let estate: WatchedEstate;

beforeAll(async () => {
  estate = await startWatchedEstate();
  await estate.watch();
});

afterAll(async () => {
  await estate?.close();
});

const context = () => new InvocationContext({ functionName: 'recommendations', logHandler: () => {} });

function get(query = '', headers: Record<string, string> = {}, handler = recommendations, path = 'recommendations'): Promise<HttpResponseInit> {
  return Promise.resolve(handler(new HttpRequest({ method: 'GET', url: `http://localhost:7071/api/${path}${query}`, headers }), context()));
}

async function view(query = ''): Promise<LiveView> {
  const response = await get(query);
  expect(response.status).toBe(200);
  return liveViewSchema.parse(JSON.parse(response.body as string));
}

const header = (response: HttpResponseInit, name: string) => (response.headers as Record<string, string>)[name];
const named = (live: LiveView, name: string) => live.targets.find((target) => target.name === name) as LiveTarget;

describe('recommendations (GET: the live view)', () => {
  it('should list every watched target as the watch run recorded it, worst first', async () => {
    const response = await get();
    expect(header(response, 'content-type')).toBe('application/json; charset=utf-8');
    expect(header(response, 'vary')).toBe('Accept');
    const live = liveViewSchema.parse(JSON.parse(response.body as string));
    expect(live.targets.map((target) => [target.name, target.status, target.stale])).toEqual([
      ['kubernetes', 'critical', false],
      ['lb-gone', 'unreadable', false],
      ['nat-egress', 'ok', false],
    ]);
    expect(live.thresholds).toEqual({ warningPercent: 75, criticalPercent: 90 });
  });

  it('should give each node its used and allocated ports, percent, status and open alerts', async () => {
    const aks = named(await view(), 'kubernetes');
    expect(aks).toMatchObject({ id: estate.ids.aks, aksCluster: { name: 'aks-shop', resourceGroup: 'rg-shop' }, counts: { total: 6, critical: 1, warning: 2, ok: 3 } });
    const expected = estate.nodeIps.map((ip, index) => {
      const used = NODE_USE[index]!;
      const status = used / 1024 >= 0.9 ? 'critical' : used / 1024 >= 0.75 ? 'warning' : 'ok';
      return [ip, used, 1024, Math.round((used / 1024) * 1000) / 10, status];
    });
    expect(aks.nodes.map((node) => [node.node, node.used, node.allocated, node.percent, node.status])).toEqual(expected);
    const [critical, warning] = aks.nodes;
    expect(critical!.failedConnections).toBeGreaterThan(0);
    expect(critical!.alerts.map((alert) => [alert.condition, alert.state, alert.severity]).sort()).toEqual([
      ['SNAT_EXHAUSTION', 'firing', 'critical'],
      ['SNAT_UTILIZATION', 'firing', 'critical'],
    ]);
    expect(warning!.alerts.map((alert) => [alert.condition, alert.state, alert.severity])).toEqual([['SNAT_UTILIZATION', 'firing', 'warning']]);
    expect(aks.nodes.at(-1)!.alerts).toEqual([]);
    expect(aks.findings.map((finding) => finding.code)).toContain('SNAT_EXHAUSTION');
    // The alerts shown firing are the ones on-call was told about.
    expect(estate.slack.delivered()).toHaveLength(1);
  });

  it("should plan the target's real topology, with commands naming its cluster", async () => {
    const { plan } = named(await view(), 'kubernetes');
    expect(plan!.allocation).toMatchObject({ mode: 'default', frontendIps: 1, portsPerNode: 1024, nodes: 6, atMax: { nodes: 60, portsPerNode: 512 } });
    expect(plan!.risks.map((risk) => risk.code)).toContain('TIER_CLIFF');
    const commands = Object.fromEntries(plan!.recommendations.map((r) => [r.code, r.commands]));
    // The estate's nodes at risk open 40 connections a minute and hold each port 20–26 of the 30 idle minutes.
    expect(plan!.recommendations[0]!.code).toBe('LOWER_IDLE_TIMEOUT');
    expect(commands.LOWER_IDLE_TIMEOUT).toEqual(['az aks update --resource-group rg-shop --name aks-shop --load-balancer-idle-timeout 4']);
    // 60 nodes + 10% surge on the pool's max (6) fit 968 ports each on one IP: fewer than today's 1,024,
    // so the fix that keeps them (a second IP) ranks above the cut, and the cut is said.
    expect(commands.ADD_OUTBOUND_IPS).toEqual(['az aks update --resource-group rg-shop --name aks-shop --load-balancer-managed-outbound-ip-count 2 --load-balancer-outbound-ports 1024']);
    const codes = plan!.recommendations.map((r) => r.code);
    expect(codes.indexOf('ADD_OUTBOUND_IPS')).toBeLessThan(codes.indexOf('SET_OUTBOUND_PORTS'));
    expect(plan!.recommendations.find((r) => r.code === 'SET_OUTBOUND_PORTS')).toMatchObject({ cutsPortsPerNode: { from: 1024, to: 968 } });
  });

  it('should mark a target the run could not read as blind, with the reason and no numbers', async () => {
    const gone = named(await view(), 'lb-gone');
    expect(gone).toMatchObject({ blind: true, status: 'unreadable', nodes: [], plan: null, readError: { kind: 'not-found' } });
    expect(gone.alerts.map((alert) => [alert.condition, alert.state])).toEqual([['MONITORING_BLIND', 'pending']]);
  });

  it.each([
    { name: 'a name in another case', query: 'KUBERNETES', expected: 'kubernetes' },
    { name: 'a resource ID in lower case', query: () => estate.ids.nat.toLowerCase(), expected: 'nat-egress' },
    { name: 'a name with spaces around it', query: '  lb-gone ', expected: 'lb-gone' },
  ])('should narrow the view to the target given by ?target= as $name', async ({ query, expected }) => {
    const value = typeof query === 'function' ? query() : query;
    const live = await view(`?target=${encodeURIComponent(value)}`);
    expect(live.targets.map((target) => target.name)).toEqual([expected]);
  });

  it('should answer 404 problem+json for a target nobody watches, without echoing it', async () => {
    const response = await get('?target=lb-%3Cnobody%3E');
    expect(response.status).toBe(404);
    expect(header(response, 'content-type')).toBe('application/problem+json');
    const problem = JSON.parse(response.body as string);
    expect(problem).toMatchObject({ status: 404, code: 'not-found' });
    expect(response.body as string).not.toContain('nobody');
  });

  it('should answer 400 naming the field for a ?target= longer than any resource ID', async () => {
    const response = await get(`?target=${'x'.repeat(2000)}`);
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body as string).errors).toEqual([expect.objectContaining({ field: 'target' })]);
  });

  it.each([
    { name: 'a browser asking for text/html', handler: recommendations, path: 'recommendations', accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    { name: '/view with Accept: application/json', handler: recommendationsView, path: 'recommendations/view', accept: 'application/json' },
  ])('should answer the page for people to $name', async ({ handler, path, accept }) => {
    const response = await get('', { accept }, handler, path);
    expect(response.status).toBe(200);
    expect(header(response, 'content-type')).toBe('text/html; charset=utf-8');
    expect(header(response, 'content-security-policy')).toContain("default-src 'none'");
    const page = response.body as string;
    for (const ip of estate.nodeIps) expect(page).toContain(`data-node="${ip}"`);
    expect(page).toContain('az aks update --resource-group rg-shop --name aks-shop --load-balancer-managed-outbound-ip-count 2 --load-balancer-outbound-ports 1024');
  });

  it('should answer the page with 404 for an unknown target asked for by a browser', async () => {
    const response = await get('?target=nobody', {}, recommendationsView, 'recommendations/view');
    expect(response.status).toBe(404);
    expect(header(response, 'content-type')).toBe('text/html; charset=utf-8');
    expect(response.body as string).toContain('No watched target has that name or resource ID');
  });

  it('should mark every target stale once the watch has not run for longer than SNAT_STALE_AFTER_MINUTES, and fresh after it runs', async () => {
    estate.clock.advance(6 * 60_000);
    const stale = await view();
    expect(stale.targets.map((target) => [target.name, target.stale, target.ageMinutes])).toEqual([
      ['kubernetes', true, 6],
      ['lb-gone', true, 6],
      ['nat-egress', true, 6],
    ]);
    await estate.watch();
    const fresh = await view();
    expect(fresh.targets.every((target) => !target.stale && target.ageMinutes === 0)).toBe(true);
    expect(fresh.generatedAt).toBe(estate.clock.now().toISOString());
  });
});
