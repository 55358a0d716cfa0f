import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/digest/build-digest.js';
import { buildDigestMessage } from '../../src/slack/digest-message.js';
import { NOW, THRESHOLDS, aksTopology, at, failingSnapshot, hoursAgo, natTopology, rollups, snapshotOf, steady } from '../digest/digest-fixtures.js';
import { allText, expectWithinSlackLimits } from './alert-message-fixtures.js';

const sectionTexts = (message: ReturnType<typeof buildDigestMessage>) => message.blocks.flatMap((block) => (block.type === 'section' && block.text ? [block.text.text] : []));

const busy = {
  snapshot: snapshotOf(aksTopology('prod', 48, 60)),
  hours: rollups((ms) => {
    const hours = hoursAgo(ms);
    if (hours > 24) return at(0.7, { aboveWarning: 0 });
    const peak = hours >= 9 && hours <= 14;
    return at(peak ? 0.97 : 0.6, { failed: hours === 10 ? 3 : 0, aboveWarning: peak ? 12 : 0 });
  }),
};
const quiet = (name: string, worst = 0.2) => ({ snapshot: snapshotOf(aksTopology(name, 10)), hours: rollups(steady(worst)) });
const gappy = { snapshot: snapshotOf(natTopology('egress')), hours: rollups((ms) => (hoursAgo(ms) <= 9 ? null : at(0.3))) };

describe('buildDigestMessage', () => {
  it('should name the worst node and the fix for the failures with its exact command', () => {
    const failing = rollups((ms) => at(hoursAgo(ms) === 3 ? 1 : 0.5, { failed: hoursAgo(ms) === 3 ? 2 : 0 }));
    const message = buildDigestMessage(buildDigest([{ snapshot: failingSnapshot(), hours: failing }, quiet('dev')], NOW, THRESHOLDS));
    expectWithinSlackLimits(message);
    const text = allText(message);
    expect(text).toContain('Worst node at the last check: `10.0.0.4` (critical) — 1,024 / 1,024 ports (100%), 12 failed connections.');
    expect(text).toMatch(/\*Fix the failures first:\* .+\n```az aks update --resource-group rg-shop --name shop /);
  });

  it('should show a busy target in full: numbers, the day before, the trend, the coming risk and its exact command', () => {
    const message = buildDigestMessage(buildDigest([busy, quiet('dev'), gappy], NOW, THRESHOLDS));
    expectWithinSlackLimits(message);
    const [headerBlock] = message.blocks;
    expect(headerBlock).toEqual({ type: 'header', text: { type: 'plain_text', text: ':bar_chart: SNAT capacity digest — 2026-11-29', emoji: true } });
    const prod = sectionTexts(message).find((text) => text.includes('*prod*'))!;
    expect(prod).toContain(':red_circle: *prod* — load balancer in `mc_rg_prod`');
    expect(prod).toContain('Peak *97%* · p95 97% · *180 failed SNAT connections* · up to 12 nodes at or above 75%');
    expect(prod).toContain('Against the day before: peak ▲ 27 pts (was 70%) · failures ▲ 180 (was 0)');
    expect(prod).toContain('`▅▅▅▅▅▅▅▅▅▅██████▅▅▅▅▅▅▅▅` hourly peak, last 24 h');
    expect(prod).toContain('• Growing from 50 to 51 nodes cuts every node');
    expect(prod).toMatch(/\*Fix first:\* .+\n```az aks update --resource-group rg-prod --name prod .+```/);
    expect(message.text).toBe('SNAT capacity digest 2026-11-29: 1 of 3 targets with failed SNAT connections; worst peak 97% (prod); 1 with coming risks; 1 with missing data.');
  });

  it('should state missing snapshots in words and draw them as gaps', () => {
    const message = buildDigestMessage(buildDigest([busy, quiet('dev'), gappy], NOW, THRESHOLDS));
    const egress = sectionTexts(message).find((text) => text.includes('*egress*'))!;
    expect(egress).toContain(':grey_question: *egress* — NAT gateway');
    expect(egress).toContain('_No data for 9 of the last 24 hours (900 of 1,440 minutes recorded); the figures cover only the hours with data._');
    expect(egress).toContain('`▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃         `');
    expect(allText(message)).toContain('1 with missing data');
  });

  it('should make a quiet day one line overall and one short line per target', () => {
    const message = buildDigestMessage(buildDigest([quiet('dev', 0.35), quiet('test'), quiet('stage', 0.1)], NOW, THRESHOLDS));
    expectWithinSlackLimits(message);
    expect(message.blocks.map((block) => block.type)).toEqual(['header', 'section', 'section', 'context']);
    const [summary, lines] = sectionTexts(message);
    expect(summary).toBe('*All 3 targets quiet* in the 24 h to 2026-11-29 08:00 UTC: worst peak 35% (*dev*), no failed SNAT connections, no coming risks, no gaps in the data.');
    expect(lines!.split('\n')).toEqual([
      '• *dev* — peak 35%, p95 35% `▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃`',
      '• *test* — peak 20%, p95 20% `▂▂▂▂▂▂▂▂▂▂▂▂▂▂▂▂▂▂▂▂▂▂▂▂`',
      '• *stage* — peak 10%, p95 10% `▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁`',
    ]);
    expect(message.text).toBe('SNAT capacity digest 2026-11-29: all 3 targets quiet, worst peak 35% (dev).');
  });

  it('should say so when there is nothing to report at all', () => {
    const message = buildDigestMessage(buildDigest([], NOW, THRESHOLDS));
    expectWithinSlackLimits(message);
    expect(allText(message)).toContain('*No targets to report* for the 24 h to 2026-11-29 08:00 UTC');
    expect(message.text).toBe('SNAT capacity digest 2026-11-29: no targets recorded; is the watch running?');
  });

  it('should escape names Slack would read as markup', () => {
    const topology = { ...aksTopology('a<b>&c', 10) };
    const message = buildDigestMessage(buildDigest([{ snapshot: snapshotOf(topology), hours: [] }], NOW, THRESHOLDS));
    expect(allText(message)).toContain('*a&lt;b&gt;&amp;c*');
    expect(allText(message)).not.toContain('a<b>');
  });

  it('should refuse what is not a digest', () => {
    expect(() => buildDigestMessage({} as never)).toThrow(TypeError);
  });
});
