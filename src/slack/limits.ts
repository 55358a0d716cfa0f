// Slack's limits on a Block Kit message. A message over any of them is refused (invalid_blocks,
// msg_blocks_too_long), so builders summarise to stay inside them.

/** Blocks per message. https://api.slack.com/reference/block-kit/blocks */
export const MAX_BLOCKS = 50;

/** Header block text (plain_text). https://api.slack.com/reference/block-kit/blocks#header */
export const MAX_HEADER_TEXT = 150;

/** Section block text. https://api.slack.com/reference/block-kit/blocks#section */
export const MAX_SECTION_TEXT = 3_000;

/** Section block fields: at most 10, each at most 2,000 characters. https://api.slack.com/reference/block-kit/blocks#section */
export const MAX_SECTION_FIELDS = 10;
export const MAX_FIELD_TEXT = 2_000;

/** Context block elements. https://api.slack.com/reference/block-kit/blocks#context */
export const MAX_CONTEXT_ELEMENTS = 10;

/** Button text and URL. https://api.slack.com/reference/block-kit/block-elements#button */
export const MAX_BUTTON_TEXT = 75;
export const MAX_BUTTON_URL = 3_000;

/**
 * All text of one message together. Slack documents no cumulative limit for section blocks, yet
 * refuses messages near 13,200 characters (msg_blocks_too_long,
 * https://github.com/slackapi/bolt-js/issues/2509); the markdown block documents 12,000
 * (https://api.slack.com/reference/block-kit/blocks#markdown). We stay within 12,000.
 */
export const MAX_MESSAGE_TEXT = 12_000;

/**
 * Top-level `text`: what notifications, mobile and screen readers show. Slack truncates past 40,000
 * (https://api.slack.com/changelog/2018-04-truncating-really-long-messages); a notification line
 * should be read at a glance, so ours stays under this.
 */
export const MAX_NOTIFICATION_TEXT = 300;
