import { describe, expect, it } from 'vitest';
import { loadConfig, slackModeOf } from '../src/config.js';
import { problemsOf } from './support/config-problems.js';

const base = {
  SNAT_TARGETS: '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/kubernetes',
  AzureWebJobsStorage: 'UseDevelopmentStorage=true',
};
const app = { SLACK_BOT_TOKEN: 'xoxb-1234-5678-secrettokenpart', SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5', SLACK_CHANNEL: 'C0123ABCD' };


describe('loadConfig in Slack app mode', () => {
  it('should run as a Slack app without SLACK_WEBHOOK_URL, against slack.com by default', () => {
    const config = loadConfig({ ...base, ...app });
    expect(slackModeOf(config)).toBe('app');
    expect(config).toMatchObject({ SLACK_CHANNEL: 'C0123ABCD', SLACK_API_URL: 'https://slack.com/api/' });
    expect(config.SLACK_WEBHOOK_URL).toBeUndefined();
  });

  it('should stay in webhook mode when no bot token is set', () => {
    expect(slackModeOf(loadConfig({ ...base, SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T1/B1/x' }))).toBe('webhook');
  });

  it('should name the keys a Slack app still needs, and never echo the token', () => {
    const problems = problemsOf({ ...base, SLACK_BOT_TOKEN: app.SLACK_BOT_TOKEN });
    expect(problems).toEqual([
      'SLACK_CHANNEL: required in Slack app mode (SLACK_BOT_TOKEN is set)',
      'SLACK_SIGNING_SECRET: required in Slack app mode (SLACK_BOT_TOKEN is set)',
    ]);
    expect(problems.join('\n')).not.toContain('secrettokenpart');
  });

  it('should ask for one way to reach Slack when neither is set', () => {
    expect(problemsOf(base)).toEqual([expect.stringMatching(/^SLACK_WEBHOOK_URL: set SLACK_WEBHOOK_URL \(webhook mode\) or SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and SLACK_CHANNEL/)]);
  });

  it.each<{ name: string; env: Record<string, string>; problem: RegExp }>([
    { name: 'a user token', env: { SLACK_BOT_TOKEN: 'xoxp-123-secretuser' }, problem: /^SLACK_BOT_TOKEN: expected a Slack bot token \(xoxb-…/ },
    { name: 'a channel name', env: { SLACK_CHANNEL: '#alerts' }, problem: /^SLACK_CHANNEL: expected a Slack channel ID/ },
    { name: 'an API URL not ending in /api/', env: { SLACK_API_URL: 'https://slack.com/' }, problem: /^SLACK_API_URL: expected a URL ending in \/api\// },
    { name: 'a plain-http API URL off this machine', env: { SLACK_API_URL: 'http://slack.example.com/api/' }, problem: /^SLACK_API_URL: expected an https:\/\/ URL \(http:\/\/ only to a loopback address/ },
  ])('should refuse $name with the setting named', ({ env, problem }) => {
    const problems = problemsOf({ ...base, ...app, ...env });
    expect(problems).toEqual([expect.stringMatching(problem)]);
    expect(problems.join('\n')).not.toMatch(/secret(user|tokenpart)/);
  });

  it('should take a loopback http API URL (a local Slack)', () => {
    expect(loadConfig({ ...base, ...app, SLACK_API_URL: 'http://127.0.0.1:4390/api/' }).SLACK_API_URL).toBe('http://127.0.0.1:4390/api/');
  });
});
