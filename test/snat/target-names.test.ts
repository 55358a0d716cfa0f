import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/digest/build-digest.js';
import { buildDigestMessage } from '../../src/slack/digest-message.js';
import { clusterOf, targetDisplayName } from '../../src/snat/target-names.js';
import { NOW, THRESHOLDS, aksTopology, failingSnapshot, natTopology, rollups, at } from '../digest/digest-fixtures.js';
import { allText } from '../slack/alert-message-fixtures.js';

describe('targetDisplayName', () => {
  it.each([
    { name: 'an AKS load balancer', target: { name: 'kubernetes', kind: 'loadBalancer' as const }, cluster: { name: 'aks-shop-prod', id: '/x' }, shown: 'aks-shop-prod · load balancer kubernetes' },
    { name: 'a NAT gateway of a cluster', target: { name: 'nat-egress', kind: 'natGateway' as const }, cluster: { name: 'aks-pay', id: null }, shown: 'aks-pay · NAT gateway nat-egress' },
    { name: 'a target outside any cluster', target: { name: 'lb-edge', kind: 'loadBalancer' as const }, cluster: null, shown: 'load balancer lb-edge' },
    { name: 'a target already named like its cluster', target: { name: 'Shop', kind: 'loadBalancer' as const }, cluster: { name: 'shop', id: '/x' }, shown: 'load balancer Shop' },
  ])('should show $name as "$shown"', ({ target, cluster, shown }) => {
    expect(targetDisplayName(target, cluster)).toBe(shown);
  });
});

describe('clusterOf', () => {
  it('should name no cluster from a placeholder, nor for a NAT gateway without one', () => {
    const topology = aksTopology('kubernetes', 3);
    expect(clusterOf({ ...topology, aks: { ...topology.aks!, clusterId: null, clusterName: '$CLUSTER_NAME' } })).toBeNull();
    expect(clusterOf(natTopology('nat'))).toBeNull();
    expect(clusterOf(null)).toBeNull();
  });
});

describe('buildDigestMessage worst node', () => {
  it('should give the worst node’s Kubernetes node name beside its IP', () => {
    const snapshot = failingSnapshot();
    const evaluation = { ...snapshot.evaluation!, nodes: snapshot.evaluation!.nodes.map((node) => (node.node === '10.0.0.4' && node.kind === 'backend' ? { ...node, nodeName: 'aks-nodepool1-12345678-vmss000003' } : node)) };
    const digest = buildDigest([{ snapshot: { ...snapshot, evaluation }, hours: rollups(() => at(0.99, { failed: 3 })) }], NOW, THRESHOLDS);
    expect(allText(buildDigestMessage(digest))).toContain('Worst node at the last check: `10.0.0.4` (aks-nodepool1-12345678-vmss000003)');
  });
});
