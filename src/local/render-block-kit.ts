// Renders a Slack Block Kit message as plain terminal text, so the local host shows alerts the way
// Slack would lay them out, without raw JSON. Covers the blocks SNAT Watch sends.
// https://api.slack.com/reference/block-kit/blocks

interface TextObject {
  type?: string;
  text?: string;
}

interface Block {
  type: string;
  text?: TextObject;
  fields?: TextObject[];
  /** Context elements carry text; action buttons carry a text object and a url (links) or a value (app actions). */
  elements?: Array<{ type?: string; text?: string | TextObject; url?: string; action_id?: string }>;
}

/** Any Slack message as it arrives (a webhook body, chat.postMessage's arguments): read defensively. */
export interface SlackPayload {
  text?: string;
  blocks?: readonly unknown[];
}

export function renderBlockKit(payload: SlackPayload, width = 78): string {
  const lines: string[] = [];
  const rule = '─'.repeat(width);
  lines.push(rule);
  const blocks = (payload.blocks ?? []) as Block[];
  if (!blocks.length) lines.push(mrkdwn(payload.text ?? ''));
  for (const block of blocks) {
    switch (block.type) {
      case 'header':
        lines.push(`▌ ${emoji(block.text?.text ?? '')}`);
        break;
      case 'section':
        if (block.text?.text) lines.push(mrkdwn(block.text.text));
        for (const field of block.fields ?? []) lines.push(`  ${mrkdwn(field.text ?? '').replace(/\n/g, '\n  ')}`);
        break;
      case 'context':
        lines.push((block.elements ?? []).map((element) => mrkdwn(textOf(element.text))).join('  ·  '));
        break;
      case 'actions':
        lines.push((block.elements ?? []).map((button) => `[${textOf(button.text) || 'link'}] ${button.url ?? ''}`.trim()).join('   '));
        break;
      case 'divider':
        lines.push('┄'.repeat(width));
        break;
      default:
        lines.push(`(${block.type} block)`);
    }
  }
  lines.push(rule);
  return lines.join('\n');
}

function textOf(text: string | TextObject | undefined): string {
  return typeof text === 'string' ? text : (text?.text ?? '');
}

/** The shortcodes SNAT Watch's messages use, as the characters Slack shows for them. */
const EMOJI: Record<string, string> = {
  red_circle: '🔴',
  large_orange_circle: '🟠',
  warning: '⚠️',
  white_check_mark: '✅',
  grey_question: '❔',
  see_no_evil: '🙈',
  bar_chart: '📊',
};

function emoji(text: string): string {
  return text.replace(/:([a-z0-9_+-]+):/g, (code, name: string) => EMOJI[name] ?? code);
}

/** Slack mrkdwn to plain text: links as "label <url>", emphasis markers dropped, entities decoded. */
function mrkdwn(text: string): string {
  return emoji(text)
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2 <$1>')
    .replace(/(^|\s)\*([^*\n]+)\*(?=\s|$|[.,:;!?])/g, '$1$2')
    .replace(/(^|\s)_([^_\n]+)_(?=\s|$|[.,:;!?])/g, '$1$2')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
