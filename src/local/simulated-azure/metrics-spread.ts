// How the simulation splits a node's totals over its outbound frontend IPs, since Azure reports
// SNAT ports per backend instance per frontend IP. The rule (documented on NodeMinute):
// - allocation evenly: Azure preallocates per frontend IP, so 1,024 on two IPs is 512 + 512
//   (https://learn.microsoft.com/azure/load-balancer/load-balancer-outbound-connections#preallocatedports);
// - use first-IP-first: extra outbound IPs can sit unused until the first is exhausted, so a node at
//   600 of 1,024 on two IPs reads 512 on the first and 88 on the second;
// - new and failed connections on the frontend IP taking new flows (the first one not yet full).
// A NodeMinute's `frontends` entries replace the split key by key. The parts always add up to the total.
import type { FrontendMinute } from './world-types.js';

export interface FrontendSplit {
  used: number | null;
  allocated: number | null;
  newConnections: number | null;
  failed: number | null;
}

export interface SplitInput {
  used: number | null;
  allocated: number | null;
  newConnections: number | null;
  failed: number | null;
  frontends: ReadonlyArray<FrontendMinute | undefined> | undefined;
}

export function splitOverFrontends(totals: SplitInput, count: number): FrontendSplit[] {
  const n = Math.max(1, count);
  const entries = Array.from({ length: n }, (_, i) => totals.frontends?.[i]);
  const given = (key: keyof FrontendMinute) => entries.some((entry) => entry?.[key] !== undefined);
  const even = evenShares(totals.allocated, n);
  const allocated = given('allocated') ? entries.map((entry, i) => (entry?.allocated !== undefined ? entry.allocated : even[i]!)) : even;
  const used = given('used') ? entries.map((entry) => (entry?.used !== undefined ? entry.used : 0)) : firstFill(totals.used, allocated);
  const taking = takingNewFlows(used, allocated);
  const counts = (key: 'newConnections' | 'failed') =>
    given(key) ? entries.map((entry) => (entry?.[key] !== undefined ? entry[key]! : 0)) : entries.map((_, i) => (i === taking ? totals[key] : totals[key] === null ? null : 0));
  const newConnections = counts('newConnections');
  const failed = counts('failed');
  return entries.map((_, i) => ({ used: used[i]!, allocated: allocated[i]!, newConnections: newConnections[i]!, failed: failed[i]! }));
}

/** The total in n parts; the first takes the remainder, so the parts add up exactly. */
function evenShares(total: number | null, n: number): Array<number | null> {
  if (total === null || !Number.isFinite(total)) return Array.from({ length: n }, () => total);
  const base = Math.floor(total / n);
  return Array.from({ length: n }, (_, i) => (i === 0 ? total - base * (n - 1) : base));
}

/** Fills each frontend to its allocation before the next; what is left sits on the last one. */
function firstFill(total: number | null, allocated: ReadonlyArray<number | null>): Array<number | null> {
  if (total === null || !Number.isFinite(total)) return allocated.map(() => total);
  let left = total;
  return allocated.map((cap, i) => {
    const take = i === allocated.length - 1 ? left : Math.min(left, Math.max(0, cap !== null && Number.isFinite(cap) ? cap : left));
    left -= take;
    return take;
  });
}

/** The first frontend IP with ports left, else the last: where new flows get their ports. */
function takingNewFlows(used: ReadonlyArray<number | null>, allocated: ReadonlyArray<number | null>): number {
  const index = used.findIndex((value, i) => {
    const cap = allocated[i] ?? null;
    return value === null || cap === null || !(value >= cap);
  });
  return index === -1 ? used.length - 1 : index;
}
