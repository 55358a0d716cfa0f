// The routing decision for one target with what the topology read (its tags, its cluster's tags),
// and the warning a tag that cannot be used deserves, said once per target and tag value rather
// than every minute. One router per process (the runtime's).
import type { TargetRef } from '../alerting/alert-state.js';
import { parseResourceId } from '../azure/resource-id.js';
import type { TargetTopology } from '../snat/model.js';
import { clusterOf, targetDisplayName } from '../snat/target-names.js';
import { routeForTarget, type IgnoredTag, type RouteDecision, type RouteSubject } from './route-for-target.js';
import { ROUTE_TAG, type Routing } from './routing.js';

export interface TargetRouter {
  routeFor(target: TargetRef, topology: TargetTopology | null): RouteDecision;
}

export interface TargetRouterOptions {
  /** Where warnings go (default console.warn, which the Functions host records). */
  warn?: (message: string) => void;
}

export function createTargetRouter(routing: Routing, options: TargetRouterOptions = {}): TargetRouter {
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const warned = new Set<string>();
  return {
    routeFor(target, topology) {
      const decision = routeForTarget(routeSubjectOf(target, topology), routing);
      for (const ignored of decision.ignored) {
        const key = `${target.id.toLowerCase()}|${ignored.on}|${ignored.value}`;
        if (warned.has(key)) continue;
        warned.add(key);
        warn(ignoredTagWarning(targetDisplayName(target, clusterOf(topology)), ignored, decision, routing));
      }
      return decision;
    },
  };
}

/** What routing reads of a target: its place from its ID, its tags and its cluster's from the topology. */
export function routeSubjectOf(target: TargetRef, topology: TargetTopology | null): RouteSubject {
  const { subscriptionId, resourceGroup } = placeOf(target.id);
  const clusterTags = topology?.kind === 'loadBalancer' ? topology.aks?.tags : topology?.cluster?.tags;
  return {
    id: target.id,
    name: target.name,
    subscriptionId,
    resourceGroup,
    ...(topology?.tags ? { tags: topology.tags } : {}),
    ...(clusterTags ? { clusterTags } : {}),
  };
}

function placeOf(id: string): { subscriptionId: string; resourceGroup: string } {
  try {
    return parseResourceId(id);
  } catch {
    return { subscriptionId: '', resourceGroup: '' };
  }
}

function ignoredTagWarning(name: string, ignored: IgnoredTag, decision: RouteDecision, routing: Routing): string {
  const where = ignored.on === 'target' ? name : `the AKS cluster of ${name}`;
  const why = ignored.reason === 'not-a-channel'
    ? 'is not a Slack channel name or ID'
    : `names no webhook setting that is set (${routing.webhookSettings.length > 0 ? routing.webhookSettings.join(', ') : 'none: add an app setting SLACK_WEBHOOK_URL_<TEAM>'})`;
  const instead = decision.route === null ? 'the default channel' : `${decision.route} (${decision.source === 'rule' ? `SNAT_ROUTES[${decision.rule}]` : `the ${decision.source}`})`;
  return `Routing: the ${ROUTE_TAG} tag "${ignored.value}" on ${where} ${why}; its alerts and digest go to ${instead}.`;
}
