import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildLiveView } from '../../src/live/live-view.js';
import type { LiveView } from '../../src/live/live-view-schema.js';
import { buildLivePage, LIVE_PAGE_CSP } from '../../src/live/page.js';
import { VISIBLE_NODE_ROWS } from '../../src/live/page-nodes.js';
import { prefillOf } from '../../src/live/page-target.js';
import type { Recommendation } from '../../src/snat/plan-schema.js';
import { NOW, snapshotOf } from './live-fixtures.js';

const options = { now: NOW, staleAfterMinutes: 5, warningThreshold: 0.75, criticalThreshold: 0.9, portalUrl: 'https://portal.azure.com' };
const pageOf = (view: LiveView, filtered = false) => buildLivePage(view, { apiPath: '/api/recommendations', filtered });
const viewOf = (...specs: Parameters<typeof snapshotOf>[0][]) => buildLiveView(specs.map(snapshotOf), options);

const HOSTILE = `<script>alert(1)</script>"'><img src=x onerror=alert(2)>`;
const ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;&lt;img src=x onerror=alert(2)&gt;';

const recommendation = (text: string): Recommendation => ({
  code: 'SET_OUTBOUND_PORTS',
  title: text,
  rationale: text,
  addresses: [],
  after: { egress: { type: 'loadBalancer', frontendIps: 1, allocatedOutboundPorts: 1024 }, workload: null, portsPerNode: 1024, portsPerNodeWithSurge: 1024, capacityPorts: 64_000 },
  commands: [text],
  changesEgressIps: false,
  cutsPortsPerNode: null,
  coverage: 'full',
});

describe('buildLivePage', () => {
  it('should say beside each node at risk why its ports are held, and nothing for quiet nodes', () => {
    const page = pageOf(viewOf({ name: 'crm', used: [840, 980, 60], newConnections: [30, 700, 300] }));
    expect(page).toContain('<small class="pooling" data-verdict="idle-connections"><strong>idle connections pin ports</strong>: holds each port about 28 min');
    expect(page).toContain('<small class="pooling" data-verdict="connection-churn"><strong>one connection per request</strong>: opens 700 new connections a minute');
    expect(page.match(/class="pooling"/g)).toHaveLength(2);
  });

  it.each([
    { name: 'target name', spoil: (view: LiveView) => void (view.targets[0]!.name = HOSTILE) },
    { name: 'finding message', spoil: (view: LiveView) => void (view.targets[0]!.findings[0]!.message = HOSTILE) },
    { name: 'read error message', spoil: (view: LiveView) => void (view.targets[0]!.readError = { kind: 'failed', message: HOSTILE }) },
    { name: 'resource group', spoil: (view: LiveView) => void (view.targets[0]!.resourceGroup = HOSTILE) },
    { name: 'recommendation and its command', spoil: (view: LiveView) => void view.targets[0]!.plan!.recommendations.push(recommendation(HOSTILE)) },
    { name: 'node IP', spoil: (view: LiveView) => void (view.targets[0]!.nodes[0]!.node = HOSTILE) },
    { name: 'API path', spoil: () => {}, apiPath: `/api/${HOSTILE}` },
    {
      name: 'silence (who, why, node)',
      spoil: (view: LiveView) =>
        void view.targets[0]!.silences.push({ id: HOSTILE, node: HOSTILE, condition: null, state: 'active', startsAt: NOW.toISOString(), endsAt: NOW.toISOString(), createdBy: HOSTILE, comment: HOSTILE }),
    },
    {
      name: 'silenced alert (who)',
      spoil: (view: LiveView) =>
        void view.targets[0]!.alerts.push({ condition: 'MONITORING_BLIND', node: '*', state: 'firing', severity: 'warning', since: NOW.toISOString(), firingSince: null, silenced: { id: 'x', until: NOW.toISOString(), by: HOSTILE } }),
    },
  ])('should render a $name holding markup as text', ({ spoil, apiPath }) => {
    const view = viewOf({ name: 'shop', used: [1000, 60] });
    spoil(view);
    const page = buildLivePage(view, { apiPath: apiPath ?? '/api/recommendations' });
    // The page's own two scripts (the page's and its silence controls'), nothing else.
    expect(page.match(/<script/g)).toHaveLength(2);
    expect(page).not.toContain('<img');
    expect(page).toContain(ESCAPED);
  });

  it('should carry the hashes of its own style and script in its Content-Security-Policy', () => {
    const page = pageOf(viewOf({ name: 'shop' }));
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => hash(match[1]!));
    const styles = [...page.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((match) => hash(match[1]!));
    expect(scripts).toHaveLength(2);
    expect(LIVE_PAGE_CSP).toContain(`script-src ${scripts.join(' ')};`);
    expect(LIVE_PAGE_CSP).toContain(`style-src ${styles.join(' ')};`);
    expect(page).not.toMatch(/\son[a-z]+=/i);
    expect(page).not.toMatch(/\sstyle=/i);
  });

  it('should say plainly when a target is stale, and when it is blind', () => {
    const page = pageOf(viewOf({ name: 'old', recordedAt: new Date(NOW.getTime() - 12 * 60_000).toISOString() }, { name: 'locked', unreadable: true }));
    expect(page).toContain('class="target status-ok is-stale"');
    expect(page).toContain('Stale: last evaluated 12 min ago, more than 5 min ago');
    expect(page).toContain('class="target status-unreadable is-blind"');
    expect(page).toContain('Blind: the latest run could not read this target (forbidden)');
  });

  it('should draw each bar to its percent, clamped at the allocation, with the threshold lines', () => {
    const view = viewOf({ name: 'shop', used: [500] });
    view.targets[0]!.nodes.push({ ...view.targets[0]!.nodes[0]!, node: '10.0.0.9', percent: 104.2, status: 'critical' });
    const page = pageOf(view);
    expect(page).toContain('<rect class="fill" x="0" y="0" width="48.8" height="10">');
    expect(page).toContain('<rect class="fill" x="0" y="0" width="100" height="10">');
    expect(page).toContain('x1="75" x2="75"');
    expect(page).toContain('x1="90" x2="90"');
  });

  it('should list the 2 nodes at risk of 100 and sum up the other 98, not one line each', () => {
    const page = pageOf(viewOf({ name: 'big', used: [1000, 800, ...Array.from({ length: 98 }, () => 100)] }));
    const [shown, rest] = page.split('<details class="other-nodes">');
    expect(shown!.match(/role="listitem"/g)).toHaveLength(2);
    expect(shown).toContain('data-status="critical"');
    expect(shown).toContain('data-status="warning"');
    expect(shown).not.toContain('data-status="ok"');
    expect(rest).toContain('2 nodes at risk; the other 98: 98 below warning. Show them');
  });

  it(`should fold the nodes at risk past the first ${VISIBLE_NODE_ROWS}, worst ones kept in sight`, () => {
    const page = pageOf(viewOf({ name: 'hot', used: [1000, ...Array.from({ length: 29 }, () => 800)] }));
    const [shown, folded] = page.split('<details class="more-nodes">');
    expect(shown!.match(/role="listitem"/g)).toHaveLength(VISIBLE_NODE_ROWS);
    expect(shown).toContain('data-status="critical"');
    expect(folded).toContain('Show 6 more nodes at risk');
  });

  it('should state findings about nodes below warning once per kind, with a count', () => {
    const view = viewOf({ name: 'shop', used: [1000, 100, 100, 100] });
    const target = view.targets[0]!;
    for (const node of ['10.0.0.2', '10.0.0.3', '10.0.0.4']) target.findings.push({ code: 'NOT_POOLING', severity: 'info', node, message: `${node} opens many connections` });
    const page = pageOf(view);
    expect(page).toContain('Not pooling connections on 3 other nodes below warning.');
    expect(page).not.toContain('10.0.0.3 opens many connections');
  });

  it.each([
    { name: 'nothing was recorded yet', filtered: false, text: 'No target has been evaluated yet' },
    { name: 'the asked-for target is unknown', filtered: true, text: 'No watched target has that name or resource ID' },
  ])('should explain an empty view when $name', ({ filtered, text }) => {
    expect(pageOf(buildLiveView([], options), filtered)).toContain(text);
  });
});

describe('prefillOf', () => {
  it('should mark a node awaiting removal as shown, never alerted on', () => {
    const view = viewOf({ name: 'lb-scale-in', used: [100, 990] });
    view.targets[0]!.nodes.find((node) => node.node === '10.0.0.2')!.awaitingRemoval = true;
    const row = pageOf(view).split('data-node="10.0.0.2"')[1]!.split('</div>\n</div>')[0]!;
    expect(row).toContain('awaiting removal: shown, never alerted on');
    expect(pageOf(view).split('data-node="10.0.0.1"')[1]!.split('</div>\n</div>')[0]).not.toContain('awaiting removal');
  });

  it('should fill the what-if form with the AKS setup and the names its commands should use', () => {
    const view = viewOf({ name: 'shop', used: [100, 100] });
    const target = { ...view.targets[0]!, aksCluster: { name: 'aks-shop', resourceGroup: 'rg-shop' } };
    expect(prefillOf(target.plan!, target)).toEqual({
      type: 'loadBalancer',
      ips: 1,
      ports: 0,
      current: 2,
      max: 2,
      surge: 0,
      names: JSON.stringify({ kind: 'aks', resourceGroup: 'rg-shop', clusterName: 'aks-shop' }),
    });
  });
});
