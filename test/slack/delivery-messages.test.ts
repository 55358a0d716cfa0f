import { describe, expect, it } from 'vitest';
import { markPossibleDuplicate, parkedNotice, POSSIBLE_DUPLICATE_TEXT, simplifiedMessage, targetLabelOf } from '../../src/slack/delivery-messages.js';
import { MAX_BLOCKS, MAX_SECTION_TEXT } from '../../src/slack/limits.js';

const id = '/subscriptions/s/resourceGroups/MC_rg_aks_eastus/providers/Microsoft.Network/loadBalancers/kubernetes';
const refused = (payload: unknown) => ({ id: 'kubernetes~abc/outbox-0000000003', targetId: id, sequence: 3, createdAt: '2026-11-20T10:04:00.000Z', payload });

describe('simplifiedMessage', () => {
  it('should keep the text and the sections, drop every block, and name the target and the refusal', () => {
    const payload = { text: 'CRITICAL: SNAT ports on kubernetes', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'x' } }, { type: 'section', text: { type: 'mrkdwn', text: '*Worst nodes:*\n• *10.0.0.4* (critical)' } }, { type: 'section', fields: [{ type: 'mrkdwn', text: 'f1' }] }] };
    expect(simplifiedMessage(refused(payload), 'HTTP 400 invalid_payload')).toEqual({
      text: '*SNAT Watch alert for kubernetes (resource group MC_rg_aks_eastus)* (simplified: Slack refused the full message: HTTP 400 invalid_payload)\nCRITICAL: SNAT ports on kubernetes\n*Worst nodes:*\n• *10.0.0.4* (critical)\nf1',
    });
  });

  it('should stay within a section\'s length whatever the message held', () => {
    const payload = { text: 't', blocks: Array.from({ length: 40 }, () => ({ type: 'section', text: { type: 'mrkdwn', text: 'word '.repeat(500) } })) };
    expect(simplifiedMessage(refused(payload), 'HTTP 400 invalid_payload').text.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
  });
});

describe('parkedNotice', () => {
  it('should say what was parked, why, and the command that resends it', () => {
    expect(parkedNotice(refused({}), 'HTTP 400 invalid_payload').text).toBe(
      ':warning: SNAT Watch could not deliver an alert about *kubernetes (resource group MC_rg_aks_eastus)* (message #3, queued 2026-11-20 10:04 UTC): Slack refused it (HTTP 400 invalid_payload), also in a simplified text-only form. It is parked: `snat-watch outbox list` or the live view shows it; `snat-watch outbox retry kubernetes~abc/outbox-0000000003` sends it again. Check the target in the live view meanwhile.',
    );
  });
});

describe('markPossibleDuplicate', () => {
  it.each([
    { name: 'a Block Kit message', payload: { text: 'CRITICAL', blocks: [{ type: 'divider' }] }, blocks: 2, text: '(possible duplicate) CRITICAL' },
    { name: 'a text-only message', payload: { text: 'CRITICAL' }, blocks: undefined, text: `(possible duplicate) CRITICAL\n${POSSIBLE_DUPLICATE_TEXT}` },
    { name: 'a message already at the block limit', payload: { text: 'CRITICAL', blocks: Array.from({ length: MAX_BLOCKS }, () => ({ type: 'divider' })) }, blocks: MAX_BLOCKS, text: `(possible duplicate) CRITICAL\n${POSSIBLE_DUPLICATE_TEXT}` },
  ])('should mark $name inside itself', ({ payload, blocks, text }) => {
    const marked = markPossibleDuplicate(payload) as { text: string; blocks?: unknown[] };
    expect(marked.text).toBe(text);
    expect(marked.blocks?.length).toBe(blocks);
    if (blocks === 2) expect(JSON.stringify(marked.blocks?.at(-1))).toContain(POSSIBLE_DUPLICATE_TEXT);
  });

  it('should name a target without a resource group as it is (the digest)', () => {
    expect(targetLabelOf('digest')).toBe('digest');
  });
});
