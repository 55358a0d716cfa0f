import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDigest, type Digest, type DigestTargetInput } from '../../src/digest/build-digest.js';
import { buildDigestMessage } from '../../src/slack/digest-message.js';
import { NOW, THRESHOLDS, aksTopology, at, hoursAgo, natTopology, rollups, snapshotOf } from '../digest/digest-fixtures.js';
import { allText, expectWithinSlackLimits } from './alert-message-fixtures.js';

const pad = (index: number) => String(index).padStart(3, '0');

/** Built once: two days of minutes for 200 targets take a while to write out. */
let cached: DigestTargetInput[] | undefined;
const twoHundred = (): DigestTargetInput[] => (cached ??= twoHundredTargets());

/** 200 targets: 12 failing, 20 with a tier cliff coming, 10 without data for 9 hours, the rest quiet below 40 %. */
function twoHundredTargets(): DigestTargetInput[] {
  return Array.from({ length: 200 }, (_, index) => {
    const name = `aks-${pad(index)}`;
    if (index < 12) return { snapshot: snapshotOf(aksTopology(name, 48, 60)), hours: rollups((ms) => at(hoursAgo(ms) === 2 ? 0.99 : 0.6, { failed: index + 1 })) };
    if (index < 32) return { snapshot: snapshotOf(aksTopology(name, 48, 60)), hours: rollups(() => at(0.3)) };
    if (index < 42) return { snapshot: snapshotOf(natTopology(name)), hours: rollups((ms) => (hoursAgo(ms) <= 9 ? null : at(0.2))) };
    return { snapshot: snapshotOf(aksTopology(name, 10)), hours: rollups(() => at(0.05 + (index % 34) / 100)) };
  });
}

/** Names shown, and the count the closing sentence gives for the rest: together, every target exactly once. */
function expectEveryTargetAccountedFor(digest: Digest, text: string): void {
  const named = digest.targets.filter((target) => text.includes(`*${target.target.name}*`));
  const rest = /…and ([\d,]+) more targets?/.exec(text);
  const summarised = rest ? Number(rest[1]!.replace(/,/g, '')) : 0;
  expect(named.length + summarised).toBe(digest.targets.length);
  // Rank order: the named ones are the busiest.
  expect(named).toEqual(digest.targets.slice(0, named.length));
}

/** Every section is whole: nothing was cut with an ellipsis to fit. */
function expectNothingCut(message: ReturnType<typeof buildDigestMessage>): void {
  for (const block of message.blocks) {
    if (block.type === 'section') expect(block.text!.text).not.toMatch(/…$/);
    if (block.type === 'context') for (const element of block.elements) expect('text' in element ? element.text : '').not.toMatch(/…$/);
  }
}

describe('buildDigestMessage (Slack limits)', () => {
  it('should fit 200 targets in one valid message: the busiest in full, the rest summarised', () => {
    const digest = buildDigest(twoHundred(), NOW, THRESHOLDS);
    const message = buildDigestMessage(digest);
    expectWithinSlackLimits(message);
    expectNothingCut(message);
    const text = allText(message);
    expectEveryTargetAccountedFor(digest, text);
    expect(text).toContain('*200 targets* in the 24 h to 2026-11-29 08:00 UTC: 12 with failed SNAT connections · 20 with coming risks · 10 with missing data · 158 quiet.');
    expect(text).toContain('…and 175 more targets: 7 with coming risks, 10 with missing data, 158 quiet; peaks below 40%.');
    for (let index = 0; index < 12; index++) expect(text).toContain(`*aks-${pad(index)}*`);
    expect(message.text).toBe('SNAT capacity digest 2026-11-29: 12 of 200 targets with failed SNAT connections; worst peak 99% (aks-011); 32 with coming risks; 10 with missing data.');
  });

  it('should summarise a quiet day of 200 targets as "all quiet and below 40%"', () => {
    const inputs = Array.from({ length: 200 }, (_, index) => ({ snapshot: snapshotOf(aksTopology(`aks-${pad(index)}`, 10)), hours: rollups(() => at(0.05 + (index % 34) / 100)) }));
    const digest = buildDigest(inputs, NOW, THRESHOLDS);
    const message = buildDigestMessage(digest);
    expectWithinSlackLimits(message);
    expectNothingCut(message);
    expect(allText(message)).toContain('*All 200 targets quiet*');
    expect(allText(message)).toContain('…and 175 more targets, all quiet and below 40%.');
    expectEveryTargetAccountedFor(digest, allText(message));
  });

  it('should stay valid with absurd targets: long markup-laden names, dozens of risks, enormous commands', () => {
    const digest = buildDigest(twoHundred().slice(0, 40), NOW, THRESHOLDS);
    for (const [index, target] of digest.targets.entries()) {
      target.target = { ...target.target, name: `${'&<>'.repeat(30)}-${index}` };
      target.risks = Array.from({ length: 40 }, () => ({ ...target.risks[0]!, code: 'TIER_CLIFF', severity: 'warning', message: 'Growing & <shrinking> '.repeat(60) }));
      target.recommendations = Array.from({ length: 2 }, () => ({ title: 'word '.repeat(100), commands: ['az aks update '.repeat(200)], addresses: ['TIER_CLIFF'] }));
      target.notes = ['Its last read failed (failed: ' + 'detail '.repeat(500) + ').'];
    }
    const message = buildDigestMessage(digest);
    expectWithinSlackLimits(message);
    expect(allText(message)).toMatch(/…and [\d,]+ more coming risks\./);
  });

  it('should hold every limit and account for every target, whatever the day', () => {
    const day = fc.record({
      failed: fc.nat({ max: 50 }),
      worst: fc.double({ min: 0, max: 1.2, noNaN: true }),
      nodes: fc.integer({ min: 1, max: 400 }),
      hoursWithData: fc.integer({ min: 0, max: 24 }),
      nat: fc.boolean(),
      name: fc.string({ minLength: 1, maxLength: 90 }),
    });
    fc.assert(
      fc.property(fc.array(day, { maxLength: 250 }), (days) => {
        const inputs = days.map(({ failed, worst, nodes, hoursWithData, nat, name }, index) => {
          const topology = nat ? natTopology(`n${index}`) : aksTopology(`l${index}`, nodes, nodes + 60);
          const snapshot = snapshotOf(topology);
          snapshot.target.name = `${name}#${index}`;
          // One minute per hour keeps the property fast; coverage is then "missing", which is what it is.
          const hours = rollups((ms) => (ms % 3_600_000 === 0 && hoursAgo(ms) <= hoursWithData ? at(worst, { failed }) : null));
          return { snapshot, hours };
        });
        const digest = buildDigest(inputs, NOW, THRESHOLDS);
        const message = buildDigestMessage(digest);
        expectWithinSlackLimits(message);
        const rest = /…and ([\d,]+) more targets?/.exec(allText(message));
        const listed = digest.targets.length - (rest ? Number(rest[1]!.replace(/,/g, '')) : 0);
        expect(listed).toBeGreaterThanOrEqual(Math.min(digest.targets.length, 1));
      }),
      { numRuns: 25 },
    );
  });
});
