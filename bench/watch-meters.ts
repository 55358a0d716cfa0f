// What the watch benchmark reads inside the measured process: CPU and wall time spent while a
// metrics call is in flight (by wrapping the send of the MetricsClient's HTTP pipeline, none of our
// code: the request, the token, the answer's bytes — not its parsing, since issue 11 parses it after),
// and the peak memory of a run (Linux's VmHWM, reset before the run; sampled where that is missing).
import { readFileSync, writeFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { TableClient } from '@azure/data-tables';
import type { MetricsClient } from '@azure/monitor-query-metrics';
import type { Runtime } from '../src/runtime.js';

export interface MetricsMeter {
  calls: number;
  cpuInMicroseconds: number;
  wallInMs: number;
  /** Called at every answer, to catch the heap at its fullest. */
  onAnswer: (() => void) | undefined;
  reset(): void;
}

/** Swaps runtime.azure for one whose metrics clients are metered. */
export function instrumentMetrics(runtime: Runtime): MetricsMeter {
  const meter: MetricsMeter = {
    calls: 0,
    cpuInMicroseconds: 0,
    wallInMs: 0,
    onAnswer: undefined,
    reset() {
      meter.calls = 0;
      meter.cpuInMicroseconds = 0;
      meter.wallInMs = 0;
    },
  };
  let inFlight = 0;
  let cpuMark = process.cpuUsage();
  let wallMark = 0;
  const metered = new WeakSet<MetricsClient>();
  const metrics = runtime.azure.metrics;
  runtime.azure = {
    ...runtime.azure,
    metrics(region) {
      const client = metrics(region);
      if (metered.has(client)) return client;
      metered.add(client);
      const pipeline = client.pipeline;
      const sendRequest = pipeline.sendRequest.bind(pipeline);
      pipeline.sendRequest = async (...args) => {
        meter.calls += 1;
        if (inFlight++ === 0) {
          cpuMark = process.cpuUsage();
          wallMark = performance.now();
        }
        try {
          return await sendRequest(...args);
        } finally {
          meter.onAnswer?.();
          if (--inFlight === 0) {
            const used = process.cpuUsage(cpuMark);
            meter.cpuInMicroseconds += used.user + used.system;
            meter.wallInMs += performance.now() - wallMark;
          }
        }
      };
      return client;
    },
  };
  return meter;
}

/** The TableClient operations the stores use; each call is one request (a transaction is one too). */
const TABLE_OPERATIONS = ['getEntity', 'createEntity', 'upsertEntity', 'updateEntity', 'deleteEntity', 'submitTransaction', 'listEntities'] as const;

/** Counts Table Storage requests by operation, by wrapping the SDK's TableClient (none of our code). */
export function countTableCalls(): { counts: Record<string, number>; reset(): void } {
  const counts: Record<string, number> = {};
  const prototype = TableClient.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const operation of TABLE_OPERATIONS) {
    const original = prototype[operation]!;
    counts[operation] = 0;
    prototype[operation] = function (this: unknown, ...args: unknown[]) {
      counts[operation]! += 1;
      return original.apply(this, args);
    };
  }
  return { counts, reset: () => TABLE_OPERATIONS.forEach((operation) => (counts[operation] = 0)) };
}

export interface MemoryPeaks {
  peakRssInMb: number;
  rssMethod: 'vmhwm' | 'sampled';
  peakHeapUsedInMb: number;
  heapUsedBeforeInMb: number;
  /** What the process held when the run started (pages V8 kept from earlier runs included). */
  rssBeforeInMb: number;
}

/** Starts watching memory; stop() gives the peaks since. */
export function measureMemory(meter: MetricsMeter): { stop(): MemoryPeaks } {
  const heapUsedBefore = getHeapStatistics().used_heap_size;
  const rssBefore = process.memoryUsage.rss();
  const reset = resetPeakRss();
  let peakHeap = heapUsedBefore;
  let peakRss = process.memoryUsage.rss();
  // Reading the RSS costs a /proc read: only where VmHWM cannot do it.
  const sample = () => {
    peakHeap = Math.max(peakHeap, getHeapStatistics().used_heap_size);
    if (!reset) peakRss = Math.max(peakRss, process.memoryUsage.rss());
  };
  const timer = setInterval(sample, 5);
  meter.onAnswer = sample;
  return {
    stop() {
      clearInterval(timer);
      sample();
      meter.onAnswer = undefined;
      const hwm = reset ? peakRssFromProc() : undefined;
      return {
        peakRssInMb: mb(hwm ?? peakRss),
        rssMethod: hwm === undefined ? 'sampled' : 'vmhwm',
        peakHeapUsedInMb: mb(peakHeap),
        heapUsedBeforeInMb: mb(heapUsedBefore),
        rssBeforeInMb: mb(rssBefore),
      };
    },
  };
}

/** "5" resets the peak resident set size to the current one (proc(5), /proc/pid/clear_refs, Linux ≥ 4.0). */
function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

function peakRssFromProc(): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

function mb(bytes: number): number {
  return Math.round(bytes / 1024 / 1024);
}
