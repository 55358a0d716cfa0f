// A plan on the page: the allocation in one sentence, the risks, and the ranked recommendations
// with their exact commands, each with a copy button. The what-if result is drawn the same way by
// the page script (page-script.ts), with the same classes. Pure.
import { formatCount } from '../snat/format.js';
import type { Allocation, Plan, Recommendation, Risk } from '../snat/plan-schema.js';
import { html, type SafeHtml } from './page-html.js';

export function planSection(plan: Plan): SafeHtml {
  return html`<div class="plan">
  <p class="allocation">${allocationSentence(plan.allocation)}</p>
  ${risksList(plan.risks)}
  ${plan.recommendations.length > 0 ? html`<ol class="recommendations">${plan.recommendations.map(recommendationItem)}</ol>` : ''}
</div>`;
}

export function allocationSentence(allocation: Allocation): string {
  const ports = (value: number | null) => (value === null ? 'no ports defined' : `${formatCount(value)} ports per node`);
  if (allocation.mode === 'natGateway') {
    return `NAT gateway with ${count(allocation.frontendIps, 'public IP')}: ${formatCount(allocation.capacityPorts)} ports shared on demand by every node.`;
  }
  const { atMax } = allocation;
  const mode = allocation.mode === 'manual' ? 'Manual allocation' : 'Default allocation';
  return (
    `${mode}, ${count(allocation.frontendIps, 'outbound IP')}: ${ports(allocation.portsPerNode)} at ${count(allocation.nodes, 'node')}; ` +
    `at the maximum of ${count(atMax.nodes, 'node')}, ${ports(atMax.portsPerNode)}; ` +
    `with ${count(atMax.surgeNodes, 'surge node')} during an upgrade (${formatCount(atMax.nodesWithSurge)}), ${ports(atMax.portsPerNodeWithSurge)}.`
  );
}

function risksList(risks: readonly Risk[]): SafeHtml {
  if (risks.length === 0) return html`<p class="no-risks">No risks found now, at the maximum, or during an upgrade.</p>`;
  return html`<ul class="risks">${risks.map(
    (risk) => html`<li class="risk sev-${risk.severity}"><span class="chip sev-${risk.severity}">${risk.severity}</span> <code class="code">${risk.code}</code> ${risk.message}</li>`,
  )}</ul>`;
}

function recommendationItem(recommendation: Recommendation): SafeHtml {
  return html`<li class="recommendation">
  <h4>${recommendation.title}</h4>
  <p>${recommendation.rationale}</p>
  ${recommendation.commands.map(commandBlock)}
</li>`;
}

export function commandBlock(command: string): SafeHtml {
  return html`<div class="command"><pre><code>${command}</code></pre><button type="button" class="copy" data-copy>Copy</button></div>`;
}

function count(value: number, noun: string): string {
  return `${formatCount(value)} ${noun}${value === 1 ? '' : 's'}`;
}
