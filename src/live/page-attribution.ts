// The pods behind a hot node on the page: who opened its new TCP connections, from which source, with
// that source's caveats spelled out (cAdvisor's candidates said as candidates) — or why no pod is named. Pure.
import { attributionNote, podSentence } from '../attribution/attribution-text.js';
import type { LiveNode } from './live-view-schema.js';
import { html, type SafeHtml } from './page-html.js';

export function podsOf(node: LiveNode): SafeHtml {
  const attribution = node.attribution;
  if (!attribution) return html``;
  if ('unavailable' in attribution) {
    if (attribution.unavailable === 'disabled') return html``;
    return html`<small class="pods pods-unavailable" data-unavailable="${attribution.unavailable}">${attributionNote(attribution)}</small>`;
  }
  const on = node.nodeName ?? node.node;
  return html`<div class="pods${attribution.source === 'cadvisor-candidates' ? ' pods-candidates' : ''}" data-source="${attribution.source}">
  <small>on <code>${on}</code>${attribution.source === 'cadvisor-candidates' ? html`, ${attributionNote(attribution)}:` : html` (${attributionNote(attribution)}):`}</small>
  <ul>${attribution.pods.map((pod) => html`<li data-pod="${pod.namespace}/${pod.pod}">${podSentence(pod, attribution.window.minutes)}</li>`)}</ul>
  <small class="caveats">Caveats: ${attribution.caveats.join(' ')}</small>
</div>`;
}
