import { describe, expect, it } from 'vitest';
import { renderBlockKit } from '../../src/local/render-block-kit.js';

describe('renderBlockKit', () => {
  it('should lay a Block Kit alert out as readable text, not JSON', () => {
    const text = renderBlockKit({
      text: 'fallback',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: ':red_circle: Critical: SNAT ports running out on kubernetes' } },
        { type: 'section', text: { type: 'mrkdwn', text: '*10.0.0.2* — 1,010 / 1,024 ports &amp; <https://example.test/x|a link>' } },
        { type: 'section', fields: [{ type: 'mrkdwn', text: '*Failed*\n450' }] },
        { type: 'divider' },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'first' }, { type: 'mrkdwn', text: 'second' }] },
        { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Azure portal' }, url: 'https://portal.azure.com/x' }] },
      ],
    });
    expect(text).toContain('▌ 🔴 Critical: SNAT ports running out on kubernetes');
    expect(text).toContain('10.0.0.2 — 1,010 / 1,024 ports & a link <https://example.test/x>');
    expect(text).toContain('  Failed\n  450');
    expect(text).toContain('first  ·  second');
    expect(text).toContain('[Open in Azure portal] https://portal.azure.com/x');
    expect(text).not.toContain('"type"');
  });

  it('should fall back to the top-level text when a message has no blocks', () => {
    expect(renderBlockKit({ text: 'plain *message*' })).toContain('plain message');
  });
});
