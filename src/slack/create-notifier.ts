// The notifier the settings ask for: the Slack app when SLACK_BOT_TOKEN is set, else the webhook.
import type { TableClient } from '@azure/data-tables';
import { slackModeOf, type Config } from '../config.js';
import { createSlackThreadStore, type SlackThreadStore } from '../state/slack-thread-store.js';
import { createAppNotifier } from './app-notifier.js';
import type { Notifier } from './notifier.js';
import { createWebhookNotifier } from './webhook-notifier.js';

export interface CreateNotifierOptions {
  /** The state table (the app keeps its incident threads there); absent for direct posts only (storage may be what failed). */
  state?: TableClient;
  /** Where webhook routes (app settings naming webhook URLs) are read. */
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
}

const noThreads: SlackThreadStore = {
  get: () => Promise.reject(new Error('the Slack app notifier was built without the state table; it can only post directly')),
  put: () => Promise.reject(new Error('the Slack app notifier was built without the state table; it can only post directly')),
};

export function createNotifier(config: Config, options: CreateNotifierOptions): Notifier {
  if (slackModeOf(config) === 'app') {
    return createAppNotifier({
      token: config.SLACK_BOT_TOKEN!,
      apiUrl: config.SLACK_API_URL,
      defaultChannel: config.SLACK_CHANNEL!,
      threads: options.state ? createSlackThreadStore(options.state) : noThreads,
      ...(options.now ? { now: options.now } : {}),
    });
  }
  return createWebhookNotifier({ defaultUrl: config.SLACK_WEBHOOK_URL!, ...(options.env ? { env: options.env } : {}) });
}
