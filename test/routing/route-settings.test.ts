import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { problemsOf } from '../support/config-problems.js';

const base = {
  SNAT_TARGETS: '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/kubernetes',
  SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T1/B1/secretpart',
  AzureWebJobsStorage: 'UseDevelopmentStorage=true',
};
const TEAM_URL = 'https://hooks.slack.com/services/T1/B2/teamsecret';


describe('loadConfig SNAT_ROUTES', () => {
  it('should read webhook-mode rules naming a webhook setting, in order', () => {
    const config = loadConfig({ ...base, SLACK_WEBHOOK_URL_SHOP: TEAM_URL, SNAT_ROUTES: JSON.stringify([{ match: { resourceGroup: 'MC_rg-shop_*' }, webhookSetting: 'SLACK_WEBHOOK_URL_SHOP' }]) });
    expect(config.routing).toEqual({ mode: 'webhook', rules: [{ match: { resourceGroup: 'MC_rg-shop_*' }, route: 'SLACK_WEBHOOK_URL_SHOP' }], webhookSettings: ['SLACK_WEBHOOK_URL_SHOP'] });
  });

  it('should read app-mode rules naming a channel, without its #', () => {
    const config = loadConfig({ ...base, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_CHANNEL: 'C0DEFAULT01', SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5', SNAT_ROUTES: '[{"match":{"name":"edge-*"},"channel":"C0TEAMEDGE1"},{"match":{"subscription":"s1"},"channel":"C0123ABCDEF"}]' });
    expect(config.routing.rules.map((rule) => rule.route)).toEqual(['C0TEAMEDGE1', 'C0123ABCDEF']);
    expect(config.routing.mode).toBe('app');
  });

  it.each([
    { name: 'bad JSON', env: { SNAT_ROUTES: '[{match:' }, problem: 'SNAT_ROUTES: not valid JSON' },
    { name: 'not a list', env: { SNAT_ROUTES: '{"match":{}}' }, problem: 'SNAT_ROUTES: expected a JSON list' },
    { name: 'an unknown key', env: { SLACK_WEBHOOK_URL_SHOP: TEAM_URL, SNAT_ROUTES: '[{"match":{"name":"a"},"webhookSetting":"SLACK_WEBHOOK_URL_SHOP","chanel":"x"}]' }, problem: 'SNAT_ROUTES[0]: unknown key "chanel"' },
    { name: 'an unknown match key', env: { SLACK_WEBHOOK_URL_SHOP: TEAM_URL, SNAT_ROUTES: '[{"match":{"tag":"a"},"webhookSetting":"SLACK_WEBHOOK_URL_SHOP"}]' }, problem: 'SNAT_ROUTES[0].match: unknown key "tag"' },
    { name: 'an empty match', env: { SLACK_WEBHOOK_URL_SHOP: TEAM_URL, SNAT_ROUTES: '[{"match":{"name":"a"},"webhookSetting":"SLACK_WEBHOOK_URL_SHOP"},{"match":{},"webhookSetting":"SLACK_WEBHOOK_URL_SHOP"}]' }, problem: 'SNAT_ROUTES[1].match: match is empty' },
    { name: 'a webhook setting that is not set', env: { SNAT_ROUTES: '[{"match":{"name":"a"},"webhookSetting":"SLACK_WEBHOOK_URL_GONE"}]' }, problem: 'SNAT_ROUTES[0].webhookSetting: the app setting SLACK_WEBHOOK_URL_GONE is not set' },
    { name: 'a webhook setting holding no https URL', env: { SLACK_WEBHOOK_URL_SHOP: 'http://hooks.slack.com/services/x', SNAT_ROUTES: '[{"match":{"name":"a"},"webhookSetting":"SLACK_WEBHOOK_URL_SHOP"}]' }, problem: 'SNAT_ROUTES[0].webhookSetting: the app setting SLACK_WEBHOOK_URL_SHOP does not hold a valid webhook URL' },
    { name: 'a URL where the setting name belongs', env: { SNAT_ROUTES: `[{"match":{"name":"a"},"webhookSetting":"${TEAM_URL}"}]` }, problem: 'SNAT_ROUTES[0].webhookSetting: expected the name of an app setting' },
    { name: 'a channel in webhook mode', env: { SNAT_ROUTES: '[{"match":{"name":"a"},"channel":"team-a"}]' }, problem: 'SNAT_ROUTES[0].channel: a channel needs the Slack app' },
    { name: 'a malformed channel in app mode', env: { SLACK_BOT_TOKEN: 'xoxb-test', SNAT_ROUTES: '[{"match":{"name":"a"},"channel":"Team A"}]' }, problem: 'SNAT_ROUTES[0].channel: expected a Slack channel ID' },
    { name: 'a webhook setting in app mode', env: { SLACK_BOT_TOKEN: 'xoxb-test', SNAT_ROUTES: '[{"match":{"name":"a"},"webhookSetting":"SLACK_WEBHOOK_URL_SHOP"}]' }, problem: 'SNAT_ROUTES[0].webhookSetting: the Slack app (SLACK_BOT_TOKEN) posts to channels' },
  ])('should stop at start-up on $name, naming the rule', ({ env, problem }) => {
    const problems = problemsOf({ ...base, ...env });
    expect(problems.some((text) => text.startsWith(problem))).toBe(true);
  });

  it('should name a bad webhook setting on its own, never echoing its value', () => {
    const problems = problemsOf({ ...base, SLACK_WEBHOOK_URL_SHOP: 'not-a-url-secretvalue' });
    expect(problems.map((text) => text.split(':')[0])).toEqual(['SLACK_WEBHOOK_URL_SHOP']);
    expect(problems.join('\n')).not.toContain('secretvalue');
  });

  it('should list route problems beside every other wrong key', () => {
    const problems = problemsOf({ ...base, SNAT_FOR_MINUTES: '0', SNAT_ROUTES: '[{"match":{}}]' });
    expect(problems.map((text) => text.split(':')[0])).toEqual(expect.arrayContaining(['SNAT_FOR_MINUTES', 'SNAT_ROUTES[0].match']));
  });
});

describe('loadConfig SNAT_PUBLIC_URL', () => {
  it.each([
    { value: 'https://func-x.azurewebsites.net', ok: true },
    { value: 'http://localhost:7071', ok: true },
    { value: 'http://func-x.azurewebsites.net', ok: false },
    { value: 'func-x.azurewebsites.net', ok: false },
  ])('should take $value: $ok', ({ value, ok }) => {
    const problems = problemsOf({ ...base, SNAT_PUBLIC_URL: value });
    expect(problems.some((text) => text.startsWith('SNAT_PUBLIC_URL'))).toBe(!ok);
  });
});
