// SNAT_ROUTES, validated once at start-up against the mode Slack is connected in. A JSON list of
// `{ "match": { "subscription"?, "resourceGroup"?, "name"? }, "channel" }` (app mode) or
// `{ "match": …, "webhookSetting": "SLACK_WEBHOOK_URL_TEAM_A" }` (webhook mode): the rule names an app
// setting rather than holding the URL, so the URL stays a Key Vault reference like SLACK_WEBHOOK_URL.
// Every problem names its rule (`SNAT_ROUTES[1].match`) and never echoes a webhook URL.
import { z } from 'zod';
import { CHANNEL_EXPECTED, normalizeChannel } from './slack-channel.js';
import type { RouteRule, Routing, SlackMode } from './routing.js';

/** Webhook app settings are named `SLACK_WEBHOOK_URL_<TEAM>`: a tag can name no other setting. */
export const WEBHOOK_SETTING = /^SLACK_WEBHOOK_URL_[A-Z0-9_]+$/;

const glob = z.string().trim().min(1, 'expected a non-empty glob (* and ? allowed)');
const ruleSchema = z.strictObject({
  match: z
    .strictObject({ subscription: glob.optional(), resourceGroup: glob.optional(), name: glob.optional() }, { error: 'expected { "subscription"?, "resourceGroup"?, "name"? }' })
    .refine((match) => Object.keys(match).length > 0, 'match is empty: give at least one of subscription, resourceGroup, name (a rule matching everything is the default channel)'),
  channel: z.string().optional(),
  webhookSetting: z.string().optional(),
});

/** App mode when a bot token is set (the Slack app); incoming webhooks otherwise. */
export function slackModeOf(env: NodeJS.ProcessEnv): SlackMode {
  return env.SLACK_BOT_TOKEN?.trim() ? 'app' : 'webhook';
}

/** The routing the settings describe, or every problem with them. */
export function parseRouteSettings(env: NodeJS.ProcessEnv, webhookUrl: z.ZodType<string>): { routing: Routing; problems: string[] } {
  const mode = slackModeOf(env);
  const problems: string[] = [];
  const webhookSettings = mode === 'webhook' ? validWebhookSettings(env, webhookUrl, problems) : [];
  const raw = env.SNAT_ROUTES?.trim();
  if (!raw) return { routing: { mode, rules: [], webhookSettings }, problems };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { routing: { mode, rules: [], webhookSettings }, problems: [...problems, 'SNAT_ROUTES: not valid JSON; expected a list of { "match": {…}, "channel" | "webhookSetting" } rules'] };
  }
  if (!Array.isArray(parsed)) return { routing: { mode, rules: [], webhookSettings }, problems: [...problems, 'SNAT_ROUTES: expected a JSON list of rules ([ { "match": {…}, … } ])'] };
  const rules: RouteRule[] = [];
  parsed.forEach((candidate, index) => {
    const at = `SNAT_ROUTES[${index}]`;
    const result = ruleSchema.safeParse(candidate);
    if (!result.success) {
      for (const issue of result.error.issues) problems.push(`${at}${issue.path.map((key) => `.${String(key)}`).join('')}: ${issueText(issue)}`);
      return;
    }
    const route = routeOf(result.data, mode, env, webhookSettings, at, problems);
    if (route !== null) rules.push({ match: result.data.match, route });
  });
  return { routing: { mode, rules, webhookSettings }, problems };
}

function routeOf(rule: z.output<typeof ruleSchema>, mode: SlackMode, env: NodeJS.ProcessEnv, webhookSettings: readonly string[], at: string, problems: string[]): string | null {
  if (mode === 'app') {
    if (rule.webhookSetting !== undefined) problems.push(`${at}.webhookSetting: the Slack app (SLACK_BOT_TOKEN) posts to channels: give "channel" instead`);
    if (rule.channel === undefined) {
      if (rule.webhookSetting === undefined) problems.push(`${at}: give "channel" (the owning team's channel)`);
      return null;
    }
    const channel = normalizeChannel(rule.channel);
    if (channel === null) problems.push(`${at}.channel: ${CHANNEL_EXPECTED}`);
    return channel;
  }
  if (rule.channel !== undefined) problems.push(`${at}.channel: a channel needs the Slack app (SLACK_BOT_TOKEN); with incoming webhooks give "webhookSetting", the app setting that holds the team's webhook URL`);
  const setting = rule.webhookSetting?.trim();
  if (setting === undefined) {
    if (rule.channel === undefined) problems.push(`${at}: give "webhookSetting" (the app setting that holds the owning team's webhook URL)`);
    return null;
  }
  if (!WEBHOOK_SETTING.test(setting)) {
    problems.push(`${at}.webhookSetting: expected the name of an app setting SLACK_WEBHOOK_URL_<TEAM> (capitals, digits, _), not a URL`);
    return null;
  }
  if (!env[setting]?.trim()) {
    problems.push(`${at}.webhookSetting: the app setting ${setting} is not set`);
    return null;
  }
  // A set but invalid setting is reported on its own name (validWebhookSettings); the rule says so too.
  if (!webhookSettings.includes(setting)) {
    problems.push(`${at}.webhookSetting: the app setting ${setting} does not hold a valid webhook URL`);
    return null;
  }
  return setting;
}

/** Every `SLACK_WEBHOOK_URL_<TEAM>` setting that is set, checked like SLACK_WEBHOOK_URL (values never echoed). */
function validWebhookSettings(env: NodeJS.ProcessEnv, webhookUrl: z.ZodType<string>, problems: string[]): string[] {
  const valid: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!WEBHOOK_SETTING.test(name) || !value?.trim()) continue;
    const result = webhookUrl.safeParse(value.trim());
    if (result.success) valid.push(name);
    else problems.push(`${name}: ${result.error.issues[0]?.message ?? 'expected the Slack incoming webhook URL'}`);
  }
  return valid.sort();
}

function issueText(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  return issue.message;
}
