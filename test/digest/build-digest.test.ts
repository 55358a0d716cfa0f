import { describe, expect, it } from 'vitest';
import { buildDigest, type DigestTarget } from '../../src/digest/build-digest.js';
import { NOW, THRESHOLDS, aksTopology, at, failingSnapshot, hoursAgo, natTopology, rollups, snapshotOf, steady } from './digest-fixtures.js';

/** 48 nodes today, autoscaler max 60: the planner sees the 50 → 51 tier cliff coming. */
const BUSY = aksTopology('prod', 48, 60);

/** Busy from 9 to 14 hours ago (97 %, 12 nodes above warning, failures in one hour); 60 % otherwise; 70 % and no failures the day before. */
const busyDay = rollups((ms) => {
  const hours = hoursAgo(ms);
  if (hours > 24) return at(0.7, { aboveWarning: 0 });
  const busy = hours >= 9 && hours <= 14;
  return at(busy ? 0.97 : 0.6, { failed: hours === 10 ? 3 : 0, aboveWarning: busy ? 12 : 0 });
});

function only(targets: DigestTarget[], name: string): DigestTarget {
  const target = targets.find((candidate) => candidate.target.name === name);
  if (!target) throw new Error(`no target ${name} in the digest`);
  return target;
}

const failingDay = rollups((ms) => at(hoursAgo(ms) === 3 ? 1 : 0.5, { failed: hoursAgo(ms) === 3 ? 2 : 0 }));

describe('buildDigest', () => {
  it('should name the worst node and, for a target that failed connections, its top fix with the command', () => {
    const [shop] = buildDigest([{ snapshot: failingSnapshot(), hours: failingDay }], NOW, THRESHOLDS).targets;
    expect(shop!.standing).toBe('failing');
    expect(shop!.worstNode).toMatchObject({ node: '10.0.0.4', status: 'critical', used: 1_024, allocated: 1_024, failedConnections: 12 });
    expect(shop!.topFix!.commands[0]).toMatch(/^az aks update --resource-group rg-shop --name shop /);
  });

  it('should give no top fix to a target without failures', () => {
    const [shop] = buildDigest([{ snapshot: failingSnapshot(), hours: rollups(steady(0.5)) }], NOW, THRESHOLDS).targets;
    expect(shop!.topFix).toBeNull();
    expect(shop!.worstNode!.node).toBe('10.0.0.4');
  });

  it('should sum up a busy day: peak, p95, failures, nodes above warning, change, trend, coming risks and fixes', () => {
    const digest = buildDigest([{ snapshot: snapshotOf(BUSY), hours: busyDay }], NOW, THRESHOLDS);
    const [prod] = digest.targets;
    expect(digest.window).toEqual({ from: '2026-11-28T08:00:00.000Z', to: '2026-11-29T08:00:00.000Z', previousFrom: '2026-11-27T08:00:00.000Z', day: '2026-11-29' });
    expect(prod!.standing).toBe('failing');
    expect(prod!.day).toMatchObject({ peak: 0.97, p95: 0.97, failed: 180, maxAboveWarning: 12, minutesWithData: 1_440, hoursWithoutData: 0 });
    expect(prod!.change.peakPoints).toBeCloseTo(27, 6);
    expect(prod!.change.failed).toBe(180);
    expect(prod!.day.hourlyPeaks).toEqual([...Array(10).fill(0.6), ...Array(6).fill(0.97), ...Array(8).fill(0.6)]);
    expect(prod!.coverage).toMatchObject({ gap: 'none', statement: null });
    expect(prod!.risks.map((risk) => risk.code)).toEqual(['TIER_CLIFF']);
    expect(prod!.recommendations[0]!.commands[0]).toMatch(/^az aks update --resource-group rg-prod --name prod /);
    expect(prod!.recommendations.length).toBeLessThanOrEqual(2);
  });

  it('should call a quiet day quiet, with nothing to say beyond its numbers', () => {
    const digest = buildDigest([{ snapshot: snapshotOf(aksTopology('dev', 10)), hours: rollups(steady(0.2)) }], NOW, THRESHOLDS);
    const [dev] = digest.targets;
    expect(dev).toMatchObject({ standing: 'quiet', risks: [], recommendations: [], notes: [], coverage: { gap: 'none', statement: null } });
    expect(dev!.day).toMatchObject({ peak: 0.2, p95: 0.2, failed: 0, maxAboveWarning: 0 });
    expect(dev!.change.peakPoints).toBe(0);
    expect(digest.counts).toEqual({ failing: 0, critical: 0, warning: 0, 'at-risk': 0, 'missing-data': 0, quiet: 1 });
  });

  it('should say which hours are missing and figure only from the hours it has, never filling the gap', () => {
    // No data for the last 9 hours: the busy hours before them are what the day is judged on.
    const hours = rollups((ms) => (hoursAgo(ms) <= 9 ? null : at(hoursAgo(ms) === 12 ? 0.5 : 0.3)));
    const [egress] = buildDigest([{ snapshot: snapshotOf(natTopology('egress')), hours }], NOW, THRESHOLDS).targets;
    expect(egress!.standing).toBe('missing-data');
    expect(egress!.coverage).toMatchObject({ gap: 'hours-missing', hoursWithoutData: 9, minutesWithData: 900 });
    expect(egress!.coverage.statement).toMatch(/^No data for 9 of the last 24 hours \(900 of 1,440 minutes recorded\)/);
    expect(egress!.day.peak).toBe(0.5);
    expect(egress!.day.hourlyPeaks.slice(15)).toEqual(Array(9).fill(null));
  });

  it('should never call a target without any data quiet', () => {
    const [silent] = buildDigest([{ snapshot: snapshotOf(aksTopology('silent', 5)), hours: [] }], NOW, THRESHOLDS).targets;
    expect(silent).toMatchObject({ standing: 'missing-data', change: { peakPoints: null, failed: null }, coverage: { gap: 'no-data', minutesWithData: 0 } });
    expect(silent!.day.peak).toBeNull();
    expect(silent!.coverage.statement).toMatch(/^No data for the last 24 hours/);
  });

  it.each([
    { name: 'a few trailing minutes missing (metrics latency)', missingFrom: 5, gap: 'minor', standing: 'quiet' },
    { name: '40 minutes missing', missingFrom: 40, gap: 'minutes-missing', standing: 'missing-data' },
  ] as const)('should weigh $name', ({ missingFrom, gap, standing }) => {
    const hours = rollups((ms) => (NOW.getTime() - ms <= missingFrom * 60_000 ? null : at(0.2)));
    const [target] = buildDigest([{ snapshot: snapshotOf(aksTopology('dev', 10)), hours }], NOW, THRESHOLDS).targets;
    expect(target).toMatchObject({ standing, coverage: { gap, minutesWithData: 1_440 - missingFrom } });
  });

  it('should not compare with a day before that has no data', () => {
    const hours = rollups((ms) => (hoursAgo(ms) > 24 ? null : at(0.4)));
    const [target] = buildDigest([{ snapshot: snapshotOf(aksTopology('new', 3)), hours }], NOW, THRESHOLDS).targets;
    expect(target!.change).toEqual({ peakPoints: null, failed: null });
    expect(target!.standing).toBe('quiet');
  });

  it.each([
    { name: 'a snapshot the watch stopped refreshing', options: { recordedAt: new Date(NOW.getTime() - 3 * 3_600_000) }, note: 'The watch last recorded this target at 2026-11-29 05:00 UTC.' },
    { name: 'a target whose last read failed', options: { readError: { kind: 'forbidden' as const, message: 'HTTP 403' } }, note: 'Its last read failed (forbidden: HTTP 403).' },
  ])('should report $name as missing data', ({ options, note }) => {
    const [target] = buildDigest([{ snapshot: snapshotOf(aksTopology('dev', 10), options), hours: rollups(steady(0.2)) }], NOW, THRESHOLDS).targets;
    expect(target!.standing).toBe('missing-data');
    expect(target!.notes).toContain(note);
  });

  it('should rank by failures, then peak, then coming risks, quiet targets last', () => {
    const digest = buildDigest(
      [
        { snapshot: snapshotOf(aksTopology('quiet-high', 10)), hours: rollups(steady(0.7)) },
        { snapshot: snapshotOf(aksTopology('risky-low', 48, 60)), hours: rollups(steady(0.3)) },
        { snapshot: snapshotOf(aksTopology('peak', 10)), hours: rollups(steady(0.95)) },
        { snapshot: snapshotOf(aksTopology('few-failures', 10)), hours: rollups(() => at(0.5, { failed: 1 })) },
        { snapshot: snapshotOf(aksTopology('many-failures', 10)), hours: rollups(() => at(0.4, { failed: 2 })) },
        { snapshot: snapshotOf(aksTopology('risky-high', 48, 60)), hours: rollups(steady(0.3)) },
        { snapshot: snapshotOf(aksTopology('blind', 10)), hours: [] },
      ],
      NOW,
      THRESHOLDS,
    );
    expect(digest.targets.map((target) => [target.target.name, target.standing])).toEqual([
      ['many-failures', 'failing'],
      ['few-failures', 'failing'],
      ['peak', 'critical'],
      ['risky-high', 'at-risk'],
      ['risky-low', 'at-risk'],
      ['blind', 'missing-data'],
      ['quiet-high', 'quiet'],
    ]);
    expect(only(digest.targets, 'risky-high').risks[0]!.code).toBe('TIER_CLIFF');
  });

  it('should skip malformed minutes instead of counting them', () => {
    const hours = rollups(steady(0.2));
    const minutes = hours[hours.length - 1]!.minutes;
    const [first, second] = Object.keys(minutes);
    minutes[first!] = { worst: Number.NaN, failed: Number.POSITIVE_INFINITY, aboveWarning: -3, nodes: 0 };
    minutes[second!] = 'garbage' as never;
    const [target] = buildDigest([{ snapshot: snapshotOf(aksTopology('dev', 10)), hours }], NOW, THRESHOLDS).targets;
    expect(target!.day).toMatchObject({ failed: 0, maxAboveWarning: 0, minutesWithData: 1_438, peak: 0.2 });
  });

  it.each([
    { name: 'an invalid now', call: () => buildDigest([], new Date('nope'), THRESHOLDS), error: TypeError },
    { name: 'thresholds the wrong way round', call: () => buildDigest([], NOW, { warningThreshold: 0.9, criticalThreshold: 0.75 }), error: RangeError },
    { name: 'an input without a snapshot', call: () => buildDigest([{ hours: [] } as never], NOW, THRESHOLDS), error: TypeError },
  ])('should refuse $name with a clear error', ({ call, error }) => {
    expect(call).toThrow(error);
  });
});
