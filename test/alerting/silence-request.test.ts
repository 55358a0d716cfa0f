import { describe, expect, it } from 'vitest';
import { silenceCovering } from '../../src/alerting/incident-silence.js';
import { silenceToCreate, type WatchedTarget } from '../../src/alerting/silence-request.js';
import type { Silence } from '../../src/alerting/silence.js';

const ID = '/subscriptions/s/resourceGroups/mc_rg/providers/Microsoft.Network/loadBalancers/kubernetes';
const WATCHED: WatchedTarget[] = [
  { id: ID, name: 'kubernetes', nodes: [{ node: '10.0.0.4', nodeName: 'aks-nodepool1-12345678-vmss000003' }] },
];
const NOW = new Date('2026-12-01T10:00:00Z');

describe('silenceToCreate', () => {
  it('should store a silence asked by Kubernetes node name under the backend IP, so the watch holds that node\'s alerts', () => {
    const created = silenceToCreate({ matchers: { target: 'kubernetes', node: 'AKS-nodepool1-12345678-vmss000003' }, duration: '1h', createdBy: 'ana' } as never, NOW, WATCHED);
    expect(created.matchers).toEqual({ target: ID, node: '10.0.0.4' });
    const silence: Silence = { id: 'x', ...created, createdAt: NOW.toISOString(), endedAt: null, endedBy: null };
    const firing = [{ condition: 'SNAT_UTILIZATION' as const, node: '10.0.0.4', state: 'firing' as const, severity: 'warning' as const, since: NOW.toISOString(), firingSince: NOW.toISOString(), resolvedAt: null, notifiedSeverity: null }];
    expect(silenceCovering(firing, [silence], { id: ID, name: 'kubernetes', kind: 'loadBalancer' }, NOW)?.id).toBe('x');
  });
});
