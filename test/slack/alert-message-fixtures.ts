// Real evaluations and notifications for message tests: the evaluator and the lifecycle produce
// them, so a message is tested on what the pipeline will really hand it.
import { expect } from 'vitest';
import type { TargetNotification } from '../../src/alerting/alert-state.js';
import { decideTargetAlerts } from '../../src/alerting/decide-target-alerts.js';
import { evaluateTarget } from '../../src/snat/evaluate-target.js';
import type { TargetEvaluation } from '../../src/snat/evaluation.js';
import type { LoadBalancerTopology } from '../../src/snat/model.js';
import { messageTextLength, type ButtonElement, type SlackMessage } from '../../src/slack/block-kit.js';
import * as limits from '../../src/slack/limits.js';
import { NOW, RULES, backend, lbMetrics, lbTopology } from '../snat/evaluate-fixtures.js';

export const ALERT_RULES = { repeatIntervalMinutes: 240, blindAfterRuns: 3, groupIntervalMinutes: 5 };
export const PORTAL = 'https://portal.azure.com';
export const RECOMMENDATION = {
  title: 'Pool connections in the workload',
  command: 'az aks update --resource-group rg-aks --name prod --load-balancer-outbound-ports 4000',
  rationale: 'Nodes open more than 3 new connections per minute per port they hold: reusing connections cuts port use tenfold.',
};

/** A load balancer of `count` nodes: node i uses `usedOf(i)` of 1,024 ports, rising 2 a minute. */
export function loadBalancerCase(
  count: number,
  usedOf: (index: number) => number,
  options: { failedEvery?: number; churn?: number; topology?: Partial<LoadBalancerTopology> } = {},
): { evaluation: TargetEvaluation; notification: TargetNotification } {
  const backends = Array.from({ length: count }, (_, index) =>
    backend(`10.${Math.floor(index / 250)}.${index % 250}.4`, {
      used: Array.from({ length: 15 }, (_, minute) => usedOf(index) - 2 * (14 - minute)),
      newConnections: options.churn ? Array.from({ length: 15 }, () => options.churn! * usedOf(index)) : undefined,
      failed: options.failedEvery && index % options.failedEvery === 0 ? [0, 4] : undefined,
    }),
  );
  const topology = lbTopology({ backendPoolSize: Math.min(count, 50), ...options.topology });
  const evaluation = evaluateTarget(topology, lbMetrics(backends), RULES, NOW);
  const notification = decideTargetAlerts(null, evaluation, ALERT_RULES, NOW).notification!;
  return { evaluation, notification };
}

/** Every limit of limits.ts, asserted on a finished message. */
export function expectWithinSlackLimits(message: SlackMessage): void {
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThanOrEqual(limits.MAX_NOTIFICATION_TEXT);
  expect(message.blocks.length).toBeLessThanOrEqual(limits.MAX_BLOCKS);
  for (const block of message.blocks) {
    if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(limits.MAX_HEADER_TEXT);
    if (block.type === 'section') {
      expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(limits.MAX_SECTION_TEXT);
      expect(block.fields?.length ?? 0).toBeLessThanOrEqual(limits.MAX_SECTION_FIELDS);
      for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(limits.MAX_FIELD_TEXT);
    }
    if (block.type === 'context') expect(block.elements.length).toBeLessThanOrEqual(limits.MAX_CONTEXT_ELEMENTS);
    if (block.type === 'actions') {
      for (const element of block.elements) {
        expect(element.type).toBe('button');
        const button = element as ButtonElement;
        expect(button.text.text.length).toBeLessThanOrEqual(limits.MAX_BUTTON_TEXT);
        expect(button.url?.length ?? 0).toBeLessThanOrEqual(limits.MAX_BUTTON_URL);
      }
    }
  }
  expect(messageTextLength(message)).toBeLessThanOrEqual(limits.MAX_MESSAGE_TEXT);
  expect(JSON.stringify(message).length).toBeLessThan(13_000);
}

/** All text of a message, to search in. */
export function allText(message: SlackMessage): string {
  const texts: string[] = [];
  for (const block of message.blocks) {
    if (block.type === 'header') texts.push(block.text.text);
    if (block.type === 'section') texts.push(block.text?.text ?? '', ...(block.fields ?? []).map((field) => field.text));
    if (block.type === 'context') texts.push(...block.elements.map((element) => ('text' in element ? element.text : '')));
    if (block.type === 'actions') texts.push(...block.elements.map((element) => `${(element as ButtonElement).text.text} ${(element as ButtonElement).url}`));
  }
  return texts.join('\n');
}
