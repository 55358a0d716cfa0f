// The Slack app side of a test: the local Slack Web API (src/local/slack-web-api.ts) over real HTTP,
// the settings that put the app in Slack app mode against it, and what a channel shows.
import { startLocalSlackWebApi, type LocalSlackWebApi, type LocalSlackWebApiOptions } from '../../src/local/slack-web-api.js';
import type { StoredMessage } from '../../src/local/slack-web-api-store.js';

export const TEST_CHANNEL = 'C0SNATTEST';

export function startTestSlack(options: LocalSlackWebApiOptions = {}): Promise<LocalSlackWebApi> {
  return startLocalSlackWebApi({ channels: [TEST_CHANNEL], ...options });
}

/** App-mode settings for a runtime talking to `slack` (no webhook). */
export function appSettings(slack: LocalSlackWebApi): Record<string, string> {
  return { SLACK_BOT_TOKEN: slack.token, SLACK_SIGNING_SECRET: 'local-signing-secret-0123456789', SLACK_CHANNEL: slack.channels[0]!, SLACK_API_URL: slack.url, SLACK_WEBHOOK_URL: '' };
}

/** The action IDs of a message's buttons. */
export function actionIdsOf(message: StoredMessage | undefined): string[] {
  const blocks = (message?.blocks ?? []) as Array<{ type: string; elements?: Array<{ action_id?: string }> }>;
  return blocks.filter((block) => block.type === 'actions').flatMap((block) => (block.elements ?? []).map((element) => element.action_id ?? ''));
}

/** Every text a message shows (its text, sections, context lines). */
export function shownText(message: StoredMessage | undefined): string {
  return JSON.stringify(message?.blocks ?? message?.text ?? '');
}
