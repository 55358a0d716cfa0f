// POST /providers/Microsoft.ResourceGraph/resources: Resource Graph over the simulated world. It
// evaluates the query shapes the app sends (src/azure/resource-graph-queries.ts) and refuses any
// other text with Resource Graph's 400, so a query the code starts sending is either taught here or
// fails loudly. Like Resource Graph it answers only for the subscriptions in the body, leaves out what
// the identity may not read (an ARM 403/404 fault on the resource: faults.ts `hides`), lowercases
// `type`, pages at $top rows (100 by default, 1,000 at most) with an opaque $skipToken bound to the query.
// https://learn.microsoft.com/rest/api/azureresourcegraph/resourcegraph/resources/resources
// https://learn.microsoft.com/azure/governance/resource-graph/concepts/work-with-data#paging-results
import { createHash } from 'node:crypto';
import { render } from './arm-routes.js';
import { badRequest } from './http-util.js';
import type { SimulatedWorld } from './world.js';
import { typeOf } from './world.js';
import type { SimResource } from './world-types.js';

export const RESOURCE_GRAPH_PATH = '/providers/Microsoft.ResourceGraph/resources';
export const RESOURCE_GRAPH_ACTION = 'Microsoft.ResourceGraph/resources/read';

/** Rows per page without $top, and the most $top may ask (work-with-data, "Paging results"). */
const DEFAULT_TOP = 100;
const MAX_TOP = 1_000;

interface GraphRequest {
  query: string;
  subscriptions: string[];
  top: number;
  skipToken: string | undefined;
}

/** How the query filters: the types it keeps, and per type an optional ID list or node resource group list. */
interface Filter {
  types: Set<string>;
  ids?: Set<string>;
  /** Per type (lowercased) → what that type's rows must match. */
  byType?: Map<string, { ids?: Set<string>; nodeGroups?: Set<string> }>;
  projected: string[];
  top: string[];
}

/** The body as the SDK sends it; throws 400 for anything else. */
export function parseGraphRequest(body: unknown): GraphRequest {
  const request = body as { query?: unknown; subscriptions?: unknown; options?: { $top?: unknown; $skipToken?: unknown; resultFormat?: unknown } } | null;
  if (!request || typeof request.query !== 'string' || !request.query.trim()) throw badRequest('The request body must carry a query.', 'BadRequest');
  if (!Array.isArray(request.subscriptions) || request.subscriptions.length === 0) {
    throw badRequest('The simulated Resource Graph needs the subscriptions to query in the body (tenant scope is not simulated).', 'BadRequest');
  }
  const top = request.options?.$top === undefined ? DEFAULT_TOP : Number(request.options.$top);
  if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) throw badRequest(`$top must be between 1 and ${MAX_TOP}.`, 'InvalidQueryOptions');
  if (request.options?.resultFormat !== undefined && request.options.resultFormat !== 'objectArray') {
    throw badRequest('The simulated Resource Graph answers resultFormat objectArray only.', 'InvalidQueryOptions');
  }
  const skipToken = typeof request.options?.$skipToken === 'string' ? request.options.$skipToken : undefined;
  return { query: request.query, subscriptions: request.subscriptions.map((s) => String(s).toLowerCase()), top, skipToken };
}

/** The IDs a query names (for the request log and fault matching). */
export function graphQueryIds(query: string): string[] {
  return [...query.matchAll(/\bid in~ \(([^)]*)\)/g)].flatMap((match) => literals(match[1]!));
}

/** Rows of queries still being paged, per world: later pages read the rows the first page computed. */
const paging = new WeakMap<SimulatedWorld, Map<string, object[]>>();
const PAGED_QUERIES_KEPT = 8;

export function handleResourceGraph(world: SimulatedWorld, request: GraphRequest, hidden: (resource: SimResource) => boolean): object {
  const filter = parseQuery(request.query);
  const subscriptions = new Set(request.subscriptions);
  const queryHash = createHash('sha256').update(`${request.query}|${[...subscriptions].sort().join(',')}`).digest('hex').slice(0, 16);
  const offset = request.skipToken === undefined ? 0 : readSkipToken(request.skipToken, queryHash);
  const kept = paging.get(world) ?? new Map<string, object[]>();
  paging.set(world, kept);
  const rows =
    (request.skipToken !== undefined ? kept.get(queryHash) : undefined) ??
    world
      .all()
      .filter((resource) => subscriptions.has(resource.subscriptionId.toLowerCase()) && matches(filter, resource) && !hidden(resource))
      .sort((a, b) => (a.id.toLowerCase() < b.id.toLowerCase() ? -1 : 1))
      .map((resource) => project(resource, filter));
  const page = rows.slice(offset, offset + request.top);
  const more = offset + request.top < rows.length;
  const next = more ? Buffer.from(JSON.stringify({ o: offset + request.top, q: queryHash })).toString('base64url') : undefined;
  if (more) {
    kept.delete(queryHash);
    kept.set(queryHash, rows);
    if (kept.size > PAGED_QUERIES_KEPT) kept.delete(kept.keys().next().value!);
  } else kept.delete(queryHash);
  return { totalRecords: rows.length, count: page.length, resultTruncated: 'false', ...(next ? { $skipToken: next } : {}), data: page, facets: [] };
}

const TYPES = /^resources\n\| where type in~ \(([^)]*)\)\n/;
const BY_ID = /^\| where id in~ \(([^)]*)\)\n/;
const RELATED = /^resources\n\| where (.+)\n/;
const CLAUSE = /^\(type =~ '([^']+)' and (id|tostring\(properties\.nodeResourceGroup\)) in~ \(([^)]*)\)\)$/;
const PROJECT = /^\| project ((?:\w+, )*)properties = bag_pack\(([^)]*)\)$/;

function parseQuery(query: string): Filter {
  const text = query.trim();
  let rest: string;
  let filter: Omit<Filter, 'projected' | 'top'>;
  const typed = TYPES.exec(text);
  if (typed) {
    rest = text.slice(typed[0].length);
    filter = { types: new Set(literals(typed[1]!).map((t) => t.toLowerCase())) };
    const byId = BY_ID.exec(rest);
    if (byId) {
      filter.ids = new Set(literals(byId[1]!).map((id) => id.toLowerCase()));
      rest = rest.slice(byId[0].length);
    }
  } else {
    const related = RELATED.exec(text);
    const clauses = related?.[1]!.split(/\) or \(/).map((clause, index, all) => `${index > 0 ? '(' : ''}${clause}${index < all.length - 1 ? ')' : ''}`);
    const parsed = clauses?.map((clause) => CLAUSE.exec(clause));
    if (!related || !parsed || parsed.some((match) => !match)) throw unknownQuery();
    filter = { types: new Set(), byType: new Map() };
    for (const match of parsed as RegExpExecArray[]) {
      const type = match[1]!.toLowerCase();
      const list = new Set(literals(match[3]!).map((value) => value.toLowerCase()));
      filter.types.add(type);
      filter.byType!.set(type, match[2] === 'id' ? { ids: list } : { nodeGroups: list });
    }
    rest = text.slice(related[0].length);
  }
  const project = PROJECT.exec(rest);
  if (!project) throw unknownQuery();
  const top = project[1]!.split(', ').filter(Boolean);
  const pairs = project[2]!.split(', ');
  const projected: string[] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const name = literals(pairs[i]!)[0];
    if (!name || pairs[i + 1] !== `properties.${name}`) throw unknownQuery();
    projected.push(name);
  }
  return { ...filter, projected, top };
}

function matches(filter: Filter, resource: SimResource): boolean {
  const type = typeOf(resource).toLowerCase();
  if (!filter.types.has(type)) return false;
  if (filter.ids && !filter.ids.has(resource.id.toLowerCase())) return false;
  const rule = filter.byType?.get(type);
  if (rule?.ids && !rule.ids.has(resource.id.toLowerCase())) return false;
  if (rule?.nodeGroups) {
    const body = render(resource) as { properties?: { nodeResourceGroup?: string } };
    if (!rule.nodeGroups.has((body.properties?.nodeResourceGroup ?? '').toLowerCase())) return false;
  }
  return true;
}

/** The projected columns of one row, from the resource's ARM body (as Resource Graph indexes it). */
function project(resource: SimResource, filter: Filter): object {
  const body = render(resource) as Record<string, unknown> & { properties?: Record<string, unknown> };
  const columns: Record<string, unknown> = {
    id: body.id ?? resource.id,
    name: body.name ?? resource.name,
    type: typeOf(resource).toLowerCase(),
    location: String(body.location ?? resource.location).replace(/\s+/g, '').toLowerCase(),
    sku: body.sku ?? null,
    tags: body.tags ?? null,
  };
  const row: Record<string, unknown> = Object.fromEntries(filter.top.map((column) => [column, columns[column] ?? null]));
  row.properties = Object.fromEntries(filter.projected.map((name) => [name, body.properties?.[name] ?? null]));
  return row;
}

function readSkipToken(token: string, queryHash: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; q?: unknown };
    if (parsed.q === queryHash && typeof parsed.o === 'number' && parsed.o >= 0) return parsed.o;
  } catch {
    // fall through to the error below
  }
  throw badRequest('The $skipToken does not belong to this query and scope.', 'InvalidQueryOptions');
}

/** The single-quoted KQL literals of a list, unescaped. */
function literals(list: string): string[] {
  return [...list.matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((match) => match[1]!.replace(/\\(.)/g, '$1'));
}

function unknownQuery() {
  return badRequest('The simulated Resource Graph evaluates only the query shapes of src/azure/resource-graph-queries.ts; teach it this one.', 'InvalidQuery');
}
