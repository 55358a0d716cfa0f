// One target in the daily digest, in the two sizes the message uses: in full (numbers, the day
// before, the trend line, gaps in the data, coming risks, what to do with its exact command) for the
// busiest targets, and one short line for the others. Every part is added whole or not at all, so a
// sentence is never cut: what does not fit is counted ("…and 2 more coming risks").
import type { DigestStanding, DigestTarget } from '../report/digest-model.js';
import { sparkline } from '../report/sparkline.js';
import { formatCount, formatDecimal, formatPercent, plural } from '../snat/format.js';
import { escapeMrkdwn, truncateAtWord } from './block-kit.js';
import { MAX_SECTION_TEXT } from './limits.js';
import { KIND_LABEL, namedCluster } from '../snat/target-names.js';
import { liveTargetUrl } from './target-links.js';

/** Azure names are at most 80 characters; anything longer is cut before it is formatted. */
const MAX_NAME = 80;

/** A command the digest would have to cut is not shown at all: a cut command is worse than none. */
const MAX_COMMAND = 1_000;

/** A note quotes Azure's error detail, whose length we do not control. */
const MAX_NOTE = 300;

export const STANDING_EMOJI: Record<DigestStanding, string> = {
  failing: ':red_circle:',
  critical: ':red_circle:',
  warning: ':large_orange_circle:',
  'at-risk': ':warning:',
  'missing-data': ':grey_question:',
  quiet: ':white_check_mark:',
};

const STANDING_LABEL: Record<DigestStanding, string> = {
  failing: 'failed SNAT connections',
  critical: 'at or above critical',
  warning: 'at or above warning',
  'at-risk': 'coming risks',
  'missing-data': 'missing data',
  quiet: 'quiet',
};

/**
 * The target's name in bold: its cluster's first when it belongs to one ("aks-shop-prod · load balancer
 * kubernetes"), linked to the target on the live page when SNAT_PUBLIC_URL is set.
 */
export function targetName(target: DigestTarget, publicUrl?: string): string {
  const name = escapeMrkdwn(truncateAtWord(target.target.name, MAX_NAME));
  const cluster = namedCluster(target.target, target.cluster);
  const text = cluster ? `${escapeMrkdwn(truncateAtWord(cluster.name, MAX_NAME))} · ${KIND_LABEL[target.target.kind]} ${name}` : name;
  const url = liveTargetUrl(publicUrl, target.target.id);
  // Slack's link syntax <url|text>: the text is escaped already; the URL is ours (encoded, no | or >).
  return url ? `*<${url}|${text}>*` : `*${text}*`;
}

/** The target in full, within `budget` characters (at most one section). */
export function fullTargetText(target: DigestTarget, warningThreshold: number, budget = MAX_SECTION_TEXT, publicUrl?: string): string {
  const { day } = target;
  // With a cluster the name already says what kind of target it is.
  const kind = namedCluster(target.target, target.cluster) ? '' : ` — ${KIND_LABEL[target.target.kind]}`;
  const head = `${STANDING_EMOJI[target.standing]} ${targetName(target, publicUrl)}${kind}${placeOf(target.target.id)} · _${STANDING_LABEL[target.standing]}_`;
  const numbers = [
    day.peak === null ? 'no utilization data' : `peak *${formatPercent(day.peak)}* · p95 ${formatPercent(day.p95 ?? 0)}`,
    day.failed > 0 ? `*${plural(day.failed, 'failed SNAT connection')}*` : 'no failed connections',
  ];
  if (target.target.kind === 'loadBalancer' && day.maxAboveWarning > 0) {
    numbers.push(`up to ${plural(day.maxAboveWarning, 'node')} at or above ${formatPercent(warningThreshold)}`);
  }
  const lines = [head, capitalize(numbers.join(' · ')), changeText(target), `\`${sparkline(day.hourlyPeaks)}\` hourly peak, last 24 h`];
  const worst = worstNodeText(target);
  if (worst) lines.push(worst);
  const fix = topFixText(target);
  if (fix) lines.push(fix);
  for (const statement of [target.coverage.statement, ...target.notes]) if (statement) lines.push(`_${escapeMrkdwn(truncateAtWord(statement, MAX_NOTE))}_`);
  let text = lines.join('\n');
  text = appendWhole(text, riskLines(target), budget, (more) => `…and ${plural(more, 'more coming risk')}.`);
  text = appendWhole(text, recommendationLines(target), budget, (more) => `…and ${plural(more, 'more fix', 'more fixes')}: see GET /api/recommendations.`);
  return text;
}

/** "Worst node at the last check: 10.0.0.4 (critical) — 1,000 / 1,024 ports (97.7%), 12 failed connections." */
function worstNodeText(target: DigestTarget): string | null {
  const worst = target.worstNode;
  if (!worst) return null;
  if (worst.node === '*') {
    // A NAT gateway is one pool: its metrics cannot name a node.
    const connections = worst.used === null ? '' : ` — ${formatCount(worst.used)} active connections`;
    return `NAT gateway at the last check (${worst.status})${connections}; its metrics have no per-node dimension.`;
  }
  const numbers = worst.used !== null && worst.allocated !== null
    ? ` — ${formatCount(worst.used)} / ${formatCount(worst.allocated)} ports${worst.utilization === null ? '' : ` (${formatPercent(worst.utilization)})`}`
    : '';
  const failed = worst.failedConnections > 0 ? `, ${plural(worst.failedConnections, 'failed connection')}` : '';
  return `Worst node at the last check: \`${escapeMrkdwn(worst.node)}\`${nodeNameText(worst.nodeName)} (${worst.status})${numbers}${failed}.`;
}

/** For a target that failed connections: the first fix, with its exact command (never cut). */
function topFixText(target: DigestTarget): string | null {
  if (!target.topFix) return null;
  const title = `*Fix the failures first:* ${escapeMrkdwn(truncateAtWord(target.topFix.title, 150))}`;
  const command = target.topFix.commands.join('\n').trim();
  if (!command) return title;
  if (command.length > MAX_COMMAND) return `${title} _(the command is too long for Slack: see GET /api/recommendations)_`;
  return `${title}\n\`\`\`${escapeMrkdwn(command)}\`\`\``;
}

/** " (aks-nodepool1-12345678-vmss000003)": the node name beside the IP, when known. */
function nodeNameText(nodeName: string | null | undefined): string {
  return nodeName ? ` (${escapeMrkdwn(truncateAtWord(nodeName, MAX_NAME))})` : '';
}

/** The target in one short line. */
export function targetLine(target: DigestTarget, publicUrl?: string): string {
  const { day } = target;
  const parts: string[] = [];
  if (day.failed > 0) parts.push(`*${formatCount(day.failed)} failed*`);
  if (target.worstNode && target.worstNode.node !== '*' && target.standing !== 'quiet') parts.push(`worst \`${escapeMrkdwn(target.worstNode.node)}\`${nodeNameText(target.worstNode.nodeName)}`);
  parts.push(day.peak === null ? 'no data' : `peak ${formatPercent(day.peak)}, p95 ${formatPercent(day.p95 ?? 0)}`);
  if (target.risks.length > 0) parts.push(plural(target.risks.length, 'coming risk'));
  if (target.coverage.gap === 'hours-missing') parts.push(`no data for ${target.coverage.hoursWithoutData} of 24 h`);
  if (target.coverage.gap === 'minutes-missing') parts.push(`${formatCount(target.coverage.minutes - target.coverage.minutesWithData)} min without data`);
  if (target.notes.length > 0 && target.standing !== 'quiet') parts.push(plural(target.notes.length, 'note'));
  const emoji = target.standing === 'quiet' ? '' : `${STANDING_EMOJI[target.standing]} `;
  const trend = day.minutesWithData > 0 ? ` \`${sparkline(day.hourlyPeaks)}\`` : '';
  return `• ${emoji}${targetName(target, publicUrl)} — ${parts.join(', ')}${trend}`;
}

function changeText(target: DigestTarget): string {
  const { change, previousDay } = target;
  if (change.failed === null) return 'No data the day before to compare with.';
  const peak =
    change.peakPoints === null || previousDay.peak === null
      ? 'peak not comparable'
      : `peak ${arrow(change.peakPoints, formatDecimal(Math.abs(change.peakPoints)) + ' pts')} (was ${formatPercent(previousDay.peak)})`;
  const failed = `failures ${arrow(change.failed, formatCount(Math.abs(change.failed)))} (was ${formatCount(previousDay.failed)})`;
  return `Against the day before: ${peak} · ${failed}`;
}

function arrow(delta: number, magnitude: string): string {
  if (Math.abs(delta) < 0.05) return 'unchanged';
  return delta > 0 ? `▲ ${magnitude}` : `▼ ${magnitude}`;
}

function riskLines(target: DigestTarget): string[] {
  return target.risks.map((risk, index) => `${index === 0 ? '*Coming:*\n' : ''}• ${escapeMrkdwn(risk.message)}`);
}

function recommendationLines(target: DigestTarget): string[] {
  return target.recommendations.map((recommendation, index) => {
    const title = `${index === 0 ? '*Fix first:*' : '*Or:*'} ${escapeMrkdwn(truncateAtWord(recommendation.title, 150))}`;
    const command = recommendation.commands.join('\n').trim();
    if (!command) return title;
    if (command.length > MAX_COMMAND) return `${title} _(the command is too long for Slack: see GET /api/recommendations)_`;
    return `${title}\n\`\`\`${escapeMrkdwn(command)}\`\`\``;
  });
}

/** Adds whole parts while they fit, keeping room for one sentence that counts the rest. */
function appendWhole(text: string, parts: readonly string[], budget: number, more: (count: number) => string): string {
  let result = text;
  for (const [index, part] of parts.entries()) {
    const after = parts.length - index - 1;
    const reserve = after > 0 ? more(after).length + 1 : 0;
    if (result.length + 1 + part.length + reserve <= budget) {
      result = `${result}\n${part}`;
      continue;
    }
    const rest = `\n${more(parts.length - index)}`;
    return result.length + rest.length <= budget ? `${result}${rest}` : result;
  }
  return result;
}

/** " in `rg`" from an ARM ID. */
function placeOf(resourceId: string): string {
  const match = /\/resourceGroups\/([^/]+)\//i.exec(resourceId);
  return match ? ` in \`${escapeMrkdwn(match[1]!)}\`` : '';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
