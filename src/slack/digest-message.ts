// buildDigestMessage: the daily capacity digest as ONE Slack message. The busiest targets in full,
// the next ones as one short line each, and everything else summarised in one sentence that says
// what it holds ("…and 188 more targets, all quiet and below 40%"). Targets are added in rank order,
// whole, while the message stays inside every Slack limit (limits.ts), so it is never cut mid-sentence
// and never refused. Pure: the digest comes in, the payload goes out.
import { DIGEST_STANDINGS, type Digest, type DigestStanding, type DigestTarget } from '../report/digest-model.js';
import { formatPercent, formatUtc, plural } from '../snat/format.js';
import { context, divider, escapeMrkdwn, header, messageTextLength, section, truncateAtWord, type Block, type SlackMessage } from './block-kit.js';
import { fullTargetText, targetLine, targetName } from './digest-message-target.js';
import { namedCluster } from '../snat/target-names.js';
import { MAX_BLOCKS, MAX_MESSAGE_TEXT, MAX_NOTIFICATION_TEXT, MAX_SECTION_TEXT } from './limits.js';

export interface DigestMessageOptions {
  /** The busiest targets shown in full. */
  maxFullTargets?: number;
  /** Targets named at all (in full or as a line); the rest are summarised in one sentence. */
  maxListedTargets?: number;
  /** The function app's address (SNAT_PUBLIC_URL): each target's name links it on the live page. */
  publicUrl?: string;
}

export const DEFAULT_DIGEST_MESSAGE_OPTIONS = { maxFullTargets: 8, maxListedTargets: 25 } as const;

/** One target in full stays well inside a section, so several fit the message. */
const FULL_TARGET_BUDGET = 2_000;

/**
 * The whole payload as JSON. Slack refused messages near 13,200 characters
 * (https://github.com/slackapi/bolt-js/issues/2509) without saying how it counts; keeping the
 * serialized payload under this holds however it does.
 */
export const MAX_DIGEST_PAYLOAD = 12_500;

export function buildDigestMessage(digest: Digest, options: DigestMessageOptions = {}): SlackMessage {
  if (!Array.isArray(digest?.targets) || !digest.window) throw new TypeError('buildDigestMessage needs a Digest (from buildDigest)');
  const { maxFullTargets, maxListedTargets } = { ...DEFAULT_DIGEST_MESSAGE_OPTIONS, ...options };
  const { publicUrl } = options;
  const texts = new Map<DigestTarget, string>();
  const fullText = (target: DigestTarget) => {
    if (!texts.has(target)) texts.set(target, fullTargetText(target, digest.thresholds.warningThreshold, FULL_TARGET_BUDGET, publicUrl));
    return texts.get(target)!;
  };
  const full: DigestTarget[] = [];
  const lines: DigestTarget[] = [];
  const line = (target: DigestTarget) => targetLine(target, publicUrl);
  let message = compose(digest, full, lines, fullText, line);
  for (const target of digest.targets) {
    if (full.length + lines.length >= maxListedTargets) break;
    if (lines.length === 0 && full.length < maxFullTargets && target.standing !== 'quiet') {
      const candidate = compose(digest, [...full, target], lines, fullText, line);
      if (fits(candidate)) {
        full.push(target);
        message = candidate;
        continue;
      }
    }
    const candidate = compose(digest, full, [...lines, target], fullText, line);
    if (!fits(candidate)) break;
    lines.push(target);
    message = candidate;
  }
  return message;
}

/** Every limit Slack enforces on a message, checked on the finished payload. */
function fits(message: SlackMessage): boolean {
  return (
    message.blocks.length <= MAX_BLOCKS &&
    messageTextLength(message) <= MAX_MESSAGE_TEXT &&
    message.blocks.every((block) => block.type !== 'section' || (block.text?.text.length ?? 0) <= MAX_SECTION_TEXT) &&
    JSON.stringify(message).length <= MAX_DIGEST_PAYLOAD
  );
}

function compose(digest: Digest, full: readonly DigestTarget[], lines: readonly DigestTarget[], fullText: (target: DigestTarget) => string, line: (target: DigestTarget) => string): SlackMessage {
  const blocks: Block[] = [header(`:bar_chart: SNAT capacity digest — ${digest.window.day}`), section(summaryText(digest))];
  for (const target of full) blocks.push(section(fullText(target)));
  if (full.length > 0 && lines.length > 0) blocks.push(divider());
  for (const packed of pack(lines.map(line), MAX_SECTION_TEXT)) blocks.push(section(packed));
  const rest = digest.targets.slice(full.length + lines.length);
  if (rest.length > 0) blocks.push(section(restSentence(rest, digest)));
  blocks.push(context(legend(digest)));
  return { text: notificationText(digest), blocks };
}

const COUNT_TEXT: Record<DigestStanding, (digest: Digest) => string> = {
  failing: () => 'with failed SNAT connections',
  critical: (digest) => `peaked at or above critical (${formatPercent(digest.thresholds.criticalThreshold)})`,
  warning: (digest) => `peaked at or above warning (${formatPercent(digest.thresholds.warningThreshold)})`,
  'at-risk': () => 'with coming risks',
  'missing-data': () => 'with missing data',
  quiet: () => 'quiet',
};

function summaryText(digest: Digest): string {
  const { targets, counts, window } = digest;
  const period = `the 24 h to ${formatUtc(window.to)}`;
  if (targets.length === 0) {
    return `*No targets to report* for ${period}: the watch has recorded no snapshots. Check that the snatWatch function runs.`;
  }
  if (counts.quiet === targets.length) {
    const worst = worstPeak(targets);
    const peak = worst ? `worst peak ${formatPercent(worst.day.peak!)} (${targetName(worst)})` : 'no peaks';
    const all = targets.length === 1 ? 'The one target is quiet' : `All ${plural(targets.length, 'target')} quiet`;
    return `*${all}* in ${period}: ${peak}, no failed SNAT connections, no coming risks, no gaps in the data.`;
  }
  const parts = DIGEST_STANDINGS.filter((standing) => counts[standing] > 0).map((standing) => `${counts[standing]} ${COUNT_TEXT[standing](digest)}`);
  return `*${plural(targets.length, 'target')}* in ${period}: ${parts.join(' · ')}.`;
}

/** One sentence for the targets the message does not name. */
function restSentence(rest: readonly DigestTarget[], digest: Digest): string {
  const more = `…and ${plural(rest.length, 'more target')}`;
  const peaks = rest.flatMap((target) => (target.day.peak === null ? [] : [target.day.peak]));
  const bound = peaks.length === 0 ? null : peakBound(Math.max(...peaks));
  if (rest.every((target) => target.standing === 'quiet')) return `${more}, all quiet and ${bound ?? 'without data'}.`;
  const counts = DIGEST_STANDINGS.map((standing) => [standing, rest.filter((target) => target.standing === standing).length] as const);
  const parts = counts.filter(([, count]) => count > 0).map(([standing, count]) => `${count} ${COUNT_TEXT[standing](digest)}`);
  const noData = rest.length - peaks.length;
  const tail = [bound ? `peaks ${bound}` : null, noData > 0 ? `${noData} without any data` : null].filter(Boolean).join('; ');
  return `${more}: ${parts.join(', ')}${tail ? `; ${tail}` : ''}.`;
}

/** 0.37 → "below 40%", 0.4 → "below 50%"; past 100 % the exact figure. */
function peakBound(max: number): string {
  if (max >= 1) return `up to ${formatPercent(max)}`;
  return `below ${Math.min(100, (Math.floor(max * 10) + 1) * 10)}%`;
}

function legend(digest: Digest): string[] {
  return [
    "Peak and p95: the worst node's used ÷ allocated SNAT ports, per minute (NAT gateway: active connections ÷ its SKU's connection limit; its metrics have no per-node dimension). " +
      'Trend: hourly peak, oldest first, on a 0–100% scale; a gap is an hour without data. Every target in detail: GET /api/recommendations.',
    `Warning ${formatPercent(digest.thresholds.warningThreshold)}, critical ${formatPercent(digest.thresholds.criticalThreshold)} · ${formatUtc(digest.window.from)} → ${formatUtc(digest.window.to)}`,
  ];
}

function notificationText(digest: Digest): string {
  const { targets, counts, window } = digest;
  const title = `SNAT capacity digest ${window.day}`;
  if (targets.length === 0) return `${title}: no targets recorded; is the watch running?`;
  const worst = worstPeak(targets);
  const withRisks = targets.filter((target) => target.risks.length > 0).length;
  const worstCluster = worst ? namedCluster(worst.target, worst.cluster) : null;
  const worstName = worstCluster ? `${worstCluster.name} · ${worst!.target.name}` : worst?.target.name ?? '';
  const worstText = worst ? `worst peak ${formatPercent(worst.day.peak!)} (${escapeMrkdwn(truncateAtWord(worstName, 80))})` : null;
  if (counts.quiet === targets.length) return truncateAtWord(`${title}: all ${plural(targets.length, 'target')} quiet${worstText ? `, ${worstText}` : ''}.`, MAX_NOTIFICATION_TEXT);
  const clauses = [
    counts.failing > 0 ? `${counts.failing} of ${plural(targets.length, 'target')} with failed SNAT connections` : `${plural(targets.length, 'target')}`,
    worstText,
    withRisks > 0 ? `${withRisks} with coming risks` : null,
    counts['missing-data'] > 0 ? `${counts['missing-data']} with missing data` : null,
  ].filter((clause): clause is string => clause !== null);
  let text = `${title}: ${clauses[0]}`;
  for (const clause of clauses.slice(1)) if (text.length + clause.length + 3 <= MAX_NOTIFICATION_TEXT) text += `; ${clause}`;
  return `${text}.`;
}

function worstPeak(targets: readonly DigestTarget[]): DigestTarget | null {
  return targets.reduce<DigestTarget | null>((worst, target) => (target.day.peak !== null && (worst === null || target.day.peak > worst.day.peak!) ? target : worst), null);
}

/** Lines joined into as few texts as possible, each at most `max` characters. */
function pack(lines: readonly string[], max: number): string[] {
  const packed: string[] = [];
  let current = '';
  for (const line of lines) {
    if (current && current.length + 1 + line.length > max) {
      packed.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) packed.push(current);
  return packed;
}
