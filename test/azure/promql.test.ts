// Every PromQL query the attribution sends, parsed by Prometheus's own grammar (@prometheus-io/lezer-promql,
// the parser of the Prometheus UI): no error node anywhere, and label values that carry quotes,
// backslashes or newlines stay inside their string literal.
import { parser } from '@prometheus-io/lezer-promql';
import { describe, expect, it } from 'vitest';
import { CADVISOR_NODE_LABEL, namedSynTotalQuery, nodeSynTotalQuery, nodeTransmitTotalQuery, promString, topDnsQueriesQuery, topSynSourcesQuery, topTransmitPodsQuery } from '../../src/azure/promql.js';

/** Error nodes in the parse, and the string literals as the grammar sees them. */
function parse(query: string): { errors: number; strings: string[] } {
  const tree = parser.parse(query);
  let errors = 0;
  const strings: string[] = [];
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) errors += 1;
      if (node.name === 'StringLiteral') strings.push(query.slice(node.from, node.to));
    },
  });
  return { errors, strings };
}

const NODES = ['aks-nodepool1-12345678-vmss000003', 'node"with"quotes', 'back\\slash', 'new\nline', 'ünïcødé-node', '"}) or vector(1) #'];

describe('PromQL of the attribution', () => {
  it.each(NODES.map((node) => ({ name: JSON.stringify(node), node })))('should send queries that parse for node $name', ({ node }) => {
    const queries = [
      topSynSourcesQuery(node, 3, 15),
      nodeSynTotalQuery(node, 15),
      namedSynTotalQuery(node, 15),
      topDnsQueriesQuery(node, 'shop/checkout"7f9c', 3, 15),
      nodeTransmitTotalQuery(node, 15),
      topTransmitPodsQuery(node, 3, 15),
    ];
    for (const query of queries) {
      const { errors, strings } = parse(query);
      expect(errors, query).toBe(0);
      expect(strings, query).toContain(promString(node));
    }
  });

  it('should keep a hostile label value inside its literal (no injected matcher or operator)', () => {
    const hostile = '"}) or vector(1) #';
    const { strings } = parse(topSynSourcesQuery(hostile, 3, 15));
    expect(strings).toEqual([promString(hostile), '"SYN"', '""']);
  });
});

describe('topTransmitPodsQuery', () => {
  it('should keep a hostile node name inside both of its literals, and name the node by the cadvisor job\'s label', () => {
    const hostile = '"}) or vector(1) #';
    const query = topTransmitPodsQuery(hostile, 3, 15);
    expect(parse(query)).toEqual({ errors: 0, strings: [promString(hostile), '""', promString(hostile), '"/"'] });
    expect(query).toContain(`${CADVISOR_NODE_LABEL}=${promString(hostile)}`);
    expect(CADVISOR_NODE_LABEL).toBe('instance');
  });
});

describe('promString', () => {
  it.each([
    { name: 'plain', value: 'shop/checkout-7f9c', expected: '"shop/checkout-7f9c"' },
    { name: 'quote', value: 'a"b', expected: '"a\\"b"' },
    { name: 'backslash', value: 'a\\b', expected: '"a\\\\b"' },
    { name: 'newline and tab', value: 'a\nb\tc', expected: '"a\\nb\\tc"' },
    { name: 'other control character', value: 'a\u0001b', expected: '"a\\x01b"' },
  ])('should escape $name as Go does', ({ value, expected }) => {
    expect(promString(value)).toBe(expected);
  });
});

describe('topSynSourcesQuery', () => {
  it('should refuse a window that is no whole number of minutes', () => {
    expect(() => topSynSourcesQuery('n', 3, 0.5)).toThrow(RangeError);
  });
});
