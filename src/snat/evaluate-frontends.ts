// Per-frontend findings: one frontend IP of a node past 75 % of that IP's allocation, which is what
// Azure's HighSnatPortUsage health event reports (limits.ts FRONTEND_HOT_SHARE). Extra outbound IPs
// can sit unused until the first is exhausted, so flows piled on one IP are common and not yet a
// failure: the node is judged on its sum; this only says where the ports went.
import type { ProtocolJudgement } from './evaluate-protocol.js';
import type { EvaluationRules, Finding } from './evaluation.js';
import { formatCount, formatPercent } from './format.js';
import { FRONTEND_HOT_SHARE } from './limits.js';
import type { ProtocolTotals } from './protocol-totals.js';
import { latest, samplesOf, type WindowMs } from './series.js';

export interface FrontendContext {
  window: WindowMs;
  nowMs: number;
  rules: Pick<EvaluationRules, 'staleAfterMinutes'>;
}

/** A finding per (protocol, frontend IP) above the share, for nodes on more than one frontend IP. */
export function hotFrontendFindings(backendIp: string, totals: readonly ProtocolTotals[], judgements: readonly ProtocolJudgement[], context: FrontendContext): Finding[] {
  const findings: Finding[] = [];
  for (const protocol of totals) {
    if (protocol.frontends.length < 2) continue;
    const node = judgements.find((judgement) => judgement.protocol === protocol.protocol);
    for (const frontend of protocol.frontends) {
      const used = latest(samplesOf(frontend.used, context.window));
      const allocated = latest(samplesOf(frontend.allocated, context.window).filter((sample) => sample.value > 0));
      if (!used || !allocated || used.atMs < context.nowMs - context.rules.staleAfterMinutes * 60_000) continue;
      const share = used.value / allocated.value;
      if (!(share > FRONTEND_HOT_SHARE)) continue;
      const whole =
        node?.lastUsed && node.allocated && node.utilization !== null
          ? ` The node as a whole uses ${formatCount(node.lastUsed.value)} of ${formatCount(node.allocated)} ${protocol.protocol} ports (${formatPercent(node.utilization)}), and is judged on that sum: it still has ports on its other frontend IPs.`
          : '';
      findings.push({
        code: 'FRONTEND_HOT',
        severity: 'info',
        node: backendIp,
        message:
          `${backendIp} uses ${formatCount(used.value)} of its ${formatCount(Math.round(allocated.value))} ${protocol.protocol} SNAT ports on frontend IP ${frontend.frontendIp} (${formatPercent(share)}): ` +
          `past ${formatPercent(FRONTEND_HOT_SHARE)} of one frontend IP, where Azure's HighSnatPortUsage health event fires.${whole}`,
      });
    }
  }
  return findings;
}
