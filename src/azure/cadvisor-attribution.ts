// The fallback when the workspace has no ACNS series for a node: ask the same workspace for cAdvisor's
// transmitted packets per pod on the node (two queries at once); the ranking, and the words "candidates,
// not proof", are the domain's (rankCadvisorAnswers). Null when cAdvisor has no series either.
import type { CandidateAttribution, NodeAttribution } from '../attribution/attribution.js';
import { TOP_PODS } from '../attribution/attribution.js';
import { rankCadvisorAnswers } from '../attribution/cadvisor-candidates.js';
import { PrometheusQueryError, type PrometheusClient } from './prometheus-client.js';
import { nodeTransmitTotalQuery, topTransmitPodsQuery } from './promql.js';
import type { ReadAcnsOptions } from './acns-attribution.js';

export async function readCadvisorCandidates(client: PrometheusClient, nodeName: string, options: ReadAcnsOptions): Promise<CandidateAttribution | Extract<NodeAttribution, { unavailable: unknown }> | null> {
  const { windowMinutes, at, abortSignal } = options;
  const ask = (promql: string) => client.query(promql, at, { abortSignal });
  try {
    const [top, total] = await Promise.all([ask(topTransmitPodsQuery(nodeName, TOP_PODS, windowMinutes)), ask(nodeTransmitTotalQuery(nodeName, windowMinutes))]);
    const nodeTotal = total.length === 0 ? null : total.reduce((sum, sample) => sum + sample.value, 0);
    const pods = top.map((sample) => ({ namespace: sample.metric.namespace ?? '', pod: sample.metric.pod ?? '', packets: sample.value }));
    return rankCadvisorAnswers({ nodeName, windowMinutes, at, nodeTotal, top: pods });
  } catch (error) {
    if (error instanceof PrometheusQueryError) return { unavailable: error.kind, detail: error.message };
    return { unavailable: 'failed', detail: error instanceof Error ? error.message : String(error) };
  }
}
