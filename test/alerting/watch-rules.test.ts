import { describe, expect, it } from 'vitest';
import { decideTargetAlerts } from '../../src/alerting/decide-target-alerts.js';
import { watchRulesFromConfig } from '../../src/alerting/watch-rules.js';
import { loadConfig } from '../../src/config.js';
import { evaluateTarget } from '../../src/snat/evaluate-target.js';
import { NOW, backend, lbMetrics, lbTopology } from '../snat/evaluate-fixtures.js';

const REQUIRED = {
  SNAT_TARGETS: lbTopology().id,
  SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T000/B000/XXXX',
  AzureWebJobsStorage: 'UseDevelopmentStorage=true',
};

describe('watchRulesFromConfig', () => {
  it("should turn the default settings into Microsoft's thresholds and Alertmanager's timers", () => {
    expect(watchRulesFromConfig(loadConfig(REQUIRED))).toEqual({
      warningThreshold: 0.75,
      criticalThreshold: 0.9,
      clearHysteresis: 0.05,
      forMinutes: 5,
      staleAfterMinutes: 5,
      repeatIntervalMinutes: 240,
      blindAfterRuns: 3,
      groupIntervalMinutes: 5,
    });
  });

  it('should give rules the evaluation and the lifecycle accept, from changed settings too', () => {
    const rules = watchRulesFromConfig(loadConfig({ ...REQUIRED, SNAT_WARNING_THRESHOLD: '0.6', SNAT_FOR_MINUTES: '1', SNAT_REPEAT_INTERVAL_MINUTES: '2' }));
    const evaluation = evaluateTarget(lbTopology(), lbMetrics([backend('10.0.0.4', { used: [100, 700] })]), rules, NOW);
    expect(evaluation.status).toBe('warning');
    expect(rules.groupIntervalMinutes).toBe(2);
    expect(decideTargetAlerts(null, evaluation, rules, NOW).reason).toBe('first-notification');
  });
});
