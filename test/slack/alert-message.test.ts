import { describe, expect, it } from 'vitest';
import type { ReadFailure, TargetNotification } from '../../src/alerting/alert-state.js';
import { decideReadFailure } from '../../src/alerting/decide-read-failure.js';
import { decideTargetAlerts } from '../../src/alerting/decide-target-alerts.js';
import { evaluateTarget } from '../../src/snat/evaluate-target.js';
import { buildAlertMessage, portalResourceUrl } from '../../src/slack/alert-message.js';
import { LB_ID, NOW, RULES, backend, lbMetrics, lbTopology, natMetrics, natTopology, steady } from '../snat/evaluate-fixtures.js';
import { ALERT_RULES, PORTAL, RECOMMENDATION, allText, expectWithinSlackLimits, loadBalancerCase } from './alert-message-fixtures.js';

const TARGET = { id: LB_ID, name: 'kubernetes', kind: 'loadBalancer' as const };

function blindNotification(failure: ReadFailure): TargetNotification {
  let state = null;
  let notification: TargetNotification | null = null;
  for (let run = 0; run < 3; run += 1) {
    const decision = decideReadFailure(state, failure, TARGET, ALERT_RULES, new Date(NOW.getTime() + run * 60_000));
    state = decision.state;
    notification = decision.notification ?? notification;
  }
  return notification!;
}

describe('buildAlertMessage', () => {
  it('should show severity, target, the worst nodes with their numbers, and summarise the rest', () => {
    const { evaluation, notification } = loadBalancerCase(8, (index) => 700 + index * 40, { failedEvery: 8 });
    const message = buildAlertMessage({ notification, evaluation, recommendation: RECOMMENDATION, portalUrl: PORTAL });
    const text = allText(message);
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { text: ':red_circle: CRITICAL: SNAT ports running out on kubernetes' } });
    expect(text).toContain('Load balancer *kubernetes* (resource group `mc_rg_aks`');
    expect(text).toContain('*7 of 8 nodes* at or above warning (3 critical), *4 failed SNAT connections* in the last 15 min.');
    // Failures first, then the fullest; numbers as on-call reads them.
    expect(text).toContain('• *10.0.0.4* (critical) — 700 / 1,024 ports (68.4%) · *4 failed connections* · full in ~2 h 42 min');
    expect(text).toContain('• *10.0.7.4* (critical) — 980 / 1,024 ports (95.7%) · full in ~22 min');
    expect(text.match(/^• /gm)).toHaveLength(5);
    expect(text).toContain('…and 2 more nodes at or above warning.');
    expect(message.text).toBe('CRITICAL: SNAT ports on load balancer kubernetes: 7 nodes at or above warning; worst 10.0.0.4 at 68.4% (700/1,024), 4 failed connections.');
    expectWithinSlackLimits(message);
  });

  it('should list the 2 nodes at risk of 100 and sum up the other 98 in one line', () => {
    const { evaluation, notification } = loadBalancerCase(100, (index) => (index === 0 ? 1_000 : index === 1 ? 800 : 100), { topology: { backendPoolSize: 50 } });
    const text = allText(buildAlertMessage({ notification, evaluation, recommendation: null, portalUrl: PORTAL }));
    expect(text.match(/^• /gm)).toHaveLength(2);
    expect(text).toContain('*2 of 100 nodes* at or above warning (1 critical).');
    expect(text).toContain('The other 98 nodes: 98 below warning.');
    expect(text).not.toContain('10.0.2.4');
  });

  it('should give the top recommendation with its exact command and a link to the resource', () => {
    const { evaluation, notification } = loadBalancerCase(2, () => 1_000);
    const message = buildAlertMessage({ notification, evaluation, recommendation: RECOMMENDATION, portalUrl: `${PORTAL}/` });
    const text = allText(message);
    expect(text).toContain(`*Do this first: Pool connections in the workload*\n${RECOMMENDATION.rationale}\n\`\`\`${RECOMMENDATION.command}\`\`\``);
    expect(message.blocks).toContainEqual({
      type: 'actions',
      elements: [expect.objectContaining({ type: 'button', url: `https://portal.azure.com/#@/resource${LB_ID}`, text: expect.objectContaining({ text: 'Open in Azure portal' }) })],
    });
  });

  it('should state plainly that nodes are not pooling and that their allocation drifted', () => {
    const manual = { name: 'aksOutboundRule', allocatedOutboundPorts: 4_000, idleTimeoutMinutes: 30, enableTcpReset: true };
    const { evaluation, notification } = loadBalancerCase(3, () => 1_000, { churn: 3, topology: { outboundRule: manual } });
    const text = allText(buildAlertMessage({ notification, evaluation, recommendation: null, portalUrl: PORTAL }));
    expect(text).toMatch(/\*Not pooling:\* 3 nodes at risk .* more outbound IPs would only delay the same failure\./);
    expect(text).toMatch(/\*Allocation drift:\* Azure allocates 1,024 SNAT ports per node on 3 of 3 nodes, but the outbound rule 'aksOutboundRule' asks for 4,000\./);
    expect(text).toContain('not pooling (ports held ~19.7 s at 3,000 new/min) · expected 4,000 ports');
    expect(text).not.toContain('Do this first');
  });

  it('should say idle connections pin the ports of nodes at risk, with the hold and the idle timeout', () => {
    const { evaluation, notification } = loadBalancerCase(3, () => 900, { churn: 1 / 28 });
    const text = allText(buildAlertMessage({ notification, evaluation, recommendation: null, portalUrl: PORTAL }));
    expect(text).toMatch(/\*Idle connections:\* 3 nodes at risk hold ports for idle connections \(worst 10\.0\.\d+\.4 holds each port about 27\.\d min .*close to the 30-min idle timeout/);
    expect(text).toMatch(/idle connections \(ports held ~27\.\d min at 32 new\/min, idle timeout 30 min\)/);
    expect(text).not.toMatch(/not pooling/i);
  });

  it('should say when the target is resolved, listing what cleared', () => {
    const first = loadBalancerCase(3, () => 1_000);
    const calm = evaluateTarget(lbTopology(), lbMetrics([0, 1, 2].map((index) => backend(`10.0.${index}.4`, { used: [100, 100] }))), RULES, NOW);
    const previous = decideTargetAlerts(null, first.evaluation, ALERT_RULES, NOW).state;
    const notification = decideTargetAlerts(previous, calm, ALERT_RULES, new Date(NOW.getTime() + 60_000)).notification!;
    const message = buildAlertMessage({ notification, evaluation: calm, recommendation: RECOMMENDATION, portalUrl: PORTAL });
    const text = allText(message);
    expect(message.blocks[0]).toMatchObject({ text: { text: ':white_check_mark: RESOLVED: SNAT ports on kubernetes' } });
    expect(text).toContain('All alerts cleared.');
    expect(text).toContain('• *10.0.0.4* — high SNAT port use (critical) since 2024-05-01 10:15 UTC');
    expect(text).not.toContain('Do this first');
    expect(message.text).toBe('RESOLVED: SNAT ports on load balancer kubernetes: all alerts cleared.');
  });

  it.each([
    { name: 'forbidden', failure: { kind: 'forbidden', detail: 'HTTP 403 AuthorizationFailed' }, advice: 'Monitoring Reader' },
    { name: 'not found', failure: { kind: 'not-found' }, advice: 'Update SNAT_TARGETS' },
    { name: 'throttled', failure: { kind: 'throttled' }, advice: 'throttled the reads past every retry' },
    { name: 'failed', failure: { kind: 'failed' }, advice: 'function logs' },
    { name: 'no data', failure: { kind: 'no-data' }, advice: 'returned no SNAT metrics' },
  ] as Array<{ name: string; failure: ReadFailure; advice: string }>)('should say the target is blind when it is $name, and what to do', ({ failure, advice }) => {
    const message = buildAlertMessage({ notification: blindNotification(failure), evaluation: null, recommendation: RECOMMENDATION, portalUrl: PORTAL });
    const text = allText(message);
    expect(message.blocks[0]).toMatchObject({ text: { text: ':see_no_evil: MONITORING BLIND: kubernetes' } });
    expect(text).toContain('could not judge load balancer *kubernetes* for 3 runs in a row');
    expect(text).toContain(advice);
    expect(text).not.toContain('Do this first');
    expect(message.text).toBe(`MONITORING BLIND: load balancer kubernetes could not be judged for 3 runs (${failure.kind}).`);
  });

  it('should show a failing NAT gateway by its failures and connections, never as ports full', () => {
    const evaluation = evaluateTarget(natTopology(), natMetrics({ activeConnections: steady(120_000), failedConnections: steady(3) }), RULES, NOW);
    const notification = decideTargetAlerts(null, evaluation, ALERT_RULES, NOW).notification!;
    const message = buildAlertMessage({ notification, evaluation, recommendation: null, portalUrl: PORTAL });
    expect(allText(message)).toContain('• *NAT gateway egress* (critical) — 120,000 active connections of 2,000,000 (Standard limit) · *45 failed connections* · datapath 100%');
    expect(message.text).toContain('CRITICAL: SNAT ports on NAT gateway egress: 1 node at or above warning; 120,000 active connections, 45 failed connections');
    expect(allText(message)).not.toMatch(/full/);
  });

  it('should escape names and commands for Slack mrkdwn, and leave the plain-text header alone', () => {
    const { evaluation, notification } = loadBalancerCase(1, () => 1_000, { topology: { name: 'lb<&>' } });
    const renamed = { ...notification, target: { ...notification.target, name: 'lb<&>' } };
    const message = buildAlertMessage({ notification: renamed, evaluation, recommendation: { ...RECOMMENDATION, command: 'echo a && b > c' }, portalUrl: PORTAL });
    expect(message.blocks[0]).toMatchObject({ text: { text: expect.stringContaining('lb<&>') } });
    const sections = allText(message).split('\n').slice(1).join('\n');
    expect(sections).toContain('*lb&lt;&amp;&gt;*');
    expect(sections).toContain('```echo a &amp;&amp; b &gt; c```');
  });

  it('should never show a command cut short', () => {
    const { evaluation, notification } = loadBalancerCase(1, () => 1_000);
    const command = `az network lb outbound-rule update ${'--x y '.repeat(400)}`;
    const text = allText(buildAlertMessage({ notification, evaluation, recommendation: { ...RECOMMENDATION, command }, portalUrl: PORTAL }));
    expect(text).not.toContain('az network lb outbound-rule update');
    expect(text).toContain('The exact command is too long for Slack');
  });

  it.each([
    { name: 'a trailing slash', portal: 'https://portal.azure.com/', url: `https://portal.azure.com/#@/resource${LB_ID}` },
    { name: 'a sovereign cloud', portal: 'https://portal.azure.us', url: `https://portal.azure.us/#@/resource${LB_ID}` },
    { name: 'no scheme', portal: 'portal.azure.com', url: null },
  ])('should link the resource in the portal with $name', ({ portal, url }) => {
    expect(portalResourceUrl(portal, LB_ID)).toBe(url);
  });

  it('should refuse an evaluation of another target', () => {
    const { notification } = loadBalancerCase(1, () => 1_000);
    const other = evaluateTarget(natTopology(), natMetrics(), RULES, NOW);
    expect(() => buildAlertMessage({ notification, evaluation: other, recommendation: null, portalUrl: PORTAL })).toThrow(TypeError);
  });
});
