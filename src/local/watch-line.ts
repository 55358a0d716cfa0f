// One line per watch run and target, for the local host's terminal: the worst node as a bar, how
// full it is, failed connections, time to exhaustion and the alerts open — the live view at a glance.
// Pure: a live-view target in, a line out.
import type { LiveTarget } from '../live/live-view-schema.js';
import { formatCount, formatMinutes, formatPercent, plural } from '../snat/format.js';
import { bar, type Tone } from './terminal.js';

export type Paint = (tone: Tone, text: string) => string;

const BAR_WIDTH = 20;
/** Further out than this, a forecast drawn through minute-to-minute noise says nothing useful. */
const MAX_FORECAST_MINUTES = 120;
/** The whole reason is in the live view and the function log; the line only names it. */
const MAX_REASON = 120;
const STATUS_TONE: Record<LiveTarget['status'], Tone> = { ok: 'green', warning: 'yellow', critical: 'red', unknown: 'dim', unreadable: 'red' };

/** "09:24  kubernetes  ███████████████▋····  78.4%  warning   10.0.0.5 803/1,024 ports · full in ~10 min · 3/48 nodes at risk · 3 alerts pending" */
export function watchLine(target: LiveTarget, paint: Paint, windowMinutes: number): string {
  const time = paint('dim', target.evaluatedAt.slice(11, 16));
  const tone = STATUS_TONE[target.status];
  const status = `${paint(tone, target.status.padEnd(8))} `;
  const worst = target.nodes[0];
  if (!worst || worst.used === null || worst.allocated === null || worst.allocated <= 0) {
    const why = target.readError ? `${target.readError.kind}: ${target.readError.message}` : 'no usage data';
    return `${time}  ${target.name}  ${status}${why.length > MAX_REASON ? `${why.slice(0, MAX_REASON - 1)}…` : why}`;
  }
  const ratio = worst.used / worst.allocated;
  // A NAT gateway's numbers are connections against its SKU's connection limit, not ports.
  const unit = worst.kind === 'gateway' ? 'connections' : 'ports';
  const parts = [`${worst.node} ${formatCount(worst.used)}/${formatCount(worst.allocated)} ${unit}`];
  const failed = target.nodes.reduce((sum, node) => sum + node.failedConnections, 0);
  if (failed > 0) parts.push(paint('red', `${plural(failed, 'failed connection')} in ${windowMinutes} min`));
  const eta = worst.minutesToExhaustion;
  if (eta !== null && eta > 0 && eta <= MAX_FORECAST_MINUTES) parts.push(`full in ~${formatMinutes(eta)}`);
  const atRisk = (target.counts?.critical ?? 0) + (target.counts?.warning ?? 0);
  if (atRisk > 0) parts.push(`${atRisk}/${formatCount(target.counts?.total ?? 0)} nodes at risk`);
  const alerts = alertsText(target, paint);
  if (alerts) parts.push(alerts);
  return `${time}  ${target.name}  ${paint(tone, bar(ratio, BAR_WIDTH))} ${formatPercent(ratio).padStart(6)}  ${status}${parts.join(' · ')}`;
}

function alertsText(target: LiveTarget, paint: Paint): string {
  const firing = target.alerts.filter((alert) => alert.state === 'firing').length;
  const pending = target.alerts.length - firing;
  const texts: string[] = [];
  if (firing > 0) texts.push(paint('bold', `${plural(firing, 'alert')} firing`));
  if (pending > 0) texts.push(`${plural(pending, 'alert')} pending`);
  return texts.join(', ');
}
