// The naive per-resource reader the issue measures ours against: every target asked on its own, one
// call per metric group over the whole window through the official MetricsClient.queryResources, and
// its answers mapped by the SDK's objects (mapLoadBalancerMetrics / mapNatGatewayMetrics). No cache,
// no batching: 2 calls per target. Bench-only; the watch never reads this way.
import { mapConcurrent } from '../src/azure/map-concurrent.js';
import { metricGroupsOf } from '../src/azure/metric-groups.js';
import { mapLoadBalancerMetrics, mapNatGatewayMetrics, type MetricsWindow } from '../src/azure/metrics-mapping.js';
import { metricNamespaceOf } from '../src/azure/resource-id.js';
import { withRetry } from '../src/azure/retry.js';
import type { Runtime } from '../src/runtime.js';
import type { TargetTopology } from '../src/snat/model.js';

/** Calls in flight at once: what a simple reader with a small pool would do. */
export const NAIVE_CONCURRENCY = 8;

export interface NaiveFigures {
  calls: number;
  targetsRead: number;
  targetsUnread: number;
  wallMs: number;
  cpuMs: number;
}

export async function readNaively(runtime: Runtime, targets: readonly TargetTopology[], window: MetricsWindow): Promise<NaiveFigures> {
  let calls = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const reads = await mapConcurrent(targets, NAIVE_CONCURRENCY, async (target) => {
    try {
      const answers = [];
      for (const group of metricGroupsOf(target.kind)) {
        calls += 1;
        const [answer] = await withRetry(() =>
          runtime.azure.metrics(target.location).queryResources([target.id], [...group.metricNames], metricNamespaceOf(target.kind), {
            startTime: window.from, endTime: window.to, interval: 'PT1M', aggregation: group.aggregation,
            ...(group.filter ? { filter: group.filter, top: 10_000 } : {}),
          }),
        );
        answers.push(answer);
      }
      const map = target.kind === 'loadBalancer' ? mapLoadBalancerMetrics : mapNatGatewayMetrics;
      return map(target.id, window, answers[0], answers[1]).targetId === target.id;
    } catch {
      return false;
    }
  });
  const used = process.cpuUsage(cpu);
  return {
    calls,
    targetsRead: reads.filter(Boolean).length,
    targetsUnread: reads.filter((ok) => !ok).length,
    wallMs: Math.round(performance.now() - started),
    cpuMs: Math.round((used.user + used.system) / 1_000),
  };
}
