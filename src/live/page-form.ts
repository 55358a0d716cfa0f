// The what-if form: describe an egress setup and its node counts, and the page script posts it to
// the planner (POST /api/recommendations) and shows the plan it answers. Field names are the
// script's; it builds the JSON request from them. Pure.
import { html, type SafeHtml } from './page-html.js';

export function whatIfForm(apiPath: string): SafeHtml {
  return html`<section id="what-if" class="what-if" aria-labelledby="what-if-title">
<h2 id="what-if-title">What if…</h2>
<p class="meta">Describe a setup — more nodes, a higher autoscaler maximum, more IPs, explicit ports — and the planner answers without touching Azure. “Try a change to this setup” above fills it from a watched target.</p>
<form id="what-if-form" action="${apiPath}" method="post" novalidate>
  <fieldset>
    <legend>Egress</legend>
    <label>Type <select name="type"><option value="loadBalancer">Load balancer (outbound rule / AKS)</option><option value="natGateway">NAT gateway</option></select></label>
    <label>Outbound public IPs <input name="ips" type="number" min="1" step="1" value="1" required></label>
    <label data-only="loadBalancer">Ports per node <input name="ports" type="number" min="0" step="8" value="0"><small>0 = Azure's default table</small></label>
    <label>Idle timeout (min) <input name="idle" type="number" min="4" max="120" step="1" placeholder="default"></label>
  </fieldset>
  <fieldset>
    <legend>Nodes</legend>
    <label>Now <input name="current" type="number" min="0" step="1" required></label>
    <label>Autoscaler max <input name="max" type="number" min="0" step="1" placeholder="same as now"></label>
    <label>Upgrade surge <input name="surge" type="text" placeholder="1 or 10%" inputmode="numeric"></label>
  </fieldset>
  <fieldset>
    <legend>Workload (optional)</legend>
    <label>Peak connections per node <input name="peak" type="number" min="0" step="1"></label>
    <label>Share to one destination <input name="share" type="number" min="0" max="1" step="0.05" placeholder="0–1, default 1"></label>
    <label>New connections per minute per node <input name="rate" type="number" min="0" step="any"></label>
    <label>Seconds each connection stays open <input name="seconds" type="number" min="0" step="any" placeholder="default 0"><small>the idle timeout or more: left open until it ends them</small></label>
    <label>Connections pooled <select name="pooled"><option value="">unknown</option><option value="yes">yes</option><option value="no">no</option></select></label>
  </fieldset>
  <input type="hidden" name="names">
  <div class="actions"><p class="meta" id="what-if-names" hidden></p><button type="submit">Plan</button></div>
</form>
<div id="what-if-result" class="what-if-result" aria-live="polite"></div>
</section>`;
}
