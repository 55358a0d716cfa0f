import { describe, expect, it } from 'vitest';
import type { TargetRef } from '../../src/alerting/alert-state.js';
import { activeSilenceFor, isSilenceActive, silenceEnd, silenceMatches, silenceOnTarget, type Silence, type SilenceMatchers } from '../../src/alerting/silence.js';

const target: TargetRef = {
  id: '/subscriptions/s1/resourceGroups/rg-shop/providers/Microsoft.Network/loadBalancers/kubernetes',
  name: 'kubernetes',
  kind: 'loadBalancer',
};
const other: TargetRef = { id: '/subscriptions/s1/resourceGroups/rg-net/providers/Microsoft.Network/natGateways/nat-egress', name: 'nat-egress', kind: 'natGateway' };
const NOW = new Date('2026-12-01T12:00:00Z');

function silence(matchers: Partial<SilenceMatchers> = {}, times: Partial<Pick<Silence, 'startsAt' | 'endsAt' | 'endedAt'>> = {}): Silence {
  return {
    id: `s-${Math.random()}`,
    matchers: { target: target.id, ...matchers },
    startsAt: '2026-12-01T11:00:00Z',
    endsAt: '2026-12-01T13:00:00Z',
    createdBy: 'ana',
    comment: '',
    createdAt: '2026-12-01T11:00:00Z',
    endedAt: null,
    endedBy: null,
    ...times,
  };
}

const alert = { node: '10.240.0.4', nodeName: 'aks-nodepool1-12345678-vmss000003', condition: 'SNAT_UTILIZATION' as const };

describe('isSilenceActive', () => {
  it.each([
    { name: 'inside its window', times: {}, active: true },
    { name: 'not started yet', times: { startsAt: '2026-12-01T12:30:00Z' }, active: false },
    { name: 'at its end (the end is exclusive)', times: { endsAt: '2026-12-01T12:00:00Z' }, active: false },
    { name: 'ended early by someone', times: { endedAt: '2026-12-01T11:30:00Z' }, active: false },
    { name: 'ended by someone after its own end (the earlier one counts)', times: { endsAt: '2026-12-01T11:50:00Z', endedAt: '2026-12-01T12:30:00Z' }, active: false },
    { name: 'an end written with an offset, past in UTC', times: { endsAt: '2026-12-01T13:30:00+02:00' }, active: false },
  ])('should be $active when $name', ({ times, active }) => {
    expect(isSilenceActive(silence({}, times), NOW)).toBe(active);
  });
});

describe('silenceEnd', () => {
  it('should compare instants, not strings, when someone ended it', () => {
    // 12:30+02:00 is 10:30Z: before the stored endsAt, although its string sorts after it.
    expect(silenceEnd(silence({}, { endsAt: '2026-12-01T11:00:00Z', endedAt: '2026-12-01T12:30:00+02:00' }))).toBe('2026-12-01T12:30:00+02:00');
  });
});

describe('silenceMatches', () => {
  it.each([
    { name: 'the target by resource ID, any case', matchers: { target: target.id.toUpperCase() }, expected: true },
    { name: 'the target by name, any case', matchers: { target: 'KUBERNETES' }, expected: true },
    { name: 'another target', matchers: { target: other.id }, expected: false },
    { name: 'the node by IP', matchers: { node: '10.240.0.4' }, expected: true },
    { name: 'the node by its Kubernetes node name', matchers: { node: 'aks-nodepool1-12345678-vmss000003' }, expected: true },
    { name: 'another node', matchers: { node: '10.240.0.5' }, expected: false },
    { name: 'the condition', matchers: { condition: 'SNAT_UTILIZATION' as const }, expected: true },
    { name: 'another condition', matchers: { condition: 'SNAT_EXHAUSTION' as const }, expected: false },
  ])('should match an alert when the silence names $name: $expected', ({ matchers, expected }) => {
    expect(silenceMatches(silence(matchers), target, alert)).toBe(expected);
  });

  it('should cover the whole target only when it names no node and no condition', () => {
    expect(silenceMatches(silence(), target)).toBe(true);
    expect(silenceMatches(silence({ node: '10.240.0.4' }), target)).toBe(false);
    expect(silenceMatches(silence({ condition: 'SNAT_EXHAUSTION' }), target)).toBe(false);
  });

  it('should not match a node name when the alert has none', () => {
    expect(silenceMatches(silence({ node: 'aks-nodepool1-12345678-vmss000003' }), target, { node: '10.240.0.4', condition: 'SNAT_UTILIZATION' })).toBe(false);
  });
});

describe('silenceOnTarget', () => {
  it('should say a silence names the target whatever its node and condition', () => {
    expect(silenceOnTarget(silence({ node: '10.9.9.9', condition: 'ALLOCATION_DRIFT' }), target)).toBe(true);
    expect(silenceOnTarget(silence({ target: 'nat-egress' }), target)).toBe(false);
  });
});

describe('activeSilenceFor', () => {
  it('should pick the covering silence that lasts longest, ignoring ended and other ones', () => {
    const short = silence({}, { endsAt: '2026-12-01T12:30:00Z' });
    // 15:00+02:00 is 13:00Z: ends before 14:00Z although its string sorts later.
    const offset = silence({}, { endsAt: '2026-12-01T15:00:00+02:00' });
    const long = silence({ node: '10.240.0.4' }, { endsAt: '2026-12-01T14:00:00Z' });
    const ended = silence({}, { endsAt: '2026-12-02T00:00:00Z', endedAt: '2026-12-01T11:30:00Z' });
    const elsewhere = silence({ target: other.id }, { endsAt: '2026-12-03T00:00:00Z' });
    expect(activeSilenceFor([short, offset, long, ended, elsewhere], target, NOW, alert)).toBe(long);
    expect(activeSilenceFor([short, offset, ended], target, NOW, alert)).toBe(offset);
    expect(activeSilenceFor([long, ended], target, NOW)).toBeNull();
  });
});
