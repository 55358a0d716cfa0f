// buildAlertMessage: the Slack message for one target notification (firing, escalated, reminder,
// resolved or monitoring blind). Pure: the sender and the outbox get a finished payload. Every part
// has a character budget so the whole stays inside Slack's limits (limits.ts) whatever the node count:
// header 150 + summary 1,000 + nodes 2,500 + more 200 + findings 2,500 + blind 1,000 +
// recommendation 2,500 + pods 1,000 + button 25 + footer 500 ≈ 11,400 < 12,000.
import type { TargetNotification } from '../alerting/alert-state.js';
import type { TargetEvaluation } from '../snat/evaluation.js';
import { formatCount, formatMinutes, formatPercent, formatUtc, plural } from '../snat/format.js';
import { alertLines, moreText, worstNodeLines } from './alert-message-nodes.js';
import { attributionContext } from './alert-message-attribution.js';
import { blindText, findingStatements, recommendationText, type TopRecommendation } from './alert-message-findings.js';
import { context, escapeMrkdwn, header, linkButton, section, truncateAtWord, type Block, type SlackMessage } from './block-kit.js';
import { MAX_NOTIFICATION_TEXT } from './limits.js';
import { KIND_LABEL, namedCluster, targetDisplayName, type TargetCluster } from '../snat/target-names.js';
import { liveTargetUrl, portalResourceUrl } from './target-links.js';

export { portalResourceUrl } from './target-links.js';

export type { TopRecommendation } from './alert-message-findings.js';

export interface AlertMessageInput {
  notification: TargetNotification;
  /** This run's evaluation of the target; null when it could not be read (the message then lists alerts). */
  evaluation: TargetEvaluation | null;
  recommendation: TopRecommendation | null;
  /** e.g. https://portal.azure.com (SNAT_PORTAL_URL). */
  portalUrl: string;
  /** The AKS cluster the target belongs to: named first in the header ("aks-shop-prod · load balancer kubernetes"). */
  cluster?: TargetCluster | null;
  /** The function app's address (SNAT_PUBLIC_URL): a button opens the target on the live page. */
  publicUrl?: string;
}

const BUDGET = { attribution: 1_000, summary: 1_000, nodes: 2_500, findings: 2_500, blind: 1_000, recommendation: 2_500, resolved: 2_500, footer: 500 };

const MAX_NAME = 120;

export function buildAlertMessage(input: AlertMessageInput): SlackMessage {
  const { notification, recommendation } = input;
  if (!notification?.target?.id) throw new TypeError('buildAlertMessage needs a TargetNotification');
  const evaluation = input.evaluation ?? null;
  if (evaluation && evaluation.targetId.toLowerCase() !== notification.target.id.toLowerCase()) {
    throw new TypeError(`the evaluation is of ${evaluation.targetId}, the notification of ${notification.target.id}`);
  }
  // Azure names are at most 80 characters; anything longer is cut before it is formatted.
  const target = { ...notification.target, name: truncateAtWord(notification.target.name, MAX_NAME) };
  const named = namedCluster(notification.target, input.cluster);
  const cluster = named ? { ...named, name: truncateAtWord(named.name, MAX_NAME) } : null;
  const label = targetDisplayName(target, cluster);
  const labelMrkdwn = `${cluster ? `*${escapeMrkdwn(cluster.name)}* · ` : ''}${KIND_LABEL[target.kind]} *${escapeMrkdwn(target.name)}*`;
  const resolved = notification.severity === 'resolved';
  const onlyBlind = notification.blind !== null && notification.firing.every((alert) => alert.condition === 'MONITORING_BLIND');

  const blocks: Block[] = [header(headline(notification, cluster ? label : target.name, onlyBlind))];
  blocks.push(section(`${summaryText(notification, evaluation, labelMrkdwn, target.id)}`, BUDGET.summary));
  if (resolved) {
    const lines = alertLines(notification.resolved, BUDGET.resolved);
    if (lines.lines.length > 0) blocks.push(section(`*Cleared:*\n${lines.lines.join('\n')}`, BUDGET.resolved));
    const more = moreText(lines.more, 'alert', 'cleared as well');
    if (more) blocks.push(context([more]));
  } else {
    if (notification.blind) blocks.push(section(blindText(labelMrkdwn, notification.blind), BUDGET.blind));
    if (!onlyBlind) pushNodes(blocks, notification, evaluation);
    const statements = evaluation ? fitWhole(findingStatements(evaluation), BUDGET.findings) : [];
    if (statements.length > 0) blocks.push(section(statements.join('\n\n'), BUDGET.findings));
    if (recommendation && !onlyBlind) blocks.push(section(recommendationText(recommendation, BUDGET.recommendation), BUDGET.recommendation));
  }
  const buttons = linkButtons(input.publicUrl, input.portalUrl, target.id);
  if (buttons) blocks.push(buttons);
  blocks.push(context(footer(notification)));
  return { text: notificationText(notification, evaluation, label, onlyBlind), blocks };
}

function pushNodes(blocks: Block[], notification: TargetNotification, evaluation: TargetEvaluation | null): void {
  const withNumbers = evaluation !== null && evaluation.noData === null;
  const listed = withNumbers
    ? worstNodeLines(evaluation, BUDGET.nodes)
    : alertLines(notification.firing.filter((alert) => alert.condition !== 'MONITORING_BLIND'), BUDGET.nodes);
  const title = withNumbers ? '*Worst nodes:*' : '*Open alerts:*';
  if (listed.lines.length > 0) blocks.push(section(`${title}\n${listed.lines.join('\n')}`, BUDGET.nodes));
  const more = withNumbers ? moreText(listed.more, 'node', 'at or above warning') : moreText(listed.more, 'alert', 'open');
  if (more) blocks.push(context([more]));
  const pods = withNumbers ? attributionContext(evaluation, listed.listed ?? []) : null;
  if (pods) blocks.push(context([truncateAtWord(pods, BUDGET.attribution)]));
}

const EMOJI = { critical: ':red_circle:', warning: ':large_orange_circle:', resolved: ':white_check_mark:', blind: ':see_no_evil:' };

function headline(notification: TargetNotification, name: string, onlyBlind: boolean): string {
  if (onlyBlind) return `${EMOJI.blind} MONITORING BLIND: ${name}`;
  if (notification.severity === 'resolved') return `${EMOJI.resolved} RESOLVED: SNAT ports on ${name}`;
  const verb = notification.severity === 'critical' ? 'running out' : 'filling up';
  return `${EMOJI[notification.severity]} ${notification.severity.toUpperCase()}: SNAT ports ${verb} on ${name}`;
}

const REASON_TEXT: Record<TargetNotification['reason'], string> = {
  'first-notification': 'New incident.',
  'new-alerts': 'More alerts joined the incident.',
  'severity-raised': 'Escalated.',
  'repeat-interval-elapsed': 'Still open (reminder).',
  'all-resolved': 'All alerts cleared.',
  'silence-ended-still-firing': 'The silence ended; still firing.',
};

function summaryText(notification: TargetNotification, evaluation: TargetEvaluation | null, labelMrkdwn: string, resourceId: string): string {
  const place = placeOf(resourceId);
  const lines = [`${capitalize(labelMrkdwn)}${place ? ` (${place})` : ''} — ${REASON_TEXT[notification.reason]}`];
  if (evaluation && evaluation.noData === null) {
    const { counts } = evaluation;
    const atRisk = counts.critical + counts.warning;
    const failed = evaluation.nodes.reduce((total, node) => total + node.failedConnections, 0);
    const windowMinutes = (Date.parse(evaluation.window.to) - Date.parse(evaluation.window.from)) / 60_000;
    const parts = [`*${formatCount(atRisk)} of ${plural(counts.total, 'node')}* at or above warning (${formatCount(counts.critical)} critical)`];
    if (failed > 0) parts.push(`*${plural(failed, 'failed SNAT connection')}* in the last ${formatMinutes(windowMinutes)}`);
    lines.push(`${parts.join(', ')}.`);
    // The nodes not listed below, summed up rather than one line each.
    const rest = [counts.ok > 0 ? `${formatCount(counts.ok)} below warning` : '', counts.unknown > 0 ? `${formatCount(counts.unknown)} without data` : ''].filter(Boolean);
    if (rest.length > 0) lines.push(`The other ${plural(counts.ok + counts.unknown, 'node')}: ${rest.join(', ')}.`);
  } else if (notification.severity !== 'resolved') {
    lines.push(`${plural(notification.firing.length, 'alert')} open; no fresh numbers this run.`);
  }
  if (notification.severity !== 'resolved' && notification.resolved.length > 0) {
    lines.push(`${plural(notification.resolved.length, 'alert')} cleared since the last message.`);
  }
  return lines.join('\n');
}

function notificationText(notification: TargetNotification, evaluation: TargetEvaluation | null, label: string, onlyBlind: boolean): string {
  let text: string;
  if (onlyBlind && notification.blind) {
    text = `MONITORING BLIND: ${label} could not be judged for ${plural(notification.blind.failedRuns, 'run')} (${notification.blind.failure.kind}).`;
  } else if (notification.severity === 'resolved') {
    text = `RESOLVED: SNAT ports on ${label}: all alerts cleared.`;
  } else {
    const numbers = evaluation !== null && evaluation.noData === null ? evaluation : null;
    const worst = numbers?.nodes[0];
    const worstText =
      worst && worst.utilization !== null && worst.used !== null && worst.allocated !== null
        ? worst.kind === 'gateway'
          ? `; ${formatCount(worst.used)} active connections`
          : `; worst ${worst.node} at ${formatPercent(worst.utilization)} (${formatCount(worst.used)}/${formatCount(worst.allocated)})`
        : '';
    const failed = numbers?.nodes.reduce((total, node) => total + node.failedConnections, 0) ?? 0;
    const scope = numbers
      ? `${plural(numbers.counts.critical + numbers.counts.warning, 'node')} at or above warning`
      : `${plural(notification.firing.length, 'alert')} open`;
    const blind = notification.blind ? `; monitoring blind for ${plural(notification.blind.failedRuns, 'run')} (${notification.blind.failure.kind})` : '';
    text =
      `${notification.severity.toUpperCase()}: SNAT ports on ${label}: ${scope}${worstText}` +
      `${failed > 0 ? `, ${plural(failed, 'failed connection')}` : ''}${blind}.`;
  }
  return truncateAtWord(text, MAX_NOTIFICATION_TEXT);
}

function footer(notification: TargetNotification): string[] {
  return [
    `Notification ${formatCount(notification.sequence)} · ${notification.reason} · ${formatUtc(notification.at)}`,
    `${plural(notification.firing.length, 'alert')} firing${notification.resolved.length > 0 ? `, ${formatCount(notification.resolved.length)} cleared` : ''}`,
  ].map((text) => truncateAtWord(text, BUDGET.footer / 2));
}

/** The target on the live page (when SNAT_PUBLIC_URL is set) and in the Azure portal, side by side. */
function linkButtons(publicUrl: string | undefined, portalUrl: string, resourceId: string): Block | null {
  const live = liveTargetUrl(publicUrl, resourceId);
  const portal = portalResourceUrl(portalUrl, resourceId);
  const elements = [
    live ? linkButton('Open live view', live, 'open-live-view') : null,
    portal ? linkButton('Open in Azure portal', portal, 'open-in-portal') : null,
  ].flatMap((block) => block?.elements ?? []);
  return elements.length > 0 ? { type: 'actions', elements } : null;
}

/** "resource group `rg`, subscription `…`" from an ARM ID. */
function placeOf(resourceId: string): string | null {
  const match = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\//i.exec(resourceId);
  return match ? `resource group \`${escapeMrkdwn(match[2]!)}\`, subscription \`${escapeMrkdwn(match[1]!)}\`` : null;
}

function fitWhole(statements: readonly string[], budget: number): string[] {
  const fitted: string[] = [];
  let used = 0;
  for (const statement of statements) {
    const cost = statement.length + 2;
    if (fitted.length > 0 && used + cost > budget) break;
    fitted.push(statement);
    used += cost;
  }
  return fitted;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
