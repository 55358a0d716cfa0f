// Builders for the Block Kit shapes SNAT Watch sends, keeping every text inside Slack's limits:
// over-long text is shortened at a word boundary with an ellipsis, never mid-word.
// https://api.slack.com/reference/block-kit/blocks
import type { ActionsBlock, ContextBlock, DividerBlock, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';
import {
  MAX_BUTTON_TEXT,
  MAX_BUTTON_URL,
  MAX_CONTEXT_ELEMENTS,
  MAX_FIELD_TEXT,
  MAX_HEADER_TEXT,
  MAX_SECTION_FIELDS,
  MAX_SECTION_TEXT,
} from './limits.js';

// The shapes are Slack's own (@slack/types), so the compiler checks every block against what Slack
// publishes; the names below are the few SNAT Watch builds.
export type { ActionsBlock, Button as ButtonElement, ContextBlock, DividerBlock, HeaderBlock, MrkdwnElement as Mrkdwn, PlainTextElement as PlainText, SectionBlock } from '@slack/types';

/** Any block Slack knows. */
export type Block = KnownBlock;

/** A message payload (webhook body, chat.postMessage's text and blocks). `text` is always set: notifications and mobile show it. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** Escapes the three characters Slack's mrkdwn reserves. https://api.slack.com/reference/surfaces/formatting#escaping */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const ELLIPSIS = '…';

/**
 * Shortens `text` to at most `max` characters, cutting at the last whitespace and ending with "…".
 * Only a single word longer than the whole budget is cut inside the word.
 */
export function truncateAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, Math.max(0, max - ELLIPSIS.length));
  const space = room.search(/\s\S*$/);
  const cut = space > 0 ? room.slice(0, space) : room.replace(/[\uD800-\uDBFF]$/, '');
  return `${cut.trimEnd()}${ELLIPSIS}`;
}

export function header(text: string): HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: truncateAtWord(text, MAX_HEADER_TEXT), emoji: true } };
}

/** A mrkdwn section; `text` must already be escaped. */
export function section(text: string, max = MAX_SECTION_TEXT): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncateAtWord(text, Math.min(max, MAX_SECTION_TEXT)) } };
}

export function fieldsSection(fields: readonly string[]): SectionBlock {
  return {
    type: 'section',
    fields: fields.slice(0, MAX_SECTION_FIELDS).map((field) => ({ type: 'mrkdwn', text: truncateAtWord(field, MAX_FIELD_TEXT) })),
  };
}

export function context(elements: readonly string[]): ContextBlock {
  return {
    type: 'context',
    elements: elements.slice(0, MAX_CONTEXT_ELEMENTS).map((text) => ({ type: 'mrkdwn', text: truncateAtWord(text, MAX_SECTION_TEXT) })),
  };
}

export function divider(): DividerBlock {
  return { type: 'divider' };
}

/** A link button; null when the URL is too long for Slack to accept. */
export function linkButton(text: string, url: string, actionId: string): ActionsBlock | null {
  if (url.length > MAX_BUTTON_URL) return null;
  return {
    type: 'actions',
    elements: [{ type: 'button', text: { type: 'plain_text', text: truncateAtWord(text, MAX_BUTTON_TEXT), emoji: true }, url, action_id: actionId }],
  };
}

/** Every character of text a message carries, as Slack counts it towards its total. */
export function messageTextLength(message: SlackMessage): number {
  let total = 0;
  const textOf = (element: unknown): number => {
    const text = (element as { text?: unknown } | undefined)?.text;
    if (typeof text === 'string') return text.length;
    return typeof (text as { text?: unknown } | undefined)?.text === 'string' ? (text as { text: string }).text.length : 0;
  };
  for (const block of message.blocks) {
    if (block.type === 'header') total += block.text.text.length;
    if (block.type === 'section') total += (block.text?.text.length ?? 0) + (block.fields ?? []).reduce((sum, field) => sum + field.text.length, 0);
    if (block.type === 'context') total += block.elements.reduce((sum, element) => sum + textOf(element), 0);
    if (block.type === 'actions') total += block.elements.reduce((sum, element) => sum + textOf(element), 0);
  }
  return total;
}
