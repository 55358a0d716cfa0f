// Asks the cluster's Azure Monitor workspace which pods on a node sent the SYN packets (ACNS Hubble
// metrics), and what names they looked up; the ranking itself is the domain's (rankAcnsAnswers).
// Four queries at once, then one DNS query per top pod; a failure names its reason, never a guess.
import { rankAcnsAnswers, TOP_PODS, type NodeAttribution } from '../attribution/attribution.js';
import { PrometheusQueryError, type PrometheusClient, type VectorSample } from './prometheus-client.js';
import { namedSynTotalQuery, nodeSynTotalQuery, topDnsQueriesQuery, topSynSourcesQuery } from './promql.js';

/** DNS names listed per pod. */
const TOP_LOOKUPS = 3;

export interface ReadAcnsOptions {
  windowMinutes: number;
  at: Date;
  abortSignal?: AbortSignal;
}

export async function readAcnsAttribution(client: PrometheusClient, nodeName: string, options: ReadAcnsOptions): Promise<NodeAttribution> {
  const { windowMinutes, at, abortSignal } = options;
  const ask = (promql: string) => client.query(promql, at, { abortSignal });
  try {
    const [top, total, named] = await Promise.all([
      ask(topSynSourcesQuery(nodeName, TOP_PODS, windowMinutes)),
      ask(nodeSynTotalQuery(nodeName, windowMinutes)),
      ask(namedSynTotalQuery(nodeName, windowMinutes)),
    ]);
    const ranked = top.filter((sample) => sample.metric.source).map((sample) => ({ source: sample.metric.source!, syn: sample.value }));
    const lookups = new Map(await Promise.all(ranked.map(async ({ source }) => {
      const answer = await ask(topDnsQueriesQuery(nodeName, source, TOP_LOOKUPS, windowMinutes));
      const names = answer.filter((sample) => sample.metric.query && sample.value > 0).sort((a, b) => b.value - a.value).map((sample) => sample.metric.query!.replace(/\.$/, ''));
      return [source, names] as const;
    })));
    return rankAcnsAnswers({ nodeName, windowMinutes, at, nodeTotal: scalar(total), namedTotal: scalar(named), top: ranked, lookups });
  } catch (error) {
    if (error instanceof PrometheusQueryError) return { unavailable: error.kind, detail: error.message };
    return { unavailable: 'failed', detail: error instanceof Error ? error.message : String(error) };
  }
}

/** The value of a `sum(…)` answer; null when it has no series at all. */
function scalar(samples: readonly VectorSample[]): number | null {
  return samples.length === 0 ? null : samples.reduce((sum, sample) => sum + sample.value, 0);
}
