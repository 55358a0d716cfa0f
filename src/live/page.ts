// The live view as a page for people (GET /api/recommendations with Accept: text/html, or
// /api/recommendations/view): every target with a bar per node, stale and blind marked, the risks
// and recommendations with copyable commands, and a what-if form that asks the planner. One
// self-contained document — inline CSS and script, no external asset — built from escaped
// templates. Pure: the view in, the HTML out.
import { createHash } from 'node:crypto';
import { formatCount } from '../snat/format.js';
import type { LiveView } from './live-view-schema.js';
import { whatIfForm } from './page-form.js';
import { html, raw } from './page-html.js';
import { PAGE_SCRIPT } from './page-script.js';
import { PAGE_STYLE } from './page-style.js';
import { SILENCES_SCRIPT } from './page-silences-script.js';
import { silencesSection, SILENCES_STYLE } from './page-silences.js';
import { targetCard } from './page-target.js';
import { watcherSection } from './page-watcher.js';

export interface LivePageOptions {
  /** The path of GET/POST /api/recommendations as the client called it (links and the form use it). */
  apiPath: string;
  /** The page was asked for one target (`?target=`): say so, and link back to every target. */
  filtered?: boolean;
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * Allows the page's own style and script (by hash) and calls to its own origin, nothing else: even
 * a value that escaped escaping could not run, load or send anything.
 */
export const LIVE_PAGE_CSP = [
  "default-src 'none'",
  `style-src ${sha256(PAGE_STYLE)} ${sha256(SILENCES_STYLE)}`,
  `script-src ${sha256(PAGE_SCRIPT)} ${sha256(SILENCES_SCRIPT)}`,
  "connect-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function buildLivePage(view: LiveView, options: LivePageOptions): string {
  const counts = (['critical', 'warning', 'unreadable', 'unknown', 'ok'] as const)
    .map((status) => ({ status, count: view.targets.filter((target) => target.status === status).length }))
    .filter(({ count }) => count > 0);
  const stale = view.targets.filter((target) => target.stale).length;
  const document = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${titleOf(view)} · SNAT Watch</title>
<style>${raw(PAGE_STYLE)}</style>
<style>${raw(SILENCES_STYLE)}</style>
</head>
<body>
<header class="page-head">
  <h1>SNAT Watch · live view</h1>
  <p class="meta">SNAT port use of ${formatCount(view.targets.length)} watched ${view.targets.length === 1 ? 'target' : 'targets'} as the watch last saw ${view.targets.length === 1 ? 'it' : 'them'} · generated ${view.generatedAt.slice(0, 16).replace('T', ' ')} UTC · warning at ${view.thresholds.warningPercent} %, critical at ${view.thresholds.criticalPercent} % of allocated ports${options.filtered ? html` · <a href="${options.apiPath}" data-keep-key>show every target</a>` : ''}</p>
  ${counts.length > 0 ? html`<ul class="summary">${counts.map(({ status, count }) => html`<li class="badge status-${status}">${count} ${status}</li>`)}${stale > 0 ? html`<li class="badge stale">${stale} stale</li>` : ''}</ul>` : ''}
</header>
<main>
${watcherSection(view)}
${silencesSection(view, options.apiPath)}
${view.targets.length === 0 ? emptyState(options.filtered === true) : view.targets.map((target) => targetCard(target, view, options))}
${whatIfForm(options.apiPath)}
</main>
<footer>Scripts get this view as JSON: GET ${options.apiPath} with <code>Accept: application/json</code> (<code>?target=</code> narrows it). A target is stale after ${view.staleAfterMinutes} min without a watch run.</footer>
<script>${raw(PAGE_SCRIPT)}</script>
<script>${raw(SILENCES_SCRIPT)}</script>
</body>
</html>
`;
  return document.value;
}

function titleOf(view: LiveView): string {
  const worst = view.targets[0];
  if (!worst) return 'No targets';
  return view.targets.length === 1 ? `${worst.name}: ${worst.status}` : `${formatCount(view.targets.length)} targets, worst ${worst.status}`;
}

function emptyState(filtered: boolean) {
  return filtered
    ? html`<p class="empty">No watched target has that name or resource ID, or it has not been evaluated yet.</p>`
    : html`<p class="empty">No target has been evaluated yet. Snapshots appear after the first watch run (SNAT_WATCH_SCHEDULE, every minute by default).</p>`;
}
