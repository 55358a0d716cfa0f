// Nodes without usable metrics are `unknown`, and the evaluation says so in words: silence from
// Azure Monitor (empty timeseries, gaps, NaN) must never read as "all is well".
import type { Finding, NodeEvaluation, TargetEvaluation } from './evaluation.js';
import { formatCount, formatMinutes, plural } from './format.js';
import type { WindowMs } from './series.js';

/** How many unknown nodes a finding names before it only counts them. */
const NAMED_NODES = 5;

export function noDataFinding(
  targetName: string,
  nodes: readonly NodeEvaluation[],
  noData: TargetEvaluation['noData'],
  window: WindowMs,
): Finding | null {
  const windowText = `the last ${formatMinutes((window.toMs - window.fromMs) / 60_000)}`;
  if (noData === 'no-backends') {
    return { code: 'NO_DATA', severity: 'info', node: '*', message: `${targetName} has no backend instances: there is nothing to judge.` };
  }
  if (noData === 'no-metrics') {
    return {
      code: 'NO_DATA',
      severity: 'warning',
      node: '*',
      message: `Azure Monitor returned no usable SNAT metrics for ${targetName} in ${windowText}: its state is unknown, and open alerts stay open until data returns.`,
    };
  }
  const unknown = nodes.filter((node) => node.status === 'unknown').map((node) => node.node);
  if (unknown.length === 0) return null;
  const named = unknown.slice(0, NAMED_NODES).join(', ');
  const more = unknown.length > NAMED_NODES ? ` and ${formatCount(unknown.length - NAMED_NODES)} more` : '';
  return {
    code: 'NO_DATA',
    severity: 'info',
    node: '*',
    message:
      `No usable SNAT metrics for ${formatCount(unknown.length)} of ${plural(nodes.length, 'node')} in ${windowText} (${named}${more}): ` +
      'their state is unknown and their open alerts stay open.',
  };
}
