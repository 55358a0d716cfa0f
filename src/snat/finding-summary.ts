// Findings per target, not one line per healthy node: what on-call sees lists the nodes at risk
// (and what is said about the target as a whole) and sums up the rest in counts. Shared by the
// page and the Slack alert, so both draw the line between "listed" and "summarised" the same way.
import type { FindingCode, FindingSeverity, NodeStatus } from './evaluation.js';

/** At or above warning: the nodes Slack, the page, the plan and attribution name one by one. */
export function isAtRisk(status: NodeStatus): boolean {
  return status === 'critical' || status === 'warning';
}

export interface FindingGroup {
  code: FindingCode;
  /** The worst severity in the group. */
  severity: FindingSeverity;
  /** Nodes the group sums up. */
  nodes: number;
}

export interface SummarisedFindings<F> {
  /** About the target as a whole (`*`) or about a listed node: shown as they are. */
  listed: F[];
  /** The findings about every other node, one entry per code. */
  summarised: FindingGroup[];
}

const SEVERITY_RANK: Record<FindingSeverity, number> = { info: 0, warning: 1, critical: 2 };

export function summariseFindings<F extends { code: FindingCode; severity: FindingSeverity; node: string }>(
  findings: readonly F[],
  listedNodes: ReadonlySet<string>,
): SummarisedFindings<F> {
  const listed: F[] = [];
  const groups = new Map<FindingCode, { severity: FindingSeverity; nodes: Set<string> }>();
  for (const finding of findings) {
    if (finding.node === '*' || listedNodes.has(finding.node)) {
      listed.push(finding);
      continue;
    }
    const group = groups.get(finding.code) ?? { severity: finding.severity, nodes: new Set<string>() };
    if (SEVERITY_RANK[finding.severity] > SEVERITY_RANK[group.severity]) group.severity = finding.severity;
    group.nodes.add(finding.node);
    groups.set(finding.code, group);
  }
  const summarised = [...groups].map(([code, group]) => ({ code, severity: group.severity, nodes: group.nodes.size }));
  return { listed, summarised };
}
