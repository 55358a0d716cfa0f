// The "why" and "what now" of an alert message: findings stated plainly (not pooling, idle
// connections, allocation drift, datapath, missing data, a hot frontend IP) and the top
// recommendation with its exact command.
import type { BlindSummary, ReadFailureKind } from '../alerting/alert-state.js';
import type { Finding, TargetEvaluation } from '../snat/evaluation.js';
import { plural } from '../snat/format.js';
import { escapeMrkdwn, truncateAtWord } from './block-kit.js';

/** The planner's first recommendation for the target, as the message shows it. */
export interface TopRecommendation {
  title: string;
  /** The exact command (az aks update …, az network …). Shown verbatim or not at all. */
  command: string;
  rationale: string;
}

/** Findings about the target as a whole that a node line cannot say; per-node ones are in the lines. */
const STATED: ReadonlySet<Finding['code']> = new Set(['SNAT_EXHAUSTION', 'ALLOCATION_DRIFT', 'DATAPATH_DEGRADED', 'NO_DATA']);

/** Each statement is one paragraph; the caller fits as many as the budget allows. */
export function findingStatements(evaluation: TargetEvaluation): string[] {
  const statements: string[] = [];
  statements.push(...poolingStatements(evaluation));
  for (const finding of evaluation.findings) {
    if (finding.node !== '*' || !STATED.has(finding.code)) continue;
    if (finding.code === 'NO_DATA' && finding.severity === 'info' && evaluation.counts.unknown === 0) continue;
    statements.push(`*${LABELS[finding.code]}:* ${escapeMrkdwn(finding.message)}`);
  }
  const hot = hotFrontendStatement(evaluation);
  if (hot) statements.push(hot);
  return statements;
}

/**
 * One frontend IP of a node past 75 % of its ports (Azure's HighSnatPortUsage) is a finding, not the
 * node's status: said once, after everything that is urgent, with the first case in full.
 */
function hotFrontendStatement(evaluation: TargetEvaluation): string | null {
  const hot = evaluation.findings.filter((finding) => finding.code === 'FRONTEND_HOT');
  if (hot.length === 0) return null;
  const more = hot.length > 1 ? ` (and ${plural(hot.length - 1, 'more frontend IP')} of other nodes past 75%)` : '';
  return `*Frontend IP hot:* ${escapeMrkdwn(hot[0]!.message)}${more}`;
}

/** Judged nodes only (at risk): one paragraph per verdict, with the worst node's numbers. */
function poolingStatements(evaluation: TargetEvaluation): string[] {
  const judged = evaluation.nodes.flatMap((node) => (node.kind === 'backend' && node.status !== 'ok' ? [node] : []));
  const churn = judged.filter((node) => node.pooling?.verdict === 'connection-churn');
  const idle = judged.filter((node) => node.pooling?.verdict === 'idle-connections');
  const statements: string[] = [];
  if (churn.length > 0) {
    const worst = churn[0]!;
    statements.push(
      `*Not pooling:* ${plural(churn.length, 'node')} at risk open a connection per request (worst ${escapeMrkdwn(worst.node)} ${escapeMrkdwn(worst.pooling.summary)}). ` +
        'Pool connections first (keep-alive, one shared HTTP client): more outbound IPs would only delay the same failure.',
    );
  }
  if (idle.length > 0) {
    const worst = idle[0]!;
    statements.push(
      `*Idle connections:* ${plural(idle.length, 'node')} at risk hold ports for idle connections (worst ${escapeMrkdwn(worst.node)} ${escapeMrkdwn(worst.pooling.summary)}). ` +
        'Lower the idle timeout, with TCP reset on.',
    );
  }
  return statements;
}

const LABELS: Partial<Record<Finding['code'], string>> = {
  SNAT_EXHAUSTION: 'Exhausted',
  ALLOCATION_DRIFT: 'Allocation drift',
  DATAPATH_DEGRADED: 'Datapath degraded',
  NO_DATA: 'No data',
};

/** Commands longer than this are not shown (a cut command is worse than none). */
const MAX_COMMAND = 1_500;

export function recommendationText(recommendation: TopRecommendation, budget: number): string {
  const command = recommendation.command.trim();
  const commandText =
    command && command.length <= MAX_COMMAND
      ? `\n\`\`\`${escapeMrkdwn(command)}\`\`\``
      : command
        ? '\n_The exact command is too long for Slack: see GET /api/recommendations for this target._'
        : '';
  const title = `*Do this first: ${escapeMrkdwn(truncateAtWord(recommendation.title.trim(), 150))}*`;
  const room = Math.max(0, budget - title.length - commandText.length - 1);
  const rationale = room > 0 ? `\n${escapeMrkdwn(truncateAtWord(recommendation.rationale.trim(), room))}` : '';
  return `${title}${rationale}${commandText}`;
}

const BLIND_ADVICE: Record<ReadFailureKind, string> = {
  forbidden:
    "Azure refused the read (403): give the function app's identity the SNAT Watch Reader role on the resource's subscription or group (docs/deploy.md), or Reader and Monitoring Reader.",
  'not-found': 'Azure does not know the resource (404): it was deleted or moved. Update SNAT_TARGETS or the discovery subscriptions.',
  throttled: 'Azure throttled the reads past every retry (429): watch fewer targets per run or run less often.',
  timeout: 'Azure (or the identity endpoint) did not answer before the run\'s deadline: check Azure status for the region, and the function logs for which call hung.',
  failed: 'The reads failed: the function logs of the last runs have the errors.',
  'no-data': 'Azure Monitor returned no SNAT metrics at all: check that the resource still carries outbound traffic and that its metrics are not delayed.',
};

export function blindText(targetLabel: string, blind: BlindSummary): string {
  const detail = blind.failure.detail ? ` (${escapeMrkdwn(blind.failure.detail)})` : '';
  return (
    `*Monitoring blind:* SNAT Watch could not judge ${targetLabel} for ${plural(blind.failedRuns, 'run')} in a row${detail}. ` +
    `Its SNAT state is unknown and its alerts can neither fire nor clear until this is fixed. ${BLIND_ADVICE[blind.failure.kind]}`
  );
}
