// A CPU profile of one stretch of a process (not its start-up), written as a .cpuprofile that Chrome
// DevTools opens, and a summary of where its time went by package and by function (the command
// line for a saved profile is bench/summarize-profile.ts).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

export async function startCpuProfile(): Promise<{ stop(path: string): Promise<void> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return {
    async stop(path) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(path, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per area (a package, a folder of src/, GC) and the heaviest functions, in ms. */
export function summarizeCpuProfile(profile: Profile, top = 25): { areas: Array<[string, number]>; functions: Array<[string, number]> } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, index) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1_000));
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, ms] of self) {
    const node = byId.get(id)!;
    // Builtins (JSON.parse, Date) have no URL: they count towards the code that called them.
    let owner: ProfileNode | undefined = node;
    while (owner && !owner.callFrame.url && parent.has(owner.id)) owner = byId.get(parent.get(owner.id)!);
    const area = areaOf(node.callFrame.url ? node : owner ?? node);
    const label = node.callFrame.url ? area : `${area} → ${node.callFrame.functionName || '(anonymous)'}`;
    areas.set(area, (areas.get(area) ?? 0) + ms);
    const name = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url ? `${shortUrl(node.callFrame.url)}:${node.callFrame.lineNumber + 1}` : `[${label}]`}`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
  }
  const sorted = (map: Map<string, number>) => [...map.entries()].sort((a, b) => b[1] - a[1]).map(([key, ms]): [string, number] => [key, Math.round(ms)]);
  return { areas: sorted(areas), functions: sorted(functions).slice(0, top) };
}

function areaOf(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native, no caller)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1]!;
  const own = /\/work\/[^/]+\/((?:src|bench)\/[^/]+)\//.exec(url) ?? /\/((?:src|bench)\/[^/]+)\//.exec(url);
  if (own) return own[1]!;
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  return url;
}

function shortUrl(url: string): string {
  return url.replace(/^file:\/\//, '').replace(/^.*node_modules\//, '').replace(/^.*\/(src|bench)\//, '$1/');
}
