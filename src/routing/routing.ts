// Where a target's alerts and its part of the digest go: its owning team's channel (app mode) or the
// app setting that holds the owning team's webhook URL (webhook mode), as the outbox payload's
// `route` carries it (notification-payload.ts); null is the default (SLACK_CHANNEL / SLACK_WEBHOOK_URL).
// The shapes here are what the settings validate into (route-settings.ts) and what the decision
// reads (route-for-target.ts).

/** app: a bot token posts to channels (SLACK_BOT_TOKEN set); webhook: incoming webhooks, one per channel. */
export type SlackMode = 'app' | 'webhook';

/** The Azure tag a team sets on its load balancer, NAT gateway or AKS cluster to own its alerts. */
export const ROUTE_TAG = 'snat-watch-channel';

/** Globs (`*` any run, `?` one character), matched case-insensitively against the whole value. */
export interface RouteMatch {
  subscription?: string;
  resourceGroup?: string;
  name?: string;
}

export interface RouteRule {
  match: RouteMatch;
  /** The channel (app mode) or the webhook app setting's name (webhook mode). */
  route: string;
}

export interface Routing {
  mode: SlackMode;
  /** SNAT_ROUTES in order: the first that matches wins. */
  rules: RouteRule[];
  /** Webhook mode: the webhook app settings that are set and valid, the only names a tag may give. */
  webhookSettings: string[];
}

export const NO_ROUTING: Routing = { mode: 'webhook', rules: [], webhookSettings: [] };
