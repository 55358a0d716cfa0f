// The pods behind the worst nodes, in an alert: under a node's line, who opened its new connections
// ("on aks-…-vmss000003: shop/checkout-7f9c opened 61% of the node's new TCP connections in 15 min
// (lookups: api.payments.example)"), then once per message the source and its caveats, or why pods
// could not be named. Pure.
import type { NodeAttribution } from '../attribution/attribution.js';
import { attributionNote, podName, podSentence, SOURCE_LABEL } from '../attribution/attribution-text.js';
import type { BackendNodeEvaluation, TargetEvaluation } from '../snat/evaluation.js';
import { formatPercent, plural } from '../snat/format.js';
import { escapeMrkdwn } from './block-kit.js';

/** Choices of the install, said on the page and in the JSON, not in every alert. */
const QUIET_REASONS: ReadonlySet<string> = new Set(['disabled', 'no-workspace']);

/**
 * The sub-line under a node's line: the top pod in a whole sentence, the next ones by their share
 * ("then shop/cart-5d8b 6%"), so five nodes with their pods still fit the nodes' budget.
 */
export function podLines(node: BackendNodeEvaluation): string[] {
  const attribution = node.attribution;
  if (!attribution || 'unavailable' in attribution || attribution.pods.length === 0) return [];
  const [top, ...rest] = attribution.pods;
  const next = rest.map((pod) => `${podName(pod)} ${formatPercent(pod.share)}`);
  const sentence = `${podSentence(top!, attribution.window.minutes)}${next.length > 0 ? `; then ${next.join(', ')}` : ''}`;
  return [`    ↳ on ${escapeMrkdwn(node.nodeName ?? node.node)}: ${escapeMrkdwn(sentence)}`];
}

/** The source and caveats of the named pods, and the reasons pods went unnamed; null when attribution says nothing. */
export function attributionContext(evaluation: TargetEvaluation, listed: readonly string[]): string | null {
  const attributions = evaluation.nodes.flatMap((node) => (node.kind === 'backend' && node.attribution && listed.includes(node.node) ? [node.attribution] : []));
  const named = attributions.filter((a): a is Exclude<NodeAttribution, { unavailable: unknown }> => !('unavailable' in a) && a.pods.length > 0);
  const parts: string[] = [];
  // One line per source, so ACNS facts and cAdvisor candidates are never read as the same thing.
  for (const source of ['acns-metrics', 'cadvisor-candidates'] as const) {
    const first = named.find((a) => a.source === source);
    if (!first) continue;
    parts.push(source === 'acns-metrics' ? `Pods ${SOURCE_LABEL[source]}. Caveats: ${first.caveats.join(' ')}` : `Pods named are ${SOURCE_LABEL[source]}. Caveats: ${first.caveats.join(' ')}`);
  }
  const reasons = new Map<string, number>();
  for (const attribution of attributions) {
    if ('unavailable' in attribution && !QUIET_REASONS.has(attribution.unavailable)) reasons.set(attributionNote(attribution), (reasons.get(attributionNote(attribution)) ?? 0) + 1);
  }
  for (const [note, count] of reasons) parts.push(`${note[0]!.toUpperCase()}${note.slice(1)} (${plural(count, 'node')}).`);
  return parts.length > 0 ? parts.join('\n') : null;
}
