import { describe, expect, it } from 'vitest';
import type { Silence, SilenceMatchers } from '../../src/alerting/silence.js';
import { buildLiveView, type BuildLiveViewOptions } from '../../src/live/live-view.js';
import { liveViewSchema } from '../../src/live/live-view-schema.js';
import { alert, idOf, NOW, snapshotOf } from './live-fixtures.js';

const options: BuildLiveViewOptions = { now: NOW, staleAfterMinutes: 5, warningThreshold: 0.75, criticalThreshold: 0.9 };
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString();

function silence(id: string, matchers: Partial<SilenceMatchers>, endsInMinutes: number, extra: Partial<Silence> = {}): Silence {
  return {
    id,
    matchers: { target: idOf('shop'), ...matchers },
    startsAt: at(-10),
    endsAt: at(endsInMinutes),
    createdBy: 'ana',
    comment: 'fixing the pool',
    createdAt: at(-10),
    endedAt: null,
    endedBy: null,
    ...extra,
  };
}

describe('buildLiveView (silences)', () => {
  const snapshot = snapshotOf({
    name: 'shop',
    used: [960, 800, 100],
    alerts: [alert('10.0.0.1', 'SNAT_UTILIZATION', 'firing', 'critical'), alert('10.0.0.2', 'SNAT_UTILIZATION', 'firing'), alert('*', 'MONITORING_BLIND', 'pending')],
  });

  it('should say which open alerts a silence keeps quiet, until when and by whom', () => {
    const silences = [
      silence('node-1h', { node: '10.0.0.1' }, 60),
      silence('node-4h', { node: '10.0.0.1', condition: 'SNAT_UTILIZATION' }, 240, { createdBy: 'bo' }),
      silence('other-condition', { node: '10.0.0.2', condition: 'SNAT_EXHAUSTION' }, 60),
    ];
    const [target] = buildLiveView([snapshot], { ...options, silences }).targets;
    expect(target!.alerts.map((a) => [a.node, a.silenced])).toEqual([
      ['10.0.0.1', { id: 'node-4h', until: at(240), by: 'bo' }],
      ['10.0.0.2', null],
      ['*', null],
    ]);
    expect(target!.nodes[0]!.alerts[0]!.silenced).toEqual({ id: 'node-4h', until: at(240), by: 'bo' });
  });

  it('should silence every alert of a target under a silence on the whole target, named by its name', () => {
    const [target] = buildLiveView([snapshot], { ...options, silences: [silence('all', { target: 'SHOP' }, 30)] }).targets;
    expect(target!.alerts.every((a) => a.silenced?.id === 'all')).toBe(true);
  });

  it('should list the target\'s silences not over yet, pending ones too, and none of other targets', () => {
    const silences = [
      silence('later', {}, 120, { startsAt: at(60) }),
      silence('soon', { condition: 'MONITORING_BLIND' }, 15),
      silence('ended', {}, 120, { endedAt: at(-1), endedBy: 'bo' }),
      silence('expired', {}, -1),
      silence('elsewhere', { target: idOf('crm') }, 60),
    ];
    const view = buildLiveView([snapshot], { ...options, silences });
    const [target] = view.targets;
    expect(target!.silences.map((s) => [s.id, s.state, s.node, s.condition])).toEqual([
      ['soon', 'active', null, 'MONITORING_BLIND'],
      ['later', 'pending', null, null],
    ]);
    // A pending silence quiets nothing yet.
    expect(target!.alerts.map((a) => a.silenced?.id ?? null)).toEqual([null, null, 'soon']);
    expect(liveViewSchema.safeParse(view).success).toBe(true);
  });

  it('should show no silences when none were read', () => {
    const [target] = buildLiveView([snapshot], options).targets;
    expect([target!.silences, target!.alerts.map((a) => a.silenced)]).toEqual([[], [null, null, null]]);
  });
});
