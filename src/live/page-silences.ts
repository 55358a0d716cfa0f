// The page's silences: every silence not over yet (what, until when, by whom, why) with an End button
// each, and a small form that silences a target — or one node or condition of it — for 1 h, 4 h,
// 24 h or until a chosen time. The page script (page-silences-script.ts) sends both to the silences
// API under the page's own function (/api/recommendations/silences) and reloads the page, which then
// shows the silence here and the alerts it keeps quiet marked on their target. Pure.
import type { LiveSilence, LiveTarget, LiveView } from './live-view-schema.js';
import { html, type SafeHtml } from './page-html.js';

const conditionNames: Record<NonNullable<LiveSilence['condition']>, string> = {
  SNAT_UTILIZATION: 'SNAT port use',
  SNAT_EXHAUSTION: 'SNAT exhaustion',
  ALLOCATION_DRIFT: 'allocation drift',
  DATAPATH_DEGRADED: 'datapath degraded',
  MONITORING_BLIND: 'monitoring blind',
};

/** "2026-12-01 14:00 UTC": what the page says everywhere else too. */
export function utcTime(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** What a silence covers, in words: "every alert", "node 10.0.0.4", "SNAT exhaustion on node 10.0.0.4". */
export function silenceScope(silence: Pick<LiveSilence, 'node' | 'condition'>): string {
  const condition = silence.condition ? conditionNames[silence.condition] : null;
  if (!silence.node) return condition ?? 'every alert';
  return condition ? `${condition} on node ${silence.node}` : `node ${silence.node}`;
}

/** A name that tells apart the many load balancers called `kubernetes`: their cluster or resource group. */
export function targetLabel(target: Pick<LiveTarget, 'name' | 'aksCluster' | 'resourceGroup'>): string {
  const where = target.aksCluster?.name ?? target.resourceGroup;
  return where ? `${target.name} (${where})` : target.name;
}

export function silencesSection(view: LiveView, apiPath: string): SafeHtml {
  const rows = view.targets.flatMap((target) => target.silences.map((silence) => ({ target, silence })));
  rows.sort((a, b) => a.silence.endsAt.localeCompare(b.silence.endsAt));
  return html`<section id="silences" class="silences" aria-labelledby="silences-title">
<h2 id="silences-title">Silences</h2>
<p class="meta">A silence stops notifications about what it covers until it ends; the page and the JSON keep showing those alerts, marked silenced.</p>
${rows.length === 0
    ? html`<p class="meta" data-no-silences>No silences.</p>`
    : html`<ul class="silence-list">${rows.map(({ target, silence }) => silenceItem(target, silence))}</ul>`}
${view.targets.length === 0 ? '' : silenceForm(view.targets, apiPath)}
<div id="silence-result" aria-live="polite"></div>
</section>`;
}

function silenceItem(target: LiveTarget, silence: LiveSilence): SafeHtml {
  return html`<li class="silence" data-silence-id="${silence.id}">
<span><strong>${targetLabel(target)}</strong> · ${silenceScope(silence)} · ${silence.state === 'pending' ? `from ${utcTime(silence.startsAt)} ` : ''}until ${utcTime(silence.endsAt)} · by ${silence.createdBy}${silence.comment ? html` · <q class="comment">${silence.comment}</q>` : ''}</span>
<button type="button" class="secondary end" data-end-silence="${silence.id}">End</button>
</li>`;
}

function silenceForm(targets: readonly LiveTarget[], apiPath: string): SafeHtml {
  return html`<form id="silence-form" action="${apiPath}/silences" method="post" novalidate>
  <label>Target <select name="target">${targets.map((target) => html`<option value="${target.id}">${targetLabel(target)}</option>`)}</select></label>
  <label>Node <input name="node" type="text" placeholder="every node" autocomplete="off"><small>a backend IP or Kubernetes node name</small></label>
  <label>Condition <select name="condition"><option value="">every condition</option>${Object.entries(conditionNames).map(([value, label]) => html`<option value="${value}">${label}</option>`)}</select></label>
  <label>For <select name="duration"><option value="1h">1 hour</option><option value="4h">4 hours</option><option value="24h">24 hours</option><option value="custom">until…</option></select></label>
  <label data-custom-end hidden>Until (your time) <input name="endsAt" type="datetime-local"></label>
  <label>Comment <input name="comment" type="text" maxlength="1000" placeholder="why"></label>
  <label>Your name <input name="createdBy" type="text" maxlength="100" required autocomplete="name"></label>
  <div class="actions"><button type="submit">Silence</button></div>
</form>`;
}

/** On an alert chip: the silence keeping it quiet. */
export function silencedMark(silenced: { until: string; by: string } | null): SafeHtml {
  return silenced ? html` · <span class="silenced-mark" title="silenced by ${silenced.by}">silenced until ${utcTime(silenced.until)}</span>` : html``;
}

/** In a target's header: a badge when a silence is in force on it, and the button that fills the form for it. */
export function targetSilenceControls(target: LiveTarget): SafeHtml {
  const active = target.silences.filter((silence) => silence.state === 'active');
  const badge = active.length > 0
    ? html`<span class="badge silenced" title="${active.map((silence) => `${silenceScope(silence)} until ${utcTime(silence.endsAt)} by ${silence.createdBy}`).join('; ')}">${active.length} ${active.length === 1 ? 'silence' : 'silences'}</span>`
    : '';
  return html`${badge}<button type="button" class="secondary silence-target" data-silence-target="${target.id}">Silence…</button>`;
}

export const SILENCES_STYLE = `
.silences { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 1rem 1.25rem 1.25rem; margin: 0 0 1.25rem; }
.silence-list { list-style: none; padding: 0; margin: .5rem 0 1rem; }
.silence { display: flex; justify-content: space-between; align-items: center; gap: 1rem; padding: .35rem 0; border-bottom: 1px solid var(--line); }
.silence .comment { color: var(--muted); }
.silence button.end, button.silence-target { margin-top: 0; padding: .1rem .7rem; font-size: .85rem; }
#silence-form { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: 0 1rem; align-items: end; }
.badge.silenced { background: var(--stale-bg); color: var(--stale); }
.chip.is-silenced { opacity: .75; border: 1px dashed currentColor; white-space: normal; }
.chip .silenced-mark { font-style: italic; }
#silence-form [hidden] { display: none; }
`;
