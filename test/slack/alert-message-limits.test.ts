import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertSummary, TargetNotification } from '../../src/alerting/alert-state.js';
import { buildAlertMessage } from '../../src/slack/alert-message.js';
import { truncateAtWord } from '../../src/slack/block-kit.js';
import { PORTAL, RECOMMENDATION, allText, expectWithinSlackLimits, loadBalancerCase } from './alert-message-fixtures.js';

const alerts = (count: number): AlertSummary[] =>
  Array.from({ length: count }, (_, index) => ({
    key: `t|10.0.${index}.4|SNAT_UTILIZATION`,
    condition: 'SNAT_UTILIZATION',
    node: `10.0.${index}.4`,
    severity: 'critical',
    since: '2024-05-01T10:15:00.000Z',
    change: null,
  }));

describe('buildAlertMessage (Slack limits)', () => {
  it('should summarise a 1,000-node target in a valid message: 5 nodes listed, the rest counted', () => {
    const { evaluation, notification } = loadBalancerCase(1_000, (index) => 800 + (index % 200), { failedEvery: 10, churn: 2 });
    const message = buildAlertMessage({ notification, evaluation, recommendation: RECOMMENDATION, portalUrl: PORTAL });
    expectWithinSlackLimits(message);
    const text = allText(message);
    expect(text.match(/^• /gm)).toHaveLength(5);
    expect(text).toContain('…and 995 more nodes at or above warning.');
    expect(text).toContain('*1,000 of 1,000 nodes* at or above warning');
    expect(text).toContain(RECOMMENDATION.command);
  });

  it('should stay valid with absurd inputs, shortening text at word boundaries', () => {
    const { evaluation, notification } = loadBalancerCase(3, () => 1_000);
    const name = 'very long name '.repeat(400);
    const message = buildAlertMessage({
      notification: { ...notification, target: { ...notification.target, name }, resolved: alerts(1_000) },
      evaluation,
      recommendation: { title: 'word '.repeat(2_000), rationale: 'because '.repeat(5_000), command: RECOMMENDATION.command },
      portalUrl: `${PORTAL}/${'x'.repeat(3_000)}`,
    });
    expectWithinSlackLimits(message);
    const header = message.blocks[0]!.type === 'header' ? message.blocks[0]!.text.text : '';
    expect(header).toMatch(/ (very|long|name)…$/);
    expect(allText(message)).toContain(RECOMMENDATION.command);
  });

  it.each([
    { name: 'resolved with 1,000 cleared alerts', severity: 'resolved', firing: 0, resolved: 1_000 },
    { name: 'reminder with 1,000 open alerts and no numbers', severity: 'critical', firing: 1_000, resolved: 400 },
  ] as const)('should stay valid for a $name', ({ severity, firing, resolved }) => {
    const { notification } = loadBalancerCase(1, () => 1_000);
    const big: TargetNotification = { ...notification, severity, firing: alerts(firing), resolved: alerts(resolved), reason: severity === 'resolved' ? 'all-resolved' : 'repeat-interval-elapsed' };
    const message = buildAlertMessage({ notification: big, evaluation: null, recommendation: RECOMMENDATION, portalUrl: PORTAL });
    expectWithinSlackLimits(message);
    expect(allText(message)).toMatch(/…and (995|1,000|1,995) more alerts/);
  });
});

describe('truncateAtWord', () => {
  it.each([
    { name: 'short text', text: 'all is well', max: 20, result: 'all is well' },
    { name: 'text of exactly the limit', text: 'abcde', max: 5, result: 'abcde' },
    { name: 'a cut inside a word', text: 'node exhausted now', max: 12, result: 'node…' },
    { name: 'a cut right after a word', text: 'node exhausted now', max: 16, result: 'node exhausted…' },
    { name: 'one word longer than the limit', text: 'supercalifragilistic', max: 6, result: 'super…' },
  ])('should handle $name', ({ text, max, result }) => {
    expect(truncateAtWord(text, max)).toBe(result);
  });

  it('should never exceed the limit nor cut a word that a space could have saved', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'bb', 'ccc', 'dddd', ' ', '  ', '\n'), { maxLength: 200 }).map((parts) => parts.join('')), fc.integer({ min: 2, max: 80 }), (text, max) => {
        const result = truncateAtWord(text, max);
        expect(result.length).toBeLessThanOrEqual(max);
        if (text.length <= max) {
          expect(result).toBe(text);
          return;
        }
        const kept = result.slice(0, -1);
        expect(result.endsWith('…')).toBe(true);
        expect(text.startsWith(kept)).toBe(true);
        if (/\s/.test(text.slice(1, max - 1))) expect(/^\s/.test(text.slice(kept.length)) || kept.length === 0).toBe(true);
      }),
    );
  });
});
