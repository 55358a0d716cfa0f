// Azure's request limits, as the simulated Azure enforces them when throttling is on (benchmarks and
// fault tests; off by default so the rest of the suite never waits):
// - Resource Graph: a quota of queries per time window per principal — "a user can send at most 15
//   queries within every 5-second window" — with x-ms-user-quota-remaining (int) and
//   x-ms-user-quota-resets-after (hh:mm:ss) on every answer, and 429 past it.
//   https://learn.microsoft.com/azure/governance/resource-graph/concepts/guidance-for-throttled-requests
// - ARM reads: a token bucket per subscription and principal, 250 tokens refilled at 25 per second;
//   past it 429 with Retry-After; x-ms-ratelimit-remaining-subscription-reads on answers.
//   https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling
// Both run on real time (they are about request rates, not the scenario's clock). A window or refill
// scaled below Azure's (tests) also sends `retry-after-ms`, as Azure services do, so waits stay short.
import { SimHttpError } from './http-util.js';

export interface ThrottlingOptions {
  /** Resource Graph queries per window per principal (default 15). */
  graphQuotaPerWindow?: number;
  /** The quota window (default 5,000 ms). */
  graphWindowInMs?: number;
  /** ARM read bucket per subscription and principal (default 250 tokens). */
  armBucketSize?: number;
  /** Tokens added per second (default 25). */
  armRefillPerSecond?: number;
}

export const AZURE_LIMITS = { graphQuotaPerWindow: 15, graphWindowInMs: 5_000, armBucketSize: 250, armRefillPerSecond: 25 } as const;

interface Window {
  startedAt: number;
  used: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class Throttling {
  private limits: Required<ThrottlingOptions> | null = null;
  private readonly windows = new Map<string, Window>();
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Turns throttling on with Azure's figures, or the ones given. */
  enable(options: ThrottlingOptions = {}): void {
    this.limits = { ...AZURE_LIMITS, ...options };
    this.windows.clear();
    this.buckets.clear();
  }

  disable(): void {
    this.limits = null;
  }

  get enabled(): boolean {
    return this.limits !== null;
  }

  /** Counts one Resource Graph query; the headers to send, or throws 429. */
  takeGraph(principal: string): Record<string, string> {
    const limits = this.limits;
    if (!limits) return {};
    const at = this.now();
    let window = this.windows.get(principal);
    if (!window || at - window.startedAt >= limits.graphWindowInMs) this.windows.set(principal, (window = { startedAt: at, used: 0 }));
    const resetsInMs = Math.max(0, window.startedAt + limits.graphWindowInMs - at);
    if (window.used >= limits.graphQuotaPerWindow) {
      throw new SimHttpError(429, 'RateLimiting', 'Please provide below info when asking for support: timestamp, correlationId. Details: Client application has been throttled and should not attempt to repeat the request until an amount of time has elapsed.', {
        'x-ms-user-quota-remaining': '0',
        'x-ms-user-quota-resets-after': hms(resetsInMs),
        ...retryAfter(resetsInMs, limits.graphWindowInMs < AZURE_LIMITS.graphWindowInMs),
      });
    }
    window.used += 1;
    return { 'x-ms-user-quota-remaining': String(limits.graphQuotaPerWindow - window.used), 'x-ms-user-quota-resets-after': hms(resetsInMs) };
  }

  /** Takes one token of the subscription's read bucket; the headers to send, or throws 429. */
  takeArmRead(principal: string, subscriptionId: string): Record<string, string> {
    const limits = this.limits;
    if (!limits) return {};
    const key = `${principal}|${subscriptionId.toLowerCase()}`;
    const at = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: limits.armBucketSize, at };
    bucket.tokens = Math.min(limits.armBucketSize, bucket.tokens + ((at - bucket.at) / 1000) * limits.armRefillPerSecond);
    bucket.at = at;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) {
      const waitInMs = ((1 - bucket.tokens) / limits.armRefillPerSecond) * 1000;
      throw new SimHttpError(429, 'TooManyRequests', 'The request is being throttled as the limit has been reached for operation type - Read_ObservationWindow_00:00:01. For more information please refer to https://aka.ms/armthrottling', {
        'x-ms-ratelimit-remaining-subscription-reads': '0',
        ...retryAfter(waitInMs, limits.armRefillPerSecond > AZURE_LIMITS.armRefillPerSecond),
      });
    }
    bucket.tokens -= 1;
    return { 'x-ms-ratelimit-remaining-subscription-reads': String(Math.floor(bucket.tokens)) };
  }
}

/** Retry-After in whole seconds (at least 1), plus retry-after-ms when the limits are scaled for tests. */
function retryAfter(waitInMs: number, scaled: boolean): Record<string, string> {
  return { 'retry-after': String(Math.max(1, Math.ceil(waitInMs / 1000))), ...(scaled ? { 'retry-after-ms': String(Math.ceil(waitInMs)) } : {}) };
}

function hms(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}
