// The messages delivery itself writes, all pure: the simplified text-only form of a message Slack
// refused, the notice that a message was parked, and the mark on a re-send after an ambiguous answer.
// Text only, because a refusal (400 invalid_payload, invalid_blocks) is almost always about blocks.
// https://api.slack.com/messaging/webhooks#handling_errors
import { escapeMrkdwn, truncateAtWord } from './block-kit.js';
import { MAX_BLOCKS, MAX_SECTION_TEXT } from './limits.js';
import { slackMessageOf } from './notification-payload.js';

/** What the simplified form and the notice may say about a message. */
export interface RefusedMessage {
  id: string;
  targetId: string;
  sequence: number;
  createdAt: string;
  payload: unknown;
}

/** Short enough to read at a glance, far below Slack's limits. */
const MAX_SIMPLIFIED_TEXT = MAX_SECTION_TEXT;

export const POSSIBLE_DUPLICATE_TEXT =
  ':warning: Possible duplicate: an earlier attempt to post this message got no answer from Slack, so it may already be in the channel.';

/** "kubernetes (resource group MC_rg_aks_eastus)" from an ARM ID (every AKS load balancer is called kubernetes); the digest's pseudo target stays as it is. */
export function targetLabelOf(targetId: string): string {
  const name = targetId.split('/').filter(Boolean).pop() ?? targetId;
  const group = /\/resourceGroups\/([^/]+)\//i.exec(targetId)?.[1];
  return group ? `${name} (resource group ${group})` : name;
}

/**
 * The refused message without blocks: a line naming the target and why this form, the message's own
 * notification text, then the text of its sections (the summary and the worst nodes come first).
 */
export function simplifiedMessage(message: RefusedMessage, refusal: string): { text: string } {
  const payload = (slackMessageOf(message.payload) ?? {}) as { text?: unknown; blocks?: unknown };
  const lines = [
    `*SNAT Watch alert for ${escapeMrkdwn(targetLabelOf(message.targetId))}* (simplified: Slack refused the full message: ${escapeMrkdwn(refusal)})`,
  ];
  if (typeof payload.text === 'string' && payload.text) lines.push(payload.text);
  for (const text of sectionTexts(payload.blocks)) lines.push(text);
  return { text: truncateAtWord(lines.join('\n'), MAX_SIMPLIFIED_TEXT) };
}

/** The notice that a message was parked: what, why, and the commands that show, resend or drop it. */
export function parkedNotice(message: RefusedMessage, refusal: string): { text: string } {
  const name = escapeMrkdwn(targetLabelOf(message.targetId));
  return {
    text: truncateAtWord(
      `:warning: SNAT Watch could not deliver an alert about *${name}* (message #${message.sequence}, queued ${message.createdAt.slice(0, 16).replace('T', ' ')} UTC): ` +
        `Slack refused it (${escapeMrkdwn(refusal)}), also in a simplified text-only form. It is parked: \`snat-watch outbox list\` or the live view shows it; ` +
        `\`snat-watch outbox retry ${escapeMrkdwn(message.id)}\` sends it again. Check the target in the live view meanwhile.`,
      MAX_SIMPLIFIED_TEXT,
    ),
  };
}

/** The payload re-sent after an ambiguous answer, marked inside itself (no separate message). */
export function markPossibleDuplicate(payload: unknown): unknown {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return payload;
  const message = payload as { text?: unknown; blocks?: unknown };
  const text = typeof message.text === 'string' ? message.text : '';
  const marked = { ...message, text: `(possible duplicate) ${text}`.trim() };
  if (Array.isArray(message.blocks) && message.blocks.length < MAX_BLOCKS) {
    return { ...marked, blocks: [...message.blocks, { type: 'context', elements: [{ type: 'mrkdwn', text: POSSIBLE_DUPLICATE_TEXT }] }] };
  }
  return { ...marked, text: `${marked.text}\n${POSSIBLE_DUPLICATE_TEXT}` };
}

function sectionTexts(blocks: unknown): string[] {
  if (!Array.isArray(blocks)) return [];
  const texts: string[] = [];
  for (const block of blocks as Array<{ type?: unknown; text?: { text?: unknown }; fields?: Array<{ text?: unknown }> }>) {
    if (block?.type !== 'section') continue;
    if (typeof block.text?.text === 'string') texts.push(block.text.text);
    for (const field of Array.isArray(block.fields) ? block.fields : []) if (typeof field?.text === 'string') texts.push(field.text);
  }
  return texts;
}
