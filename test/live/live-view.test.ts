import { describe, expect, it } from 'vitest';
import { buildLiveView, matchesTarget, type BuildLiveViewOptions } from '../../src/live/live-view.js';
import { liveViewSchema } from '../../src/live/live-view-schema.js';
import type { TargetSnapshot } from '../../src/watch/target-snapshot.js';
import { alert, idOf, NOW, snapshotOf } from './live-fixtures.js';

const options: BuildLiveViewOptions = { now: NOW, staleAfterMinutes: 5, warningThreshold: 0.75, criticalThreshold: 0.9, portalUrl: 'https://portal.azure.com' };
const minutesBefore = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();

describe('buildLiveView', () => {
  it('should give each node its used and allocated ports, percent and status, worst first, with the alerts open on it', () => {
    const snapshot = snapshotOf({
      name: 'shop',
      used: [500, 960, 800],
      alerts: [alert('10.0.0.2', 'SNAT_UTILIZATION', 'firing', 'critical'), alert('10.0.0.3', 'SNAT_UTILIZATION', 'resolved'), alert('*', 'MONITORING_BLIND', 'pending')],
    });
    const [target] = buildLiveView([snapshot], options).targets;
    expect(target!.nodes.map((node) => [node.node, node.used, node.allocated, node.percent, node.status, node.alerts.map((a) => a.state)])).toEqual([
      ['10.0.0.2', 960, 1024, 93.8, 'critical', ['firing']],
      ['10.0.0.3', 800, 1024, 78.1, 'warning', []],
      ['10.0.0.1', 500, 1024, 48.8, 'ok', []],
    ]);
    expect(target!.alerts.map((a) => [a.node, a.condition, a.state])).toEqual([
      ['10.0.0.2', 'SNAT_UTILIZATION', 'firing'],
      ['*', 'MONITORING_BLIND', 'pending'],
    ]);
    expect(target).toMatchObject({ status: 'critical', blind: true, resourceGroup: 'rg-shop', portalUrl: `https://portal.azure.com/#@/resource${idOf('shop')}` });
  });

  it('should give each node at risk its pooling diagnosis with the numbers, and leave quiet nodes unjudged', () => {
    const snapshot = snapshotOf({ name: 'crm', used: [840, 980, 60], newConnections: [30, 700, 300] });
    const [target] = buildLiveView([snapshot], options).targets;
    expect(target!.nodes.map((node) => [node.node, node.pooling?.verdict, node.pooling?.holdMinutes])).toEqual([
      ['10.0.0.2', 'connection-churn', 1.4],
      ['10.0.0.1', 'idle-connections', 28],
      ['10.0.0.3', 'not-judged', 0.2],
    ]);
    expect(target!.nodes[1]!.pooling).toMatchObject({ idleTimeoutMinutes: 30, suggestedIdleTimeoutMinutes: 4, summary: expect.stringContaining('close to the 30-min idle timeout') });
    expect(target!.findings.map((finding) => finding.code)).toEqual(expect.arrayContaining(['NOT_POOLING', 'IDLE_CONNECTIONS']));
    expect(liveViewSchema.safeParse(buildLiveView([snapshot], options)).success).toBe(true);
  });

  it('should show no diagnosis for a snapshot recorded before it existed, and still answer in the schema', () => {
    const snapshot = snapshotOf({ name: 'old', used: [900] });
    const node = snapshot.evaluation!.nodes[0] as unknown as Record<string, unknown>;
    node.pooling = 'not-pooling';
    node.churn = 2;
    const view = buildLiveView([snapshot], options);
    expect(view.targets[0]!.nodes[0]!.pooling).toBeNull();
    expect(liveViewSchema.safeParse(view).success).toBe(true);
  });

  it.each([
    { name: 'just recorded', recordedAt: minutesBefore(0), stale: false, ageMinutes: 0 },
    { name: 'exactly the stale limit old', recordedAt: minutesBefore(5), stale: false, ageMinutes: 5 },
    { name: 'a second past the limit', recordedAt: new Date(NOW.getTime() - 5 * 60_000 - 1_000).toISOString(), stale: true, ageMinutes: 5 },
    { name: 'an hour and a half old', recordedAt: minutesBefore(90), stale: true, ageMinutes: 90 },
    { name: 'recorded ahead of this clock', recordedAt: minutesBefore(-2), stale: false, ageMinutes: 0 },
    { name: 'an unreadable timestamp', recordedAt: 'yesterday', stale: true, ageMinutes: 0 },
  ])('should mark a snapshot $name as stale: $stale', ({ recordedAt, stale, ageMinutes }) => {
    const [target] = buildLiveView([snapshotOf({ name: 'shop', recordedAt })], options).targets;
    expect(target).toMatchObject({ stale, ageMinutes, evaluatedAt: recordedAt });
  });

  it('should show a target the run could not read as unreadable and blind, with the reason, no nodes, and the plan of its last topology', () => {
    const [target] = buildLiveView([snapshotOf({ name: 'locked', unreadable: true })], options).targets;
    expect(target).toMatchObject({ status: 'unreadable', blind: true, nodes: [], counts: null, findings: [], readError: { kind: 'forbidden' } });
    expect(target!.plan!.allocation.nodes).toBe(1);
  });

  it('should rank targets critical, warning, unreadable, ok, then by name', () => {
    const snapshots = [
      snapshotOf({ name: 'b-calm' }),
      snapshotOf({ name: 'a-calm' }),
      snapshotOf({ name: 'locked', unreadable: true }),
      snapshotOf({ name: 'warm', used: [800] }),
      snapshotOf({ name: 'hot', used: [1000] }),
    ];
    expect(buildLiveView(snapshots, options).targets.map((target) => target.name)).toEqual(['hot', 'warm', 'locked', 'a-calm', 'b-calm']);
  });

  it.each([
    { name: 'its name in another case', query: 'SHOP', expected: ['shop'] },
    { name: 'its resource ID in lower case', query: idOf('billing').toLowerCase(), expected: ['billing'] },
    { name: 'a name with spaces around it', query: ' shop ', expected: ['shop'] },
    { name: 'a part of a name', query: 'sho', expected: [] },
    { name: 'an unknown name', query: 'nobody', expected: [] },
  ])('should narrow the view to the target named by $name', ({ query, expected }) => {
    const snapshots: TargetSnapshot[] = [snapshotOf({ name: 'shop' }), snapshotOf({ name: 'billing' })];
    expect(buildLiveView(snapshots, { ...options, target: query }).targets.map((target) => target.name)).toEqual(expected);
  });

  it('should match no target for a blank query', () => {
    expect(matchesTarget({ id: idOf('shop'), name: 'shop' }, '   ')).toBe(false);
  });

  it('should state the thresholds in percent, without floating-point noise', () => {
    expect(buildLiveView([], { ...options, warningThreshold: 0.7, criticalThreshold: 0.95 }).thresholds).toEqual({ warningPercent: 70, criticalPercent: 95 });
  });

  it('should produce exactly the shape the OpenAPI document describes', () => {
    const snapshots = [snapshotOf({ name: 'shop', used: [960, 10], alerts: [alert('10.0.0.1', 'SNAT_UTILIZATION', 'firing', 'critical')] }), snapshotOf({ name: 'locked', unreadable: true })];
    const result = liveViewSchema.safeParse(buildLiveView(snapshots, options));
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });
});
