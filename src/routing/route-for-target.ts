// Which team owns a target: the `snat-watch-channel` tag on the load balancer or NAT gateway itself,
// else on the AKS cluster it belongs to, else the first SNAT_ROUTES rule that matches, else the
// default. Pure: the tags come from the topology, the rules from the settings.
//
// Tags are set by other teams at run time, long after start-up: a tag value that names no channel
// (app mode) or no configured webhook setting (webhook mode) cannot stop the app, so it is passed
// over as if absent (the next source decides) and said in a warning.
import { matchesGlob } from './glob.js';
import { ROUTE_TAG, type RouteRule, type Routing } from './routing.js';
import { normalizeChannel } from './slack-channel.js';

export interface RouteSubject {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  /** The target's own Azure tags, when the topology read them. */
  tags?: Record<string, string>;
  /** The tags of the AKS cluster the target belongs to. */
  clusterTags?: Record<string, string>;
}

/** target-tag / cluster-tag: the `snat-watch-channel` tag; rule: SNAT_ROUTES[rule]; default: nothing else applied. */
export type RouteSource = 'target-tag' | 'cluster-tag' | 'rule' | 'default';

/** Why a tag was passed over. */
export type IgnoredTagReason = 'not-a-channel' | 'unknown-webhook-setting';

export interface IgnoredTag {
  on: 'target' | 'cluster';
  value: string;
  reason: IgnoredTagReason;
}

export interface RouteDecision {
  /** The payload's route: a channel, a webhook app setting's name, or null for the default. */
  route: string | null;
  source: RouteSource;
  /** The index in SNAT_ROUTES, when a rule decided. */
  rule?: number;
  /** Tags that were set but could not be used. */
  ignored: IgnoredTag[];
}

export function routeForTarget(subject: RouteSubject, routing: Routing): RouteDecision {
  const ignored: IgnoredTag[] = [];
  for (const [on, tags] of [['target', subject.tags], ['cluster', subject.clusterTags]] as const) {
    const value = tagValue(tags, ROUTE_TAG);
    if (value === null) continue;
    const route = tagRoute(value, routing);
    if (typeof route === 'string') return { route, source: on === 'target' ? 'target-tag' : 'cluster-tag', ignored };
    ignored.push({ on, value, reason: route.reason });
  }
  const index = routing.rules.findIndex((rule) => matches(rule, subject));
  if (index >= 0) return { route: routing.rules[index]!.route, source: 'rule', rule: index, ignored };
  return { route: null, source: 'default', ignored };
}

/** A tag's value, its name matched without case: Azure treats tag names case-insensitively. */
export function tagValue(tags: Record<string, string> | undefined, name: string): string | null {
  if (!tags) return null;
  const key = Object.keys(tags).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : tags[key];
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

function tagRoute(value: string, routing: Routing): string | { reason: IgnoredTagReason } {
  if (routing.mode === 'app') return normalizeChannel(value) ?? { reason: 'not-a-channel' };
  // App setting names are compared without case (Windows plans treat them so); the configured spelling is used.
  const setting = routing.webhookSettings.find((name) => name.toLowerCase() === value.toLowerCase());
  return setting ?? { reason: 'unknown-webhook-setting' };
}

function matches(rule: RouteRule, subject: RouteSubject): boolean {
  const { subscription, resourceGroup, name } = rule.match;
  return (
    (subscription === undefined || matchesGlob(subscription, subject.subscriptionId)) &&
    (resourceGroup === undefined || matchesGlob(resourceGroup, subject.resourceGroup)) &&
    (name === undefined || matchesGlob(name, subject.name))
  );
}
