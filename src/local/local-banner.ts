// The first thing `snat-watch start` prints: what is running, where to look, and how to stop it.
// Pure: facts in, lines out.
import { redactWebhookUrl } from '../slack/redact.js';
import { formatCount, formatMinutes } from '../snat/format.js';
import type { DemoStory } from './demo-story.js';
import type { PlayedScenario } from './scenarios.js';
import type { Paint } from './watch-line.js';

export interface BannerFacts {
  /** http://localhost:PORT */
  hostUrl: string;
  /** Function name → key, when `start --keys` checks them. */
  keys?: Readonly<Record<string, string>>;
  /** Azurite's PID when `start` runs its own; undefined when AzureWebJobsStorage points elsewhere. */
  azuritePid: number | undefined;
  /** The user's real webhook, when messages are also posted to Slack. */
  forwardTo: string | undefined;
  /** Slack app mode: the local Slack Web API's URL (threads print below), or the user's SLACK_API_URL. */
  slack?: { localApi?: string; app?: string };
  simulation?: { scenario: PlayedScenario; azureUrl: string };
  azure?: { targets: number; subscriptions: number; watchSchedule: string; digestSchedule: string };
}

export function bannerLines(facts: BannerFacts, paint: Paint): string[] {
  const api = `${facts.hostUrl}/api`;
  const row = (label: string, value: string) => `  ${paint('bold', label.padEnd(17))} ${value}`;
  const lines = [''];
  if (facts.simulation) {
    const { scenario } = facts.simulation;
    lines.push(paint('bold', 'SNAT Watch — running locally on a simulated Azure'), '', ...(scenario.story ? storyLines(scenario.story) : scenarioLines(scenario)));
  }
  else lines.push(paint('bold', 'SNAT Watch — running locally, watching real Azure'));
  const key = (name: string) => (facts.keys?.[name] ? `?code=${facts.keys[name]}` : '');
  lines.push(
    '',
    row('Live view (JSON)', `${api}/recommendations${key('recommendations')}`),
    row('Live page', `${api}/recommendations/view${key('recommendations')}`),
    row('What-if planning', `POST ${api}/recommendations${key('recommendations')}   (or: snat-watch plan FILE)`),
    row('Silences', `${api}/silences${key('silences')}   (GET, POST; DELETE /silences/{id})`),
    row('OpenAPI', `${api}/openapi.json${key('openapi')}`),
    '',
  );
  if (facts.keys) {
    lines.push(row('Function keys', 'checked as in Azure: each function takes its own key, as ?code= or x-functions-key'));
    for (const [name, value] of Object.entries(facts.keys)) lines.push(`  ${''.padEnd(17)} ${name}: ${value}`);
    lines.push('');
  }
  if (facts.simulation) {
    lines.push(row('Azure', `simulated at ${facts.simulation.azureUrl} (ARM, metrics, managed identity)`));
  } else if (facts.azure) {
    const { targets, subscriptions } = facts.azure;
    const watched = [targets > 0 ? `${targets} from SNAT_TARGETS` : '', subscriptions > 0 ? `discovery in ${subscriptions} subscription(s)` : ''].filter(Boolean);
    lines.push(
      row('Watching', watched.join(', and ')),
      row('Identity', 'DefaultAzureCredential (on a laptop: az login)'),
      row('Timers', `snatWatch ${facts.azure.watchSchedule} (runs now, then on schedule) · capacityDigest ${facts.azure.digestSchedule}`),
    );
  }
  lines.push(row('State', facts.azuritePid === undefined ? 'AzureWebJobsStorage' : `Azurite in memory (pid ${facts.azuritePid})`));
  if (facts.slack?.localApi) lines.push(row('Slack', `a local Slack Web API at ${facts.slack.localApi} (app mode): each incident's thread prints below`));
  else if (facts.slack?.app) lines.push(row('Slack', `the Slack app at ${facts.slack.app} (SLACK_BOT_TOKEN): one thread per incident`));
  else lines.push(row('Slack', facts.forwardTo ? `messages print below and go to ${redactWebhookUrl(facts.forwardTo)}` : 'messages print below (set SLACK_WEBHOOK_URL to post them to Slack too)'));
  lines.push('', paint('dim', facts.keys ? 'Ctrl-C stops everything.' : 'No function keys are needed locally (as with func start; --keys checks them). Ctrl-C stops everything.'), '');
  return lines;
}

/** A scenario other than the default story: its name, what it shows, and its pace. */
function scenarioLines(scenario: PlayedScenario): string[] {
  return [
    `  Scenario ${scenario.name}: ${scenario.description}.`,
    `  Time runs ${scenario.speed}× faster: the watch runs every ${scenario.watchEverySeconds} s (one simulated minute).`,
  ];
}

function storyLines(story: DemoStory): string[] {
  const { aks, hotNodeIps } = story.scenario;
  const nodes = aks.loadBalancer.nodes;
  const digestInMinutes = (story.digestAt.getTime() - Date.now()) / 60_000;
  return [
    `  The story: AKS cluster ${aks.cluster.name}, ${nodes.length} nodes behind ${aks.loadBalancer.frontends.length} outbound IP with default allocation`,
    `  (${formatCount(nodes[0]?.allocatedPorts ?? 0)} SNAT ports per node). An app that opens a new connection per request, without`,
    `  pooling, ramps up on ${hotNodeIps.length} nodes. Time runs ${story.speed}× faster: the watch runs every ${story.watchEverySeconds} s (about one`,
    '  simulated minute). Expect a warning within a minute, then critical, then recovery. The daily',
    `  digest runs once, after the story (${digestInMinutes < 1 ? 'in under a minute' : `in about ${formatMinutes(digestInMinutes)}`}).`,
  ];
}
