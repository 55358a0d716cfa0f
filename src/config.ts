// Every setting of the app, validated once by one zod schema. A bad configuration stops with a
// single error that lists every wrong key and what it expects; secrets are never echoed.
import { z } from 'zod';
import { parseRouteSettings } from './routing/route-settings.js';
import type { Routing } from './routing/routing.js';

const list = z
  .string()
  .optional()
  .transform((value) => (value ?? '').split(',').map((item) => item.trim()).filter(Boolean));

const resourceId = z
  .string()
  .regex(
    /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/(loadBalancers|natGateways)\/[^/]+$/i,
    'expected a load balancer or NAT gateway resource ID (/subscriptions/…/providers/Microsoft.Network/loadBalancers/NAME)',
  );

const ratio = (fallback: number) => z.coerce.number().gt(0).lte(1).default(fallback);
const minutes = (fallback: number, max = 10_080) => z.coerce.number().int().min(1).max(max).default(fallback);
const httpsUrl = z.url({ protocol: /^https$/, error: 'expected an https:// URL' });
/** Seconds, fractions allowed (tests run on 3-s deadlines). */
const seconds = (fallback: number, max: number) => z.coerce.number().min(0.1).max(max).default(fallback);

/** 127.0.0.0/8, ::1 and localhost: a URL that never leaves this machine (the local Slack sink, a test receiver). */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

// The webhook URL is a secret that lets anyone post to the channel: over plain http it would cross the
// network readable. Only a loopback address may take http.
const webhookUrl = z
  .url({ protocol: /^https?$/, error: 'expected the Slack incoming webhook URL' })
  // zod runs this even when the URL check above failed: a value that is no URL is left to that check.
  .refine((value) => !URL.canParse(value) || new URL(value).protocol === 'https:' || isLoopbackUrl(new URL(value)), {
    error: 'expected an https:// URL (http:// only to a loopback address: localhost, 127.0.0.1, [::1])',
  });

// The Slack Web API's base URL: Slack's own, or a local one (tests, `snat-watch start`). The token
// goes in every request's Authorization header, so plain http only to a loopback address.
// https://docs.slack.dev/tools/node-slack-sdk/web-api/#custom-api-url
const slackApiUrl = z
  .url({ protocol: /^https?$/, error: 'expected the Slack Web API base URL (https://slack.com/api/)' })
  .refine((value) => !URL.canParse(value) || new URL(value).protocol === 'https:' || isLoopbackUrl(new URL(value)), {
    error: 'expected an https:// URL (http:// only to a loopback address: localhost, 127.0.0.1, [::1])',
  })
  .refine((value) => !URL.canParse(value) || new URL(value).pathname.endsWith('/api/'), { error: 'expected a URL ending in /api/ (https://slack.com/api/)' })
  .default('https://slack.com/api/');

// A bot token (xoxb-…): https://docs.slack.dev/authentication/tokens#bot. The value is never echoed.
const botToken = z.string().regex(/^xoxb-[A-Za-z0-9-]+$/, 'expected a Slack bot token (xoxb-…, from the app\'s OAuth & Permissions page)');

// A channel ID (C…, G… for a private channel): conversations.history and chat.update take IDs only.
// https://docs.slack.dev/reference/methods/conversations.history
const channelId = z.string().regex(/^[CG][A-Z0-9]{6,}$/, 'expected a Slack channel ID (C0123ABCD; the channel\'s details in Slack show it), not a name');

export const configSchema = z
  .object({
    SNAT_TARGETS: list.pipe(z.array(resourceId)),
    SNAT_DISCOVERY_SUBSCRIPTIONS: list.pipe(z.array(z.uuid({ error: 'expected subscription IDs (GUIDs), comma-separated' }))),
    SNAT_WATCH_SCHEDULE: z.string().min(1).default('0 */1 * * * *'),
    SNAT_DIGEST_SCHEDULE: z.string().min(1).default('0 0 8 * * *'),

    // Webhook mode: SLACK_WEBHOOK_URL. App mode (SLACK_BOT_TOKEN set): the bot token, the signing
    // secret that verifies Slack's interactions, the default channel and the Web API's base URL.
    SLACK_WEBHOOK_URL: webhookUrl.optional(),
    SLACK_BOT_TOKEN: botToken.optional(),
    // https://api.slack.com/authentication/verifying-requests-from-slack; unset, the interactions route refuses all.
    SLACK_SIGNING_SECRET: z.string().trim().min(16, 'expected the app\'s signing secret (Basic Information → App Credentials)').optional(),
    SLACK_CHANNEL: channelId.optional(),
    SLACK_API_URL: slackApiUrl,
    // Routing to the owning team (docs/configuration.md, "Routing"): a JSON list of rules, validated
    // with the Slack mode and the webhook settings it names in loadConfig (src/routing/route-settings.ts).
    SNAT_ROUTES: z.string().optional(),
    // The function app's own address (https://func-x.azurewebsites.net): Slack messages link each target
    // on the live page. Unset: no such link. http only to a loopback address (the local host).
    SNAT_PUBLIC_URL: z
      .url({ protocol: /^https?$/, error: 'expected the function app\'s https:// address' })
      .refine((value) => !URL.canParse(value) || new URL(value).protocol === 'https:' || isLoopbackUrl(new URL(value)), {
        error: 'expected an https:// URL (http:// only to a loopback address)',
      })
      .optional(),

    AzureWebJobsStorage: z.string().min(1).optional(),
    AzureWebJobsStorage__tableServiceUri: httpsUrl.optional(),
    // The fan-out's batch queue with a managed identity (infra sets it beside tableServiceUri).
    AzureWebJobsStorage__queueServiceUri: httpsUrl.optional(),
    SNAT_TABLE_PREFIX: z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,40}$/, 'expected letters and digits, starting with a letter').default('snatwatch'),

    SNAT_ARM_ENDPOINT: httpsUrl.default('https://management.azure.com'),
    // {region} is replaced by the resource's region: the batch API is regional.
    SNAT_METRICS_ENDPOINT: z.string().regex(/^https:\/\//, 'expected an https:// URL, optionally with {region}').default('https://{region}.metrics.monitor.azure.com'),
    SNAT_METRICS_AUDIENCE: httpsUrl.default('https://metrics.monitor.azure.com/.default'),
    SNAT_PORTAL_URL: httpsUrl.default('https://portal.azure.com'),

    SNAT_WARNING_THRESHOLD: ratio(0.75),
    SNAT_CRITICAL_THRESHOLD: ratio(0.9),
    SNAT_CLEAR_HYSTERESIS: z.coerce.number().min(0).lt(0.5).default(0.05),
    // SNAT_CHURN_THRESHOLD is retired (the pooling diagnosis has no tunable ratio): a value still set
    // is ignored like any unknown key, so an old app setting never stops start-up.
    SNAT_FOR_MINUTES: minutes(5, 60),
    SNAT_WINDOW_MINUTES: minutes(15, 180),
    SNAT_REPEAT_INTERVAL_MINUTES: minutes(240),
    SNAT_TOPOLOGY_REFRESH_MINUTES: minutes(15, 1_440),
    // Where topology and discovery are read (docs/configuration.md): Resource Graph, many targets per
    // query (ARM only for what it lacks), or ARM alone, one GET per resource.
    SNAT_TOPOLOGY_SOURCE: z.enum(['resource-graph', 'arm'], { error: 'expected resource-graph or arm' }).default('resource-graph'),
    SNAT_BLIND_AFTER_RUNS: z.coerce.number().int().min(1).max(100).default(3),
    SNAT_STALE_AFTER_MINUTES: minutes(5, 1_440),
    // Delivery and storage (docs/reliability.md, "Delivery and storage").
    SNAT_SLACK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    SNAT_SLACK_RESEND_AFTER_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
    SNAT_STORAGE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(120).default(10),
    SNAT_CANNOT_WATCH_AFTER_RUNS: z.coerce.number().int().min(1).max(100).default(3),
    SNAT_DEFAULT_SURGE: z.string().regex(/^\d+%?$/, 'expected a node count (1) or a percentage (10%)').default('10%'),

    // Deadlines (docs/configuration.md). The run's deadline stays well below host.json's
    // functionTimeout (00:05:00), leaving time to settle and deliver what was read. A read budget
    // longer than the deadline is cut to it, so lowering the deadline alone is enough.
    SNAT_RUN_DEADLINE_SECONDS: seconds(110, 240),
    SNAT_CALL_TIMEOUT_SECONDS: seconds(20, 120),
    SNAT_READ_BUDGET_SECONDS: seconds(40, 240),
    SNAT_BATCH_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(4),

    // Fan-out (docs/configuration.md, docs/reliability.md "Fan-out on queues"): above the threshold (or
    // always with `on`) the timer only plans the run and a queue-triggered function watches each batch.
    // 2,000: at the cost measured in issue 11 (8–9 ms CPU per load balancer, one run passing the
    // one-minute tick near 5,700) one instance spends under a third of the tick on 2,000 targets, leaving
    // room for throttled retries; below it the queue's round trips and cold workers would cost more than they save.
    SNAT_FANOUT: z.enum(['on', 'off', 'auto'], { error: 'expected on, off or auto' }).default('auto'),
    SNAT_FANOUT_THRESHOLD: z.coerce.number().int().min(1).max(1_000_000).default(2_000),
    // Queue names: 3–63 lowercase letters, digits and single hyphens; `-poison` must still fit.
    // https://learn.microsoft.com/rest/api/storageservices/naming-queues-and-metadata
    SNAT_FANOUT_QUEUE: z
      .string()
      .regex(/^(?=.{3,56}$)[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$/, 'expected 3–56 lowercase letters, digits and single hyphens (the poison queue adds -poison)')
      .default('snat-watch-batches'),

    // Workload attribution (docs/attribution.md): which pods open a hot node's connections, from ACNS
    // metrics in the cluster's Azure Monitor workspace. Off: no query is ever sent.
    SNAT_ATTRIBUTION: z.enum(['on', 'off'], { error: 'expected on or off' }).default('on'),
    SNAT_PROMETHEUS_QUERY_ENDPOINT: httpsUrl.optional(),
    // Per cluster, where clusters send to different workspaces: `aks-shop=https://…,aks-pay=https://…`
    // (cluster name or resource ID); a cluster not listed uses SNAT_PROMETHEUS_QUERY_ENDPOINT.
    SNAT_PROMETHEUS_QUERY_ENDPOINTS: list.pipe(
      z.array(
        z.string().regex(/^[^=\s]+=https:\/\/\S+$/, 'expected CLUSTER=https://QUERY-ENDPOINT pairs, comma-separated (cluster name or resource ID)'),
      ),
    ),
    SNAT_ATTRIBUTION_TIMEOUT_SECONDS: seconds(8, 60),
    SNAT_ATTRIBUTION_REFRESH_MINUTES: minutes(5, 60),
  })
  .superRefine((config, ctx) => {
    if (config.SNAT_TARGETS.length === 0 && config.SNAT_DISCOVERY_SUBSCRIPTIONS.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['SNAT_TARGETS'], message: 'set SNAT_TARGETS or SNAT_DISCOVERY_SUBSCRIPTIONS: nothing to watch' });
    }
    if (!config.AzureWebJobsStorage && !config.AzureWebJobsStorage__tableServiceUri) {
      ctx.addIssue({ code: 'custom', path: ['AzureWebJobsStorage'], message: 'set AzureWebJobsStorage (connection string) or AzureWebJobsStorage__tableServiceUri (managed identity)' });
    }
    if (config.SLACK_BOT_TOKEN) {
      const missing = { SLACK_CHANNEL: config.SLACK_CHANNEL, SLACK_SIGNING_SECRET: config.SLACK_SIGNING_SECRET };
      for (const [key, value] of Object.entries(missing)) {
        if (!value) ctx.addIssue({ code: 'custom', path: [key], message: 'required in Slack app mode (SLACK_BOT_TOKEN is set)' });
      }
    } else if (!config.SLACK_WEBHOOK_URL) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_WEBHOOK_URL'], message: 'set SLACK_WEBHOOK_URL (webhook mode) or SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and SLACK_CHANNEL (Slack app mode)' });
    }
    if (config.SNAT_FANOUT === 'on' && !config.AzureWebJobsStorage && !config.AzureWebJobsStorage__queueServiceUri) {
      ctx.addIssue({ code: 'custom', path: ['AzureWebJobsStorage__queueServiceUri'], message: 'SNAT_FANOUT=on needs a queue: set AzureWebJobsStorage or AzureWebJobsStorage__queueServiceUri' });
    }
    if (config.SNAT_WARNING_THRESHOLD >= config.SNAT_CRITICAL_THRESHOLD) {
      ctx.addIssue({ code: 'custom', path: ['SNAT_WARNING_THRESHOLD'], message: 'must be below SNAT_CRITICAL_THRESHOLD' });
    }
    if (config.SNAT_FOR_MINUTES > config.SNAT_WINDOW_MINUTES) {
      ctx.addIssue({ code: 'custom', path: ['SNAT_FOR_MINUTES'], message: 'must fit inside SNAT_WINDOW_MINUTES' });
    }
  });

/** The settings, and the routing SNAT_ROUTES and the webhook settings describe. */
export type Config = z.output<typeof configSchema> & { routing: Routing };

/** app: a Slack app (bot token, threads, buttons); webhook: an incoming webhook. */
export type SlackMode = 'app' | 'webhook';

export function slackModeOf(config: Pick<Config, 'SLACK_BOT_TOKEN'>): SlackMode {
  return config.SLACK_BOT_TOKEN ? 'app' : 'webhook';
}

/** A configuration that cannot run; `problems` names every wrong key. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/** Reads the settings once. Throws ConfigError listing every wrong key; values are never echoed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An app setting left empty means "not set", as the Functions host treats it.
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value?.trim()));
  const result = configSchema.safeParse(set);
  const routes = parseRouteSettings(set, webhookUrl);
  if (result.success && routes.problems.length === 0) return { ...result.data, routing: routes.routing };
  const problems = result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.') || '(settings)'}: ${issue.message}`);
  throw new ConfigError([...problems, ...routes.problems]);
}
