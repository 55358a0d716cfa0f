import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema, loadConfig } from '../src/config.js';
import { problemsOf } from './support/config-problems.js';

const minimal = {
  SNAT_TARGETS: '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/kubernetes',
  SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T1/B1/secretpart',
  AzureWebJobsStorage: 'UseDevelopmentStorage=true',
};


describe('loadConfig', () => {
  it('should apply Microsoft’s thresholds and every-minute schedule by default', () => {
    const config = loadConfig(minimal);
    expect(config).toMatchObject({ SNAT_WARNING_THRESHOLD: 0.75, SNAT_CRITICAL_THRESHOLD: 0.9, SNAT_WATCH_SCHEDULE: '0 */1 * * * *', SNAT_TARGETS: [minimal.SNAT_TARGETS] });
  });

  it('should end every run within 2 minutes by default, below host.json functionTimeout', () => {
    const config = loadConfig(minimal);
    const host = JSON.parse(readFileSync('host.json', 'utf8')) as { functionTimeout: string };
    const [hours, minutes, seconds] = host.functionTimeout.split(':').map(Number);
    expect(config.SNAT_RUN_DEADLINE_SECONDS).toBeLessThan(120);
    expect(config.SNAT_RUN_DEADLINE_SECONDS).toBeLessThan(hours! * 3600 + minutes! * 60 + seconds! - 60);
    expect(config).toMatchObject({ SNAT_CALL_TIMEOUT_SECONDS: 20, SNAT_READ_BUDGET_SECONDS: 40, SNAT_BATCH_CONCURRENCY: 4 });
  });

  it('should list every wrong key at once, and never echo a value', () => {
    const problems = problemsOf({ SNAT_TARGETS: 'not-an-id', SLACK_WEBHOOK_URL: 'hooks-secret-value', SNAT_WARNING_THRESHOLD: '0.95', SNAT_FOR_MINUTES: '0' });
    const keys = problems.map((problem) => problem.split(':')[0]);
    expect(keys).toEqual(expect.arrayContaining(['SNAT_TARGETS.0', 'SLACK_WEBHOOK_URL', 'AzureWebJobsStorage', 'SNAT_FOR_MINUTES']));
    expect(problems.join('\n')).not.toContain('hooks-secret-value');
  });

  it.each([
    { name: 'nothing to watch', env: { ...minimal, SNAT_TARGETS: '' }, key: 'SNAT_TARGETS' },
    { name: 'warning above critical', env: { ...minimal, SNAT_WARNING_THRESHOLD: '0.95' }, key: 'SNAT_WARNING_THRESHOLD' },
    { name: 'for longer than the window', env: { ...minimal, SNAT_FOR_MINUTES: '20' }, key: 'SNAT_FOR_MINUTES' },
    { name: 'plain-http ARM endpoint', env: { ...minimal, SNAT_ARM_ENDPOINT: 'http://127.0.0.1:1' }, key: 'SNAT_ARM_ENDPOINT' },
    { name: 'bad surge', env: { ...minimal, SNAT_DEFAULT_SURGE: 'ten' }, key: 'SNAT_DEFAULT_SURGE' },
    { name: 'a run deadline past what host.json functionTimeout leaves', env: { ...minimal, SNAT_RUN_DEADLINE_SECONDS: '300' }, key: 'SNAT_RUN_DEADLINE_SECONDS' },
    { name: 'a zero call timeout', env: { ...minimal, SNAT_CALL_TIMEOUT_SECONDS: '0' }, key: 'SNAT_CALL_TIMEOUT_SECONDS' },
    { name: 'a fractional batch concurrency', env: { ...minimal, SNAT_BATCH_CONCURRENCY: '2.5' }, key: 'SNAT_BATCH_CONCURRENCY' },
    { name: 'attribution neither on nor off', env: { ...minimal, SNAT_ATTRIBUTION: 'maybe' }, key: 'SNAT_ATTRIBUTION' },
    { name: 'a plain-http workspace endpoint', env: { ...minimal, SNAT_PROMETHEUS_QUERY_ENDPOINT: 'http://amw.example' }, key: 'SNAT_PROMETHEUS_QUERY_ENDPOINT' },
    { name: 'fan-out neither on, off nor auto', env: { ...minimal, SNAT_FANOUT: 'yes' }, key: 'SNAT_FANOUT' },
    { name: 'a zero fan-out threshold', env: { ...minimal, SNAT_FANOUT_THRESHOLD: '0' }, key: 'SNAT_FANOUT_THRESHOLD' },
    { name: 'a queue name Azure refuses (double hyphen)', env: { ...minimal, SNAT_FANOUT_QUEUE: 'snat--batches' }, key: 'SNAT_FANOUT_QUEUE' },
    { name: 'a queue name too long for its -poison queue', env: { ...minimal, SNAT_FANOUT_QUEUE: 'q'.repeat(60) }, key: 'SNAT_FANOUT_QUEUE' },
    { name: 'a plain-http queue service URI', env: { ...minimal, AzureWebJobsStorage__queueServiceUri: 'http://acct.queue.example' }, key: 'AzureWebJobsStorage__queueServiceUri' },
    { name: 'a per-cluster endpoint without its cluster', env: { ...minimal, SNAT_PROMETHEUS_QUERY_ENDPOINTS: 'https://amw.example' }, key: 'SNAT_PROMETHEUS_QUERY_ENDPOINTS.0' },
  ])('should reject $name, naming $key', ({ env, key }) => {
    expect(problemsOf(env).map((problem) => problem.split(':')[0])).toContain(key);
  });

  it.each(['0.5', 'not-a-number'])('should start with the retired SNAT_CHURN_THRESHOLD still set (%s), ignoring it', (value) => {
    const config = loadConfig({ ...minimal, SNAT_CHURN_THRESHOLD: value });
    expect(config).not.toHaveProperty('SNAT_CHURN_THRESHOLD');
  });

  it('should be documented key for key in local.settings.sample.json', () => {
    const sample = JSON.parse(readFileSync('local.settings.sample.json', 'utf8')) as { Values: Record<string, string> };
    expect(Object.keys(sample.Values)).toEqual(expect.arrayContaining(Object.keys(configSchema.shape)));
    expect(() => loadConfig(sample.Values)).not.toThrow();
  });
});
