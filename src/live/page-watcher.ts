// The watch on the watcher on the page: when the watch last ran and how it went, failed runs in a
// row, and the Slack messages parked because Slack refused them, with the commands that resend or
// drop them. Pure.
import type { LiveView } from './live-view-schema.js';
import { html, type SafeHtml } from './page-html.js';

export function watcherSection(view: LiveView): SafeHtml {
  const { watcher, outbox } = view;
  if (!watcher && !outbox) return html``;
  const last = watcher?.lastRun ?? null;
  const failing = (watcher?.consecutiveFailures ?? 0) > 0;
  return html`<section class="watcher${failing ? ' is-blind' : ''}" aria-label="The watch itself">
<p class="meta" data-heartbeat>${
    last
      ? html`Last watch run ${time(last.startedAt)} → ${time(last.endedAt)} UTC${watcher?.ageMinutes !== null && watcher?.ageMinutes !== undefined ? ` (${watcher.ageMinutes} min ago)` : ''}: ${last.targets} ${last.targets === 1 ? 'target' : 'targets'}, ${last.outcome === 'ok' ? 'ok' : html`<strong>could not watch (${last.failure?.reason ?? 'failed'})</strong>`}${last.errors.length > 0 ? `, ${last.errors.length} ${last.errors.length === 1 ? 'error' : 'errors'}` : ''}`
      : 'No watch run recorded yet.'
  }${outbox ? ` · Slack: ${outbox.pending} waiting, ${outbox.parked.length} parked` : ''}</p>
${failing ? html`<p class="notice notice-blind">The watch could not watch for ${watcher!.consecutiveFailures} run(s) in a row${last?.failure ? html`: <span class="detail">${last.failure.detail}</span>` : ''}.</p>` : ''}
${last && last.errors.length > 0 ? html`<ul class="meta run-errors">${last.errors.map((error) => html`<li>${error}</li>`)}</ul>` : ''}
${outbox && outbox.parked.length > 0 ? parkedList(outbox.parked) : ''}
</section>`;
}

function parkedList(parked: NonNullable<LiveView['outbox']>['parked']): SafeHtml {
  return html`<div class="notice notice-blind parked"><p><strong>${parked.length} Slack ${parked.length === 1 ? 'message' : 'messages'} parked</strong> — Slack refused ${parked.length === 1 ? 'it' : 'them'}, also as text only. Resend with <code>snat-watch outbox retry ID</code>, or drop with <code>snat-watch outbox drop ID</code>.</p>
<ul>${parked.map((message) => html`<li data-parked-id="${message.id}"><code>${message.id}</code> · ${message.kind} #${message.sequence} · queued ${time(message.createdAt)} UTC · <span class="detail">${message.reason}</span><br>${message.text}</li>`)}</ul></div>`;
}

function time(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}
