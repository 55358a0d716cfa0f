// What a silence request must satisfy beyond its shape, decided against the watched targets and
// `now` (both passed in; pure): the target is one watched target — a silence for a target nobody
// watches is almost always a typo that would silence nothing — named by resource ID or by a name no
// other watched target has (every AKS cluster's load balancer is called `kubernetes`); the node, when
// given, is one of that target's; the end is given once (endsAt or duration), lies after the start
// and now, and at most MAX_SILENCE_DAYS away. Every broken rule is one field error, so a client
// sees them all at once together with the shape's.
import type { z } from 'zod';
import type { SilenceMatchers } from './silence.js';
import { DURATION_PATTERN, MAX_SILENCE_DAYS, silenceRequestSchema, type SilenceRequest } from './silence-schema.js';

/** A target the watch evaluated, with the nodes its latest run saw. */
export interface WatchedTarget {
  id: string;
  name: string;
  nodes: ReadonlyArray<{ node: string; nodeName: string | null }>;
}

export type TargetResolution = { kind: 'found'; target: WatchedTarget } | { kind: 'unknown' } | { kind: 'ambiguous'; count: number };

export function resolveSilenceTarget(query: string, watched: readonly WatchedTarget[]): TargetResolution {
  const wanted = query.trim().toLowerCase();
  const byId = watched.find((target) => target.id.toLowerCase() === wanted);
  if (byId) return { kind: 'found', target: byId };
  const byName = watched.filter((target) => target.name.toLowerCase() === wanted);
  if (byName.length === 1) return { kind: 'found', target: byName[0]! };
  return byName.length === 0 ? { kind: 'unknown' } : { kind: 'ambiguous', count: byName.length };
}

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const MAX_SILENCE_MS = MAX_SILENCE_DAYS * UNIT_MS.d;

/** "4h" in milliseconds; null for anything else. */
export function parseDuration(text: string): number | null {
  const match = DURATION_PATTERN.exec(text);
  return match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : null;
}

type Issue = { path: Array<string | number>; message: string };

/** The request schema with the rules that need the watched targets and the clock. */
export function silenceRequestSchemaAt(now: Date, watched: readonly WatchedTarget[]): z.ZodType<SilenceRequest> {
  return silenceRequestSchema.superRefine((value, ctx) => {
    for (const issue of requestIssues(value as unknown, now, watched)) ctx.addIssue({ code: 'custom', ...issue });
  }, { when: () => true });
}

/** Runs on whatever arrived, even when its shape is wrong, so every wrong field is named at once. */
function requestIssues(value: unknown, now: Date, watched: readonly WatchedTarget[]): Issue[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const body = value as Record<string, unknown>;
  const matchers = typeof body.matchers === 'object' && body.matchers !== null ? (body.matchers as Record<string, unknown>) : {};
  return [...targetIssues(matchers, watched), ...endIssues(body, now)];
}

function targetIssues(matchers: Record<string, unknown>, watched: readonly WatchedTarget[]): Issue[] {
  const { target, node } = matchers;
  if (typeof target !== 'string' || target.trim() === '' || target.length > 1024) return [];
  const resolved = resolveSilenceTarget(target, watched);
  if (resolved.kind === 'unknown') return [{ path: ['matchers', 'target'], message: 'is not a watched target: expected the resource ID or name of one (GET /api/recommendations lists them)' }];
  if (resolved.kind === 'ambiguous') {
    return [{ path: ['matchers', 'target'], message: `names ${resolved.count} watched targets (every AKS cluster's load balancer is called kubernetes): give the resource ID` }];
  }
  if (typeof node !== 'string' || node.trim() === '') return [];
  const wanted = node.trim().toLowerCase();
  const known = resolved.target.nodes.some((candidate) => candidate.node.toLowerCase() === wanted || candidate.nodeName?.toLowerCase() === wanted);
  return known ? [] : [{ path: ['matchers', 'node'], message: 'is not a node of that target in its latest watch run: expected a backend IP or Kubernetes node name it has' }];
}

function endIssues(body: Record<string, unknown>, now: Date): Issue[] {
  const { endsAt, duration, startsAt } = body;
  if (endsAt !== undefined && duration !== undefined) return [{ path: ['duration'], message: 'give endsAt or duration, not both' }];
  if (endsAt === undefined && duration === undefined) return [{ path: ['endsAt'], message: 'is required (or give duration instead)' }];
  const start = typeof startsAt === 'string' && Number.isFinite(Date.parse(startsAt)) ? Date.parse(startsAt) : now.getTime();
  const end = typeof endsAt === 'string' ? Date.parse(endsAt) : typeof duration === 'string' ? start + (parseDuration(duration) ?? Number.NaN) : Number.NaN;
  if (!Number.isFinite(end)) return [];
  const field = endsAt !== undefined ? 'endsAt' : 'duration';
  if (end <= now.getTime()) return [{ path: [field], message: 'ends in the past: a silence must end after now' }];
  if (end - now.getTime() > MAX_SILENCE_MS) return [{ path: [field], message: `ends more than ${MAX_SILENCE_DAYS} days from now` }];
  if (end <= start) return [{ path: ['startsAt'], message: 'must be before the end' }];
  return [];
}

/** The silence to store for a request that passed silenceRequestSchemaAt: the target as its resource ID, the end as a time. */
export function silenceToCreate(request: SilenceRequest, now: Date, watched: readonly WatchedTarget[]): { matchers: SilenceMatchers; startsAt: string; endsAt: string; createdBy: string; comment: string } {
  const resolved = resolveSilenceTarget(request.matchers.target, watched);
  if (resolved.kind !== 'found') throw new RangeError('the request was not checked against the watched targets');
  const start = request.startsAt === undefined ? now.getTime() : Date.parse(request.startsAt);
  const end = request.endsAt !== undefined ? Date.parse(request.endsAt) : start + parseDuration(request.duration ?? '')!;
  const { condition } = request.matchers;
  // Stored as the backend IP: alerts are keyed by it, so the lifecycle and the page match the same way.
  const wanted = request.matchers.node?.trim().toLowerCase();
  const node = wanted === undefined ? undefined
    : resolved.target.nodes.find((candidate) => candidate.node.toLowerCase() === wanted || candidate.nodeName?.toLowerCase() === wanted)?.node ?? request.matchers.node;
  return {
    matchers: { target: resolved.target.id, ...(node === undefined ? {} : { node }), ...(condition === undefined ? {} : { condition }) },
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(end).toISOString(),
    createdBy: request.createdBy,
    comment: request.comment ?? '',
  };
}
