// The PromQL the attribution sends, built in one place so tests can parse every query
// (@prometheus-io/lezer-promql) and the simulated Azure can answer exactly these shapes.
// Metric and label names are ACNS's Hubble metrics on managed Prometheus:
// https://learn.microsoft.com/azure/aks/container-network-observability-metrics
// (hubble_tcp_flags_total: source, destination, flag, instance = node; hubble_dns_queries_total: source, query).

import { HOST_NETWORK_SHARE } from '../attribution/cadvisor-candidates.js';

/**
 * A PromQL string literal: double-quoted, with `\` `"` and control characters escaped as Go does
 * (PromQL strings are Go string literals: https://prometheus.io/docs/prometheus/latest/querying/basics/#string-literals).
 * A node or pod name carrying a quote can never end the literal early.
 */
export function promString(value: string): string {
  const escaped = value.replace(/[\\"\u0000-\u001f\u007f]/g, (char) => {
    switch (char) {
      case '\\': return '\\\\';
      case '"': return '\\"';
      case '\n': return '\\n';
      case '\r': return '\\r';
      case '\t': return '\\t';
      default: return `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
    }
  });
  return `"${escaped}"`;
}

function range(windowMinutes: number): string {
  if (!Number.isInteger(windowMinutes) || windowMinutes < 1) throw new RangeError(`a PromQL range needs whole minutes ≥ 1, got ${windowMinutes}`);
  return `[${windowMinutes}m]`;
}

/** The `k` sources (`namespace/pod`) sending the most SYN packets from `node` in the window. */
export function topSynSourcesQuery(node: string, k: number, windowMinutes: number): string {
  return `topk(${k}, sum by (source) (increase(hubble_tcp_flags_total{instance=${promString(node)},flag="SYN",source!=""}${range(windowMinutes)})))`;
}

/** Every SYN packet from `node` in the window (hostNetwork traffic has no source: it counts here only). */
export function nodeSynTotalQuery(node: string, windowMinutes: number): string {
  return `sum(increase(hubble_tcp_flags_total{instance=${promString(node)},flag="SYN"}${range(windowMinutes)}))`;
}

/** SYN packets from `node` of sources with a pod name. */
export function namedSynTotalQuery(node: string, windowMinutes: number): string {
  return `sum(increase(hubble_tcp_flags_total{instance=${promString(node)},flag="SYN",source!=""}${range(windowMinutes)}))`;
}

/** The `k` DNS names `source` looked up most on `node` in the window. */
export function topDnsQueriesQuery(node: string, source: string, k: number, windowMinutes: number): string {
  return `topk(${k}, sum by (query) (increase(hubble_dns_queries_total{instance=${promString(node)},source=${promString(source)}}${range(windowMinutes)})))`;
}

// The fallback without ACNS: cAdvisor's container_network_transmit_packets_total, scraped by the
// managed Prometheus addon's default `cadvisor` job, which sets `instance` to the node's name
// (Azure/prometheus-collector default-prom-configs/cadvisorDefaultDs.yml; see DOMAIN-NOTES.md).
// Pod series carry `namespace` and `pod`; the node's own interfaces are the root cgroup, id="/".
// https://learn.microsoft.com/azure/azure-monitor/containers/prometheus-metrics-scrape-default

/** The label that names the node on cAdvisor series in managed Prometheus. */
export const CADVISOR_NODE_LABEL = 'instance';

function transmitted(node: string, matcher: string, windowMinutes: number): string {
  return `increase(container_network_transmit_packets_total{${CADVISOR_NODE_LABEL}=${promString(node)},${matcher}}${range(windowMinutes)})`;
}

/** Packets the node's own interfaces transmitted in the window (the root cgroup). */
export function nodeTransmitTotalQuery(node: string, windowMinutes: number): string {
  return `sum(${transmitted(node, 'id="/"', windowMinutes)})`;
}

/** The `k` pods on `node` transmitting most packets, hostNetwork pods (the node's whole traffic) left out. */
export function topTransmitPodsQuery(node: string, k: number, windowMinutes: number): string {
  return `topk(${k}, sum by (namespace, pod) (${transmitted(node, 'pod!=""', windowMinutes)}) < ${HOST_NETWORK_SHARE} * scalar(${nodeTransmitTotalQuery(node, windowMinutes)}))`;
}
