// What a Slack channel reference may look like where a person writes one (SNAT_ROUTES, the
// `snat-watch-channel` tag): a channel ID (C…, G… for older private channels). chat.postMessage would
// take a name too (https://docs.slack.dev/reference/methods/chat.postMessage/), but the look for a
// message before a re-send (conversations.history, conversations.replies) and chat.update take IDs
// only: a name would leave an ambiguous send undecidable, so names are refused where they are written.

const CHANNEL_ID = /^[CG][A-Z0-9]{8,}$/;

/** The channel ID, trimmed; null when the value is not one. */
export function normalizeChannel(value: string): string | null {
  const trimmed = value.trim();
  return CHANNEL_ID.test(trimmed) ? trimmed : null;
}

export const CHANNEL_EXPECTED = 'expected a Slack channel ID (C0123456789: the channel\'s details show it), not a name: the Slack app reads history and updates messages by ID only';
