// The Prometheus query API of an Azure Monitor workspace (POST {endpoint}/api/v1/query, form-encoded
// `query` and `time`), answering instant queries over the world's pods as ACNS's Hubble metrics would
// (hubble_tcp_flags_total and hubble_dns_queries_total, `instance` = node name), and as cAdvisor
// would (container_network_transmit_packets_total, the fallback without ACNS). A small evaluator for
// exactly the shapes src/azure/promql.ts sends; anything else is refused in Prometheus's error shape
// (`{"status":"error","errorType":"bad_data","error":…}`), never answered wrongly.
// https://prometheus.io/docs/prometheus/latest/querying/api/#instant-queries
import type { ServerResponse } from 'node:http';
import { sendJson } from './http-util.js';
import type { SimulatedWorld } from './world.js';
import type { SimNode, SimPod } from './world-types.js';

export const PROMETHEUS_PATH = '/prometheus/api/v1/query';

const STR = String.raw`"((?:[^"\\]|\\.)*)"`;
const RANGE = String.raw`\[(\d+)m\]`;
const TX_TOTAL = String.raw`sum\(increase\(container_network_transmit_packets_total\{instance=${STR},id="/"\}${RANGE}\)\)`;
/** Packets a pod sends per SYN when the world does not say (a short request and its answer's ACKs). */
export const PACKETS_PER_SYN = 10;
const SHAPES: Array<{ name: Shape; pattern: RegExp }> = [
  { name: 'top-syn', pattern: new RegExp(String.raw`^topk\((\d+), sum by \(source\) \(increase\(hubble_tcp_flags_total\{instance=${STR},flag="SYN",source!=""\}${RANGE}\)\)\)$`) },
  { name: 'total-syn', pattern: new RegExp(String.raw`^sum\(increase\(hubble_tcp_flags_total\{instance=${STR},flag="SYN"\}${RANGE}\)\)$`) },
  { name: 'named-syn', pattern: new RegExp(String.raw`^sum\(increase\(hubble_tcp_flags_total\{instance=${STR},flag="SYN",source!=""\}${RANGE}\)\)$`) },
  { name: 'tx-total', pattern: new RegExp(String.raw`^${TX_TOTAL}$`) },
  { name: 'top-tx', pattern: new RegExp(String.raw`^topk\((\d+), sum by \(namespace, pod\) \(increase\(container_network_transmit_packets_total\{instance=${STR},pod!=""\}${RANGE}\)\) < (\d+(?:\.\d+)?) \* scalar\(${TX_TOTAL}\)\)$`) },
  { name: 'top-dns', pattern: new RegExp(String.raw`^topk\((\d+), sum by \(query\) \(increase\(hubble_dns_queries_total\{instance=${STR},source=${STR}\}${RANGE}\)\)\)$`) },
];
type Shape = 'top-syn' | 'total-syn' | 'named-syn' | 'top-dns' | 'tx-total' | 'top-tx';

interface Sample {
  metric: Record<string, string>;
  value: number;
}

export function handlePrometheusQuery(world: SimulatedWorld, form: URLSearchParams, res: ServerResponse): void {
  const query = form.get('query');
  if (!query) return badData(res, 'parse error: no query given');
  const timeText = form.get('time');
  const time = timeText === null ? world.clock.now().getTime() / 1000 : Number(timeText);
  if (!Number.isFinite(time)) return badData(res, `invalid parameter "time": cannot parse "${timeText}" to a valid timestamp`);
  const matched = SHAPES.map(({ name, pattern }) => ({ name, match: pattern.exec(query.trim()) })).find((entry) => entry.match);
  if (!matched?.match) return badData(res, `the simulated workspace does not evaluate this query: ${query.slice(0, 200)}`);
  const samples = evaluate(world, matched.name, matched.match);
  sendJson(res, 200, { status: 'success', data: { resultType: 'vector', result: samples.map((s) => ({ metric: s.metric, value: [time, String(s.value)] })) } });
}

function evaluate(world: SimulatedWorld, shape: Shape, match: RegExpExecArray): Sample[] {
  if (shape === 'tx-total' || shape === 'top-tx') return evaluateCadvisor(world, shape, match);
  const [k, instance, minutesText] = shape === 'top-syn' || shape === 'top-dns' ? [Number(match[1]), unquote(match[2]!), match[shape === 'top-dns' ? 4 : 3]!] : [0, unquote(match[1]!), match[2]!];
  const minutes = Number(minutesText);
  const pods = podsOn(world, instance);
  if (!pods) return [];
  const source = (pod: SimPod) => (pod.hostNetwork ? '' : `${pod.namespace}/${pod.name}`);
  switch (shape) {
    case 'total-syn': return [{ metric: {}, value: sum(pods.map((pod) => pod.synPerMinute * minutes)) }];
    case 'named-syn': return [{ metric: {}, value: sum(pods.filter((pod) => !pod.hostNetwork).map((pod) => pod.synPerMinute * minutes)) }];
    case 'top-syn': return topk(k, grouped(pods.filter((pod) => !pod.hostNetwork && pod.synPerMinute > 0).map((pod) => [source(pod), pod.synPerMinute * minutes]), 'source'));
    case 'top-dns': {
      const wanted = unquote(match[3]!);
      const lookups = pods.filter((pod) => source(pod) === wanted).flatMap((pod) => Object.entries(pod.dnsQueries ?? {}).map(([name, perMinute]) => [name, perMinute * minutes] as [string, number]));
      return topk(k, grouped(lookups, 'query'));
    }
  }
}

/**
 * cAdvisor's container_network_transmit_packets_total as the addon's `cadvisor` job scrapes it: one
 * series per pod, and the root cgroup (id="/") for the node's interfaces; a hostNetwork pod shares the
 * node's network namespace, so its series is the node's whole traffic (google/cadvisor#2615).
 */
function evaluateCadvisor(world: SimulatedWorld, shape: 'tx-total' | 'top-tx', match: RegExpExecArray): Sample[] {
  const rootTotal = (instance: string, minutes: number): number | undefined => {
    const pods = nodeNamed(world, instance)?.pods;
    return pods ? sum(pods.map((pod) => transmitPerMinute(pod) * minutes)) : undefined;
  };
  if (shape === 'tx-total') {
    const total = rootTotal(unquote(match[1]!), Number(match[2]));
    return total === undefined ? [] : [{ metric: {}, value: total }];
  }
  const [k, instance, minutes, factor, otherInstance, otherMinutes] = [Number(match[1]), unquote(match[2]!), Number(match[3]), Number(match[4]), unquote(match[5]!), Number(match[6])];
  const pods = nodeNamed(world, instance)?.pods;
  const root = rootTotal(instance, minutes);
  // scalar() of an empty vector is NaN, and nothing compares below NaN.
  const bound = factor * (rootTotal(otherInstance, otherMinutes) ?? Number.NaN);
  if (!pods || root === undefined) return [];
  const series = pods.map((pod) => ({ metric: { namespace: pod.namespace, pod: pod.name }, value: pod.hostNetwork ? root : transmitPerMinute(pod) * minutes }));
  return topk(k, series.filter((sample) => sample.value < bound));
}

function transmitPerMinute(pod: SimPod): number {
  return pod.txPacketsPerMinute ?? pod.synPerMinute * PACKETS_PER_SYN;
}

function nodeNamed(world: SimulatedWorld, instance: string): SimNode | undefined {
  for (const resource of world.all()) {
    if (resource.kind !== 'loadBalancer') continue;
    const node = resource.nodes.find((candidate: SimNode) => candidate.name === instance);
    if (node) return node;
  }
  return undefined;
}

/** The pods of the node named `instance` as Hubble sees them; undefined when no node has that name or ACNS is off on it. */
function podsOn(world: SimulatedWorld, instance: string): SimPod[] | undefined {
  const node = nodeNamed(world, instance);
  return node?.acns === false ? undefined : node?.pods;
}

function grouped(entries: ReadonlyArray<readonly [string, number]>, label: string): Sample[] {
  const totals = new Map<string, number>();
  for (const [key, value] of entries) totals.set(key, (totals.get(key) ?? 0) + value);
  return [...totals].map(([key, value]) => ({ metric: { [label]: key }, value }));
}

function topk(k: number, samples: Sample[]): Sample[] {
  return samples.sort((a, b) => b.value - a.value).slice(0, k);
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** A Go string literal's body, as PromQL reads it. */
function unquote(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)/g, (_, escape: string) => {
    if (escape[0] === 'x' || escape[0] === 'u') return String.fromCharCode(parseInt(escape.slice(1), 16));
    return ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[escape] ?? escape;
  });
}

function badData(res: ServerResponse, error: string): void {
  sendJson(res, 400, { status: 'error', errorType: 'bad_data', error });
}
