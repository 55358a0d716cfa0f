// A tiny measuring kit for the benchmarks: warm up, then time every call with the monotonic
// clock, and report operations per second and latency percentiles. Each benchmark file prints
// its figures as one JSON line, which bench/run.ts collects.

export interface Figure {
  name: string;
  opsPerSecond: number;
  p50InMicroseconds: number;
  p99InMicroseconds: number;
  samples: number;
}

/** A figure that is no rate: one whole run, described in a line (bench/watch.bench.ts). */
export interface RunFigure {
  name: string;
  summary: string;
}

export interface MeasureOptions {
  warmupCalls?: number;
  durationInMs?: number;
}

export async function measure(name: string, call: (index: number) => unknown, options: MeasureOptions = {}): Promise<Figure> {
  const warmupCalls = options.warmupCalls ?? 20_000;
  const durationInMs = options.durationInMs ?? 3_000;
  for (let index = 0; index < warmupCalls; index += 1) {
    const pending = call(index);
    if (pending instanceof Promise) await pending;
  }
  const latencies: number[] = [];
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(durationInMs) * 1_000_000n;
  let now = started;
  for (let index = 0; now < deadline; index += 1) {
    const before = now;
    // Await only promises, so timing a synchronous call adds no microtask.
    const pending = call(index);
    if (pending instanceof Promise) await pending;
    now = process.hrtime.bigint();
    latencies.push(Number(now - before) / 1_000);
  }
  const elapsedInSeconds = Number(now - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const percentile = (share: number) => round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * share))]!);
  return {
    name,
    opsPerSecond: Math.round(latencies.length / elapsedInSeconds),
    p50InMicroseconds: percentile(0.5),
    p99InMicroseconds: percentile(0.99),
    samples: latencies.length,
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** The line bench/run.ts reads. */
export function report(figures: ReadonlyArray<Figure | RunFigure>): void {
  console.log(JSON.stringify({ figures }));
}
