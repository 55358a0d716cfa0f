// What a Slack channel reference may look like where a person writes one (SNAT_ROUTES, the
// `snat-watch-channel` tag): a channel ID (C…, G… for older private channels, D… for a DM) or a
// channel name, with or without its `#`. chat.postMessage takes "an encoded ID or channel name"
// (https://docs.slack.dev/reference/methods/chat.postMessage/); names "may only contain lowercase
// letters, numbers, hyphens, and underscores, and must be 80 characters or less"
// (https://docs.slack.dev/reference/methods/conversations.create/).

const CHANNEL_ID = /^[CGD][A-Z0-9]{8,}$/;
const CHANNEL_NAME = /^[a-z0-9_-]{1,80}$/;

/** The channel as chat.postMessage takes it (an ID, or a name without `#`); null when malformed. */
export function normalizeChannel(value: string): string | null {
  const trimmed = value.trim();
  if (CHANNEL_ID.test(trimmed)) return trimmed;
  const name = trimmed.startsWith('#') ? trimmed.slice(1) : trimmed;
  return CHANNEL_NAME.test(name) ? name : null;
}

export const CHANNEL_EXPECTED = 'expected a Slack channel ID (C0123456789) or a channel name (lowercase letters, digits, - and _, at most 80 characters, # optional)';
