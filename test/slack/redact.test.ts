import { describe, expect, it } from 'vitest';
import { redactSecrets, redactWebhookUrl } from '../../src/slack/redact.js';

const webhook = 'https://hooks.slack.com/services/T0SNAT123/B0SNAT456/abcdefghijklmnopqrstuvwx';

describe('redactWebhookUrl', () => {
  it.each([
    { name: 'a Slack webhook', url: webhook, shown: 'https://hooks.slack.com/services/***' },
    { name: 'a local receiver', url: 'http://127.0.0.1:4123/services/T/B/secret', shown: 'http://127.0.0.1:4123/services/***' },
    { name: 'not a URL', url: 'hooks.slack.com/services/T/B/secret', shown: '***' },
  ])('should show only the origin and first segment of $name', ({ url, shown }) => {
    expect(redactWebhookUrl(url)).toBe(shown);
  });
});

describe('redactSecrets', () => {
  it.each([
    { name: 'the raw URL', text: `POST ${webhook} failed` },
    { name: 'the URL encoded', text: `target=${encodeURIComponent(webhook)}` },
    { name: 'the secret path alone', text: 'path T0SNAT123/B0SNAT456/abcdefghijklmnopqrstuvwx refused' },
    { name: 'another Slack webhook', text: 'https://hooks.slack.com/services/T9/B9/zzzzzzzzzzzz is not ours' },
    { name: 'a Slack token', text: 'Authorization: Bearer xoxb-1234-5678-abcdefghijkl' },
  ])('should remove $name', ({ text }) => {
    const redacted = redactSecrets(text, webhook);
    expect(redacted).not.toMatch(/abcdefghijklmnopqrstuvwx|zzzzzzzzzzzz|xoxb-1234/);
    expect(redacted).toContain('***');
  });

  it('should leave text without secrets as it was', () => {
    expect(redactSecrets('HTTP 404 channel_not_found', webhook)).toBe('HTTP 404 channel_not_found');
  });
});
