// The domain's modules import one another in one direction only: a cycle (as the old re-export of
// planForTopology from allocation.ts made, through eight files) ties the allocation model to the
// planner. Reads every static import and export-from of src/snat, type-only ones included.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const DIR = new URL('../../src/snat/', import.meta.url);

function importGraph(): Map<string, string[]> {
  const files = readdirSync(DIR).filter((name) => name.endsWith('.ts'));
  return new Map(files.map((file) => {
    const text = readFileSync(new URL(file, DIR), 'utf8');
    const targets = [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+'\.\/([\w-]+)\.js'/gms)].map((match) => `${match[1]}.ts`);
    return [file, targets.filter((target) => files.includes(target))];
  }));
}

function cycles(graph: Map<string, string[]>): string[] {
  const found: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'visiting');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'visiting') found.push([...stack.slice(stack.indexOf(next)), next].join(' → '));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe('src/snat imports', () => {
  it('should form no cycle', () => {
    const graph = importGraph();
    expect(graph.get('plan-for-topology.ts')).toContain('planner.ts');
    expect(cycles(graph)).toEqual([]);
  });
});
