import { describe, expect, it } from 'vitest';
import { slackSignature, verifySlackSignature } from '../../src/http/slack-signature.js';

// The worked example of "Verifying requests from Slack" (https://api.slack.com/authentication/verifying-requests-from-slack).
const EXAMPLE = {
  secret: '8f742231b10e8888abcd99yyyzzz85a5',
  timestamp: '1531420618',
  body:
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA' +
    '&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
    '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
};
const at = (seconds: number) => new Date((Number(EXAMPLE.timestamp) + seconds) * 1000);
const request = (overrides: Partial<{ timestamp: string | null; signature: string | null; body: string }> = {}) => ({
  timestamp: overrides.timestamp === undefined ? EXAMPLE.timestamp : overrides.timestamp,
  signature: overrides.signature === undefined ? EXAMPLE.signature : overrides.signature,
  rawBody: Buffer.from(overrides.body ?? EXAMPLE.body),
});

describe('slackSignature', () => {
  it("should compute Slack's documented example signature", () => {
    expect(slackSignature(EXAMPLE.secret, EXAMPLE.timestamp, EXAMPLE.body)).toBe(EXAMPLE.signature);
  });
});

describe('verifySlackSignature', () => {
  it.each([
    { name: 'the documented request, on time', input: request(), secret: EXAMPLE.secret, now: at(10), problem: null },
    { name: 'exactly five minutes late', input: request(), secret: EXAMPLE.secret, now: at(300), problem: null },
    { name: 'a wrong secret', input: request(), secret: `${EXAMPLE.secret}x`, now: at(10), problem: 'bad-signature' },
    { name: 'a tampered body', input: request({ body: EXAMPLE.body.replace('roadrunner', 'coyote') }), secret: EXAMPLE.secret, now: at(10), problem: 'bad-signature' },
    { name: 'a signature of another length', input: request({ signature: 'v0=abc' }), secret: EXAMPLE.secret, now: at(10), problem: 'bad-signature' },
    { name: 'a stale timestamp', input: request(), secret: EXAMPLE.secret, now: at(301), problem: 'stale-timestamp' },
    { name: 'a timestamp from the future', input: request(), secret: EXAMPLE.secret, now: at(-301), problem: 'stale-timestamp' },
    { name: 'a timestamp that is no number', input: request({ timestamp: '1531420618.5' }), secret: EXAMPLE.secret, now: at(10), problem: 'stale-timestamp' },
    { name: 'no timestamp', input: request({ timestamp: null }), secret: EXAMPLE.secret, now: at(10), problem: 'missing-headers' },
    { name: 'no signature', input: request({ signature: '' }), secret: EXAMPLE.secret, now: at(10), problem: 'missing-headers' },
  ])('should judge $name', ({ input, secret, now, problem }) => {
    expect(verifySlackSignature(input, secret, now)).toBe(problem);
  });
});
